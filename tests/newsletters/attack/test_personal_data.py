"""GDPR: what the account's deletion leaves behind and what its download leaves out."""

import pytest

from cms.accounts import personal_data as account_data
from newsletters.models import Delivery, DeliveryEvent
from tests.factories import CitizenFactory
from tests.newsletters.subscriptions.factories import NewsletterIssuePageFactory, SubscriptionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security]


@pytest.fixture
def marie(space):
    from tests.newsletters.subscriptions.factories import NewsletterPageFactory

    newsletter = NewsletterPageFactory(parent=space)
    citizen = CitizenFactory(email="marie@example.org")
    subscription = SubscriptionFactory(newsletter=newsletter, email="Marie@Example.org", user=citizen)
    issue = NewsletterIssuePageFactory(parent=newsletter)
    delivery = Delivery.objects.create(
        issue=issue, subscription=subscription, email="Marie@Example.org", status=Delivery.Status.DELIVERED
    )
    return citizen, issue, delivery


def test_deleting_the_account_erases_the_address_from_the_providers_events_and_orphan_deliveries(marie):
    """The address stayed in every webhook event kept (`DeliveryEvent.recipient_key`), and on a delivery whose
    subscription was already gone when its spelling differed in case (`email__in` the lower-case keys)."""
    citizen, issue, delivery = marie
    DeliveryEvent.objects.create(
        delivery=delivery, esp_name="Test", event_type="opened", recipient_key="marie@example.org"
    )
    DeliveryEvent.objects.create(
        delivery=None, esp_name="Test", event_type="bounced", recipient_key="marie@example.org"
    )
    orphan = Delivery.objects.create(issue=issue, subscription=None, email="MARIE@example.org")

    account_data.delete_account(citizen)

    assert not DeliveryEvent.objects.exclude(recipient_key="").exists()
    assert DeliveryEvent.objects.count() == 2  # kept for the issue's statistics, without the address
    for row in (delivery, orphan):
        row.refresh_from_db()
        assert row.email == ""


def test_the_download_lists_which_issues_were_sent_and_what_tracking_recorded(marie):
    citizen, issue, delivery = marie
    export = account_data.export_personal_data(citizen)["newsletters"]
    (sent,) = export["deliveries"]
    assert sent["issue"] == issue.title and sent["status"] == Delivery.Status.DELIVERED
    assert {"sent_at", "delivered_at", "opened_at", "clicked_at", "unsubscribed_at", "email"} <= set(sent)
