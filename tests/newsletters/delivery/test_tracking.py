"""The provider's webhooks, through anymail's real views: Mailgun's signed tracking webhook and Postmark's basic auth.
A good signature moves the row; a bad one is refused (400) and changes nothing."""

import base64
import hashlib
import hmac
import json
import time

import pytest
from anymail.signals import AnymailTrackingEvent, tracking

from newsletters.models import ConsentRecord, Delivery, DeliveryEvent, Subscription, Suppression

from .factories import NewsletterPageFactory, SubscriptionFactory, draft_issue

pytestmark = pytest.mark.django_db
SIGNING_KEY = "key-mailgun-webhook-signing-test"
BASIC = ("anymail", "webhook-secret-test")


@pytest.fixture(autouse=True)
def webhook_secrets(settings):
    settings.ANYMAIL = {
        "WEBHOOK_SECRET": f"{BASIC[0]}:{BASIC[1]}",
        "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY,
    }


def basic_auth(user=BASIC[0], password=BASIC[1]):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture
def sent(newsletter):
    """A delivery SENT to marie@example.org."""
    subscription = SubscriptionFactory(newsletter=newsletter, email="marie@example.org")
    issue = draft_issue(newsletter)
    return Delivery.objects.create(
        issue=issue,
        subscription=subscription,
        email=subscription.email,
        status=Delivery.Status.SENT,
        message_id="<20240601.abc@mg.example>",
    )


def mailgun(client, delivery, event, token="tok-1", key=SIGNING_KEY, recipient=None, **data):  # noqa: S107
    timestamp = str(int(time.time()))
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    body = {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": {
            "event": event,
            "timestamp": time.time(),
            "id": f"id-{token}",
            "recipient": recipient or delivery.email,
            "message": {"headers": {"message-id": "20240601.abc@mg.example"}},
            "user-variables": {"delivery": str(delivery.pk), "issue": str(delivery.issue_id)},
            **data,
        },
    }
    return client.post(
        "/anymail/mailgun/tracking/",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=basic_auth(),
    )


def test_a_signed_mailgun_delivered_event_moves_the_row(client, sent):
    response = mailgun(client, sent, "delivered")
    assert response.status_code == 200
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.DELIVERED and sent.delivered_at is not None
    event = DeliveryEvent.objects.get()
    assert (event.delivery, event.esp_name, event.event_type) == (sent, "Mailgun", "delivered")


def test_a_bad_signature_is_refused_and_changes_nothing(client, sent):
    response = mailgun(client, sent, "failed", key="not-the-key", severity="permanent", reason="bounce")
    assert response.status_code == 400
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.SENT
    assert not DeliveryEvent.objects.exists() and not Suppression.objects.exists()
    assert sent.subscription.status == Subscription.Status.ACTIVE


def test_a_missing_basic_auth_is_refused_too(client, sent):
    response = client.post("/anymail/mailgun/tracking/", data="{}", content_type="application/json")
    assert response.status_code == 400
    assert not DeliveryEvent.objects.exists()


def test_a_hard_bounce_suppresses_the_address_on_every_list(client, sent, space):
    other = NewsletterPageFactory(parent=space.get_parent(), title="Lettre nationale")
    elsewhere = SubscriptionFactory(newsletter=other, email="Marie@Example.org")
    response = mailgun(
        client, sent, "failed", severity="permanent", reason="bounce", **{"delivery-status": {"code": 550}}
    )
    assert response.status_code == 200
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.BOUNCED and sent.bounced_at is not None
    assert Suppression.objects.get(email_key="marie@example.org").reason == Suppression.Reason.BOUNCED
    for subscription in (sent.subscription, elsewhere):
        subscription.refresh_from_db()
        assert subscription.status == Subscription.Status.SUPPRESSED
        record = subscription.consents.get()
        assert (record.action, record.source) == (ConsentRecord.Action.SUPPRESSED, ConsentRecord.Source.PROVIDER)
        assert record.list_title == subscription.newsletter.title

    # A late "delivered" (after the bounce) does not undo it; the same event again is ignored.
    assert mailgun(client, sent, "delivered", token="tok-2").status_code == 200
    assert mailgun(client, sent, "delivered", token="tok-2").status_code == 200
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.BOUNCED
    assert DeliveryEvent.objects.filter(delivery=sent).count() == 2
    assert ConsentRecord.objects.count() == 2


def test_a_temporary_failure_changes_nothing_final(client, sent):
    assert mailgun(client, sent, "failed", severity="temporary", reason="generic").status_code == 200
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.SENT
    assert not Suppression.objects.exists()


def test_opened_and_clicked_stamp_their_first_time_only(client, sent):
    mailgun(client, sent, "opened", token="o1")
    sent.refresh_from_db()
    first = sent.opened_at
    mailgun(client, sent, "opened", token="o2")
    mailgun(client, sent, "clicked", token="c1", url="https://example.org/")
    sent.refresh_from_db()
    assert sent.opened_at == first and sent.clicked_at is not None
    assert sent.status == Delivery.Status.SENT


def test_an_event_naming_a_delivery_of_another_address_changes_nothing(client, sent):
    assert mailgun(client, sent, "complained", recipient="intrus@example.org").status_code == 200
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.SENT
    assert DeliveryEvent.objects.get().delivery is None
    assert not Suppression.objects.filter(email_key="marie@example.org").exists()


def postmark(client, record, auth=None):
    return client.post(
        "/anymail/postmark/tracking/",
        data=json.dumps(record),
        content_type="application/json",
        HTTP_AUTHORIZATION=auth or basic_auth(),
    )


def test_a_postmark_complaint_with_basic_auth_suppresses_and_a_wrong_password_is_refused(client, sent):
    record = {
        "RecordType": "SpamComplaint",
        "ID": 42,
        "Type": "SpamComplaint",
        "TypeCode": 512,
        "MessageID": "pm-1",
        "Email": sent.email,
        "BouncedAt": "2024-06-01T10:00:00Z",
        "Metadata": {"delivery": str(sent.pk)},
        "Description": "The subscriber explicitly marked this message as spam.",
    }
    assert postmark(client, record, auth=basic_auth(password="wrong")).status_code == 400
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.SENT and not DeliveryEvent.objects.exists()

    assert postmark(client, record).status_code == 200
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.COMPLAINED and sent.complained_at is not None
    assert Suppression.objects.get(email_key=sent.email).reason == Suppression.Reason.COMPLAINED
    assert Subscription.objects.get(pk=sent.subscription_id).status == Subscription.Status.SUPPRESSED


def test_a_provider_unsubscription_unsubscribes_from_this_list(sent):
    event = AnymailTrackingEvent(
        event_type="unsubscribed", recipient=sent.email, metadata={"delivery": str(sent.pk)}, event_id="u-1"
    )
    tracking.send(sender=object, event=event, esp_name="Brevo")
    sent.refresh_from_db()
    subscription = Subscription.objects.get(pk=sent.subscription_id)
    assert subscription.status == Subscription.Status.UNSUBSCRIBED and subscription.unsubscribed_at is not None
    record = subscription.consents.get()
    assert (record.action, record.source) == (ConsentRecord.Action.UNSUBSCRIBED, ConsentRecord.Source.PROVIDER)
    assert sent.unsubscribed_at is not None and sent.status == Delivery.Status.SENT
    assert not Suppression.objects.exists()


def test_an_event_without_metadata_is_found_by_message_id_and_recipient(sent):
    event = AnymailTrackingEvent(
        event_type="delivered", recipient="MARIE@example.org", message_id=sent.message_id, event_id="d-1"
    )
    tracking.send(sender=object, event=event, esp_name="Amazon SES")
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.DELIVERED
