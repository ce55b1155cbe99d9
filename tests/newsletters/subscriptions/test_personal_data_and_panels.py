"""What the newsletters keep about a person (export, erase) and where the form shows (by package)."""

import pytest

from cms.accounts import personal_data as account_data
from newsletters.models import ConsentRecord, Delivery, Subscription
from newsletters.subscriptions import request_subscription
from tests.factories import CitizenFactory
from tests.newsletters.subscriptions.factories import NewsletterIssuePageFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


def test_export_and_erase(newsletter, network_newsletter):
    citizen = CitizenFactory(email="marie@example.org")
    request_subscription(
        newsletter,
        "marie@example.org",
        "fr",
        ["sport"],
        ConsentRecord.Source.ACCOUNT,
        user=citizen,
        consent_text_shown="Le texte exact.",
    )
    mine_before = SubscriptionFactory(newsletter=network_newsletter, email="MARIE@example.org")
    other = SubscriptionFactory(newsletter=newsletter, email="autre@example.org")
    issue = NewsletterIssuePageFactory(parent=newsletter)
    delivery = Delivery.objects.create(issue=issue, subscription=mine_before, email="MARIE@example.org")
    kept = Delivery.objects.create(issue=issue, subscription=other, email="autre@example.org")

    export = account_data.export_personal_data(citizen)["newsletters"]["subscriptions"]
    assert {item["newsletter_id"] for item in export} == {newsletter.pk, network_newsletter.pk}
    own = next(item for item in export if item["newsletter_id"] == newsletter.pk)
    assert own["consents"][0]["text"] == "Le texte exact." and own["consents"][0]["themes"] == ["sport"]

    account_data.delete_account(citizen)
    assert list(Subscription.objects.all()) == [other]
    assert not ConsentRecord.objects.filter(subscription__isnull=True).exists()
    assert ConsentRecord.objects.count() == 0
    delivery.refresh_from_db()
    kept.refresh_from_db()
    assert delivery.email == "" and kept.email == "autre@example.org"


def test_the_form_shows_only_with_a_live_newsletter_and_the_package(client, space, home, monkeypatch):
    from tests.newsletters.subscriptions.factories import NewsletterPageFactory

    assert "newsletter-panel" not in client.get(space.url).content.decode()
    newsletter = NewsletterPageFactory(parent=space)
    assert f'id="lettre-{newsletter.pk}"' in client.get(space.url).content.decode()
    monkeypatch.setattr(type(space), "has_feature", lambda self, name: name != "newsletters")
    assert "newsletter-panel" not in client.get(space.url).content.decode()
    monkeypatch.undo()
    newsletter.unpublish()
    assert "newsletter-panel" not in client.get(space.url).content.decode()
    assert "newsletter-panel" not in client.get(home.url).content.decode()
    national = NewsletterPageFactory(parent=home)
    assert f'id="lettre-{national.pk}"' in client.get(home.url).content.decode()
