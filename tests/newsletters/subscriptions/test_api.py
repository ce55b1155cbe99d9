"""The API contract: the same answer for every address, the web form's messages, tokens, preferences, mine."""

import pytest
from rest_framework.test import APIClient

from django.core import mail

from newsletters import tokens
from newsletters.models import ConsentRecord, Subscription
from tests.factories import CitizenFactory
from tests.newsletters.subscriptions.factories import SubscriptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_lists(api, newsletter, network_newsletter):
    body = api.get("/api/newsletters/lists/").json()
    assert [item["id"] for item in body] == [network_newsletter.pk, newsletter.pk]
    assert body[1]["space"]["title"] == "Ville de Test" and body[0]["space"] is None
    assert body[1]["consent_text"] == newsletter.get_consent_text()
    assert {"value": "culture", "label": "Culture et patrimoine"} in body[1]["themes"]


def test_subscribe_answers_the_same_for_every_address(api, newsletter, django_capture_on_commit_callbacks):
    SubscriptionFactory(newsletter=newsletter, email="connue@example.org")
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("connue@example.org", "nouvelle@example.org"):
            response = api.post(
                "/api/newsletters/subscriptions/",
                {"newsletter": newsletter.pk, "email": email, "themes": ["sport"], "consent": True},
                format="json",
            )
            assert response.status_code == 202
            answers.append(response.json())
    assert answers[0] == answers[1]
    assert [message.to for message in mail.outbox] == [["nouvelle@example.org"]]
    record = Subscription.objects.get(email_key="nouvelle@example.org").consents.get()
    assert record.source == ConsentRecord.Source.API


def test_subscribe_refusals_carry_the_forms_messages(api, newsletter):
    response = api.post(
        "/api/newsletters/subscriptions/",
        {"newsletter": newsletter.pk, "email": "nope", "consent": False},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "adresse e-mail valide" in body["errors"]["email"][0]
    assert "Cochez la case" in body["errors"]["consent"][0]
    missing = api.post(
        "/api/newsletters/subscriptions/",
        {"newsletter": 999999, "email": "a@example.org", "consent": True},
        format="json",
    )
    assert missing.status_code == 400 and "newsletter" in missing.json()["errors"]
    assert not Subscription.objects.exists()
    form = api.post("/api/newsletters/subscriptions/", {"newsletter": newsletter.pk}, format="multipart")
    assert form.status_code == 415


def test_confirm_and_unsubscribe_by_token(api, newsletter):
    subscription = SubscriptionFactory(newsletter=newsletter, status=Subscription.Status.PENDING)
    bad = api.post("/api/newsletters/subscriptions/confirm/", {"token": "abc"}, format="json")
    assert bad.status_code == 404 and bad.json()["code"] == "invalid_token"
    wrong = api.post(
        "/api/newsletters/subscriptions/confirm/",
        {"token": tokens.make_token(subscription, tokens.UNSUBSCRIBE)},
        format="json",
    )
    assert wrong.status_code == 404
    confirmed = api.post(
        "/api/newsletters/subscriptions/confirm/",
        {"token": tokens.make_token(subscription, tokens.CONFIRM)},
        format="json",
    )
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "active"
    gone = api.post(
        "/api/newsletters/subscriptions/unsubscribe/",
        {"token": tokens.make_token(subscription, tokens.UNSUBSCRIBE)},
        format="json",
    )
    assert gone.json()["status"] == "desinscrite"


def test_preferences_by_token(api, newsletter):
    subscription = SubscriptionFactory(newsletter=newsletter)
    url = f"/api/newsletters/preferences/{tokens.make_token(subscription, tokens.PREFERENCES)}/"
    assert api.get(url).json()["email"] == subscription.email
    changed = api.put(url, {"language": "en", "themes": ["sport"]}, format="json")
    assert changed.status_code == 200 and changed.json()["themes"] == ["sport"]
    assert api.put(url, {"language": "xx", "themes": []}, format="json").status_code == 400
    assert api.get("/api/newsletters/preferences/abc/").status_code == 404


def test_my_subscriptions(api, newsletter, network_newsletter):
    citizen = CitizenFactory(email="marie@example.org")
    SubscriptionFactory(newsletter=newsletter, email="Marie@example.org")  # made before the account: still hers
    SubscriptionFactory(newsletter=network_newsletter, email="autre@example.org")
    assert api.get("/api/newsletters/me/subscriptions/").status_code in (401, 403)
    api.force_authenticate(citizen)
    body = api.get("/api/newsletters/me/subscriptions/").json()
    assert [item["newsletter"]["id"] for item in body] == [newsletter.pk]
    assert tokens.read_token(body[0]["preferences_token"], tokens.PREFERENCES) is not None
