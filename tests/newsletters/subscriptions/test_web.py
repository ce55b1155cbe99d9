"""The web views: the form's no-JavaScript round trip, the signed links' pages (GET changes nothing, POST acts), the
one-click unsubscription, the preferences, bad tokens."""

import re

import pytest

from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from newsletters import tokens
from newsletters.models import ConsentRecord, Delivery, Subscription
from tests.factories import CitizenFactory
from tests.newsletters.subscriptions.factories import NewsletterIssuePageFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db
SUBSCRIBE = "/lettre/inscription/"


def post_form(client, newsletter, **overrides):
    data = {
        "newsletter": newsletter.pk,
        "email": "marie@example.org",
        "language": "fr",
        "themes": ["culture"],
        "consent": "on",
        "next": "/ville-de-test/",
    }
    data.update(overrides)
    return client.post(SUBSCRIBE, {key: value for key, value in data.items() if value is not None})


def test_the_form_on_the_space_home_subscribes_and_comes_back(
    client, space, newsletter, django_capture_on_commit_callbacks
):
    page = client.get(space.url)
    assert f'id="lettre-{newsletter.pk}"' in page.content.decode()
    assert escape(newsletter.get_consent_text()) in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(client, newsletter)
    assert response.status_code == 302
    assert response["Location"] == f"/ville-de-test/#lettre-{newsletter.pk}"
    assert Subscription.objects.get().status == Subscription.Status.PENDING
    assert len(mail.outbox) == 1
    followed = client.get(response["Location"])
    assert "un e-mail vient d&#x27;y être envoyé" in followed.content.decode()


def test_a_refused_form_comes_back_with_its_errors_next_to_the_fields(client, space, newsletter):
    response = post_form(client, newsletter, email="pas-une-adresse", consent=None)
    assert response.status_code == 302
    assert not Subscription.objects.exists()
    html = client.get(response["Location"]).content.decode()
    assert 'id="id_email_error"' in html and "adresse e-mail valide" in html
    assert 'id="id_consent_error"' in html and "Cochez la case" in html
    assert 'value="pas-une-adresse"' in html
    # Shown once only.
    assert "Cochez la case" not in client.get(space.url).content.decode()


def test_the_next_address_never_leaves_the_site(client, newsletter):
    response = post_form(client, newsletter, next="https://ailleurs.example/")
    assert response["Location"].startswith("/#lettre-")


def test_the_client_limit_says_so_in_french(client, space, newsletter, settings, monkeypatch):
    from newsletters import limits

    monkeypatch.setattr(limits, "PER_CLIENT", limits.Window("test-client", 1, 3600))
    post_form(client, newsletter, email="a@example.org")
    response = post_form(client, newsletter, email="b@example.org")
    assert not Subscription.objects.filter(email_key="b@example.org").exists()
    assert "Trop de demandes" in client.get(response["Location"]).content.decode()


def test_confirm_get_changes_nothing_and_post_confirms(client, newsletter):
    subscription = SubscriptionFactory(newsletter=newsletter, status=Subscription.Status.PENDING)
    url = reverse("newsletters:confirm", kwargs={"token": tokens.make_token(subscription, tokens.CONFIRM)})
    page = client.get(url)
    assert page.status_code == 200 and "Je confirme mon inscription" in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING
    done = client.post(url)
    assert "Inscription confirmée" in done.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE


@pytest.mark.parametrize("kind", ["tampered", "other_action", "expired", "unknown"])
def test_a_bad_token_gets_a_polite_page_and_changes_nothing(client, newsletter, kind, monkeypatch):
    subscription = SubscriptionFactory(newsletter=newsletter, status=Subscription.Status.PENDING)
    token = tokens.make_token(subscription, tokens.CONFIRM)
    if kind == "tampered":
        token = token[:-3] + "abc"
    elif kind == "other_action":
        token = tokens.make_token(subscription, tokens.UNSUBSCRIBE)
    elif kind == "expired":
        monkeypatch.setattr(tokens, "CONFIRM_MAX_AGE", -1)
    else:
        Subscription.objects.filter(pk=subscription.pk).update(secret="nouveau")
    for method in (client.get, client.post):
        response = method(reverse("newsletters:confirm", kwargs={"token": token}))
        assert response.status_code == 404
        assert "Ce lien ne fonctionne pas" in response.content.decode()
    assert Subscription.objects.get().status == Subscription.Status.PENDING
    assert not ConsentRecord.objects.exists()


def test_unsubscribe_page_then_button_then_resubscribe(client, newsletter, django_capture_on_commit_callbacks):
    subscription = SubscriptionFactory(newsletter=newsletter, email="marie@example.org")
    issue = NewsletterIssuePageFactory(parent=newsletter)
    delivery = Delivery.objects.create(issue=issue, subscription=subscription, email=subscription.email)
    url = reverse(
        "newsletters:unsubscribe",
        kwargs={"token": tokens.make_token(subscription, tokens.UNSUBSCRIBE, delivery_id=delivery.pk)},
    )
    assert "ne recevra plus" in client.get(url).content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE
    page = client.post(url)
    assert "Me réinscrire" in page.content.decode()
    subscription.refresh_from_db()
    delivery.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED and delivery.unsubscribed_at
    assert subscription.consents.get().source == ConsentRecord.Source.EMAIL_LINK
    # Resubscribing asks for the consent again, and goes through double opt-in.
    refused = client.post(url, {"action": "reinscription", "reinscription-language": "fr"})
    assert refused.status_code == 400 and "Cochez la case" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "action": "reinscription",
                "reinscription-language": "fr",
                "reinscription-consent": "on",
                "reinscription-email": "intrus@example.org",
            },
        )
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING
    assert [message.to for message in mail.outbox] == [["marie@example.org"]]


def test_one_click_unsubscribe_without_csrf_token(newsletter):
    from django.test import Client

    subscription = SubscriptionFactory(newsletter=newsletter)
    client = Client(enforce_csrf_checks=True)
    url = reverse("newsletters:unsubscribe", kwargs={"token": tokens.make_token(subscription, tokens.UNSUBSCRIBE)})
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    assert subscription.consents.get().source == ConsentRecord.Source.ONE_CLICK
    bad = client.post(url[:-3] + "xx/", "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert bad.status_code == 404


def test_preferences_page_saves_and_unsubscribes(client, newsletter):
    subscription = SubscriptionFactory(newsletter=newsletter, themes=[])
    url = reverse("newsletters:preferences", kwargs={"token": tokens.make_token(subscription, tokens.PREFERENCES)})
    assert "Mes préférences" in client.get(url).content.decode()
    saved = client.post(url, {"action": "enregistrer", "language": "en", "themes": ["sport", "culture"]})
    assert "Vos préférences sont enregistrées" in saved.content.decode()
    subscription.refresh_from_db()
    assert (subscription.language, subscription.themes) == ("en", ["culture", "sport"])
    bad = client.post(url, {"action": "enregistrer", "language": "xx"})
    assert bad.status_code == 400
    client.post(url, {"action": "desinscription"})
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED


def test_pages_are_themed_with_the_space(client, newsletter, space):
    space.primary_color = "#123456"
    space.save_revision().publish()
    subscription = SubscriptionFactory(newsletter=newsletter)
    url = reverse("newsletters:preferences", kwargs={"token": tokens.make_token(subscription, tokens.PREFERENCES)})
    html = client.get(url).content.decode()
    assert "#123456" in html.lower() or "#123456" in html
    assert re.search(r'class="brand__name">\s*Ville de Test', html)


def test_the_account_page_subscribes_a_verified_address_at_once(
    client, newsletter, network_newsletter, django_capture_on_commit_callbacks
):
    citizen = CitizenFactory(email="marie@example.org")
    client.force_login(citizen)
    page = client.get("/comptes/profil/").content.decode()
    assert "Mes lettres d'information" in page and "Vous n'êtes inscrit à aucune" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SUBSCRIBE,
            {
                "origin": "compte",
                "next": "/comptes/profil/",
                "lettre-compte-newsletter": network_newsletter.pk,
                "lettre-compte-email": "marie@example.org",
                "lettre-compte-language": "fr",
                "lettre-compte-consent": "on",
            },
        )
    assert response["Location"] == "/comptes/profil/#lettres"
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.ACTIVE and subscription.user == citizen
    assert subscription.consents.get().source == ConsentRecord.Source.ACCOUNT
    assert mail.outbox == []
    page = client.get("/comptes/profil/").content.decode()
    assert "La lettre du réseau" in page and "Me désinscrire de" in page


def test_the_newsletter_page_shows_the_form_and_its_issues_in_its_language(client, newsletter):
    for number in range(3):
        NewsletterIssuePageFactory(parent=newsletter, title=f"Numéro paru {number}")
    draft = NewsletterIssuePageFactory(parent=newsletter, title="Brouillon")
    draft.unpublish()
    html = client.get(newsletter.url).content.decode()
    assert "M'inscrire" in html and escape(newsletter.get_consent_text()) in html
    assert html.index("Numéro paru 2") < html.index("Numéro paru 0")
    assert "Brouillon" not in html
