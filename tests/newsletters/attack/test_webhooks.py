"""Attacks on the provider's webhooks: production used to start without ANYMAIL_WEBHOOK_SECRET, and anymail then
takes every webhook from anyone (an empty secret is no secret: it only warns). A forged "bounced" or "complained"
suppressed any address on every list; a forged "unsubscribed" unsubscribed anyone."""

import base64
import json

import pytest

from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from cms.settings.email import anymail_settings
from newsletters.models import Subscription, Suppression

from ..delivery.factories import SubscriptionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security]

FORGED_BOUNCE = [{"event": "hard_bounce", "email": "victime@example.org", "message-id": "<x@y>", "ts_event": 1}]


def forge(client, auth=None):
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    return client.post(
        "/anymail/brevo/tracking/", data=json.dumps(FORGED_BOUNCE[0]), content_type="application/json", **headers
    )


def test_production_settings_refuse_to_start_without_a_webhook_secret():
    with pytest.raises(ImproperlyConfigured, match="ANYMAIL_WEBHOOK_SECRET"):
        anymail_settings("brevo", {"ANYMAIL_API_KEY": "k"})
    with pytest.raises(ImproperlyConfigured, match="ANYMAIL_WEBHOOK_SECRET"):
        anymail_settings("brevo", {"ANYMAIL_API_KEY": "k", "ANYMAIL_WEBHOOK_SECRET": "no-colon"})
    _backend, anymail = anymail_settings("brevo", {"ANYMAIL_API_KEY": "k", "ANYMAIL_WEBHOOK_SECRET": "u:p"})
    assert anymail["WEBHOOK_SECRET"] == "u:p"


def test_a_forged_bounce_without_the_secret_suppresses_nobody(client, newsletter):
    subscription = SubscriptionFactory(newsletter=newsletter, email="victime@example.org")
    _backend, anymail = anymail_settings("brevo", {"ANYMAIL_API_KEY": "k", "ANYMAIL_WEBHOOK_SECRET": "u:s3cret"})
    with override_settings(ANYMAIL=anymail):
        for auth in (None, "Basic !", "Basic " + base64.b64encode(b"u:wrong").decode()):
            assert forge(client, auth).status_code == 400
        assert not Suppression.objects.exists()
        subscription.refresh_from_db()
        assert subscription.status == Subscription.Status.ACTIVE
        assert forge(client, "Basic " + base64.b64encode(b"u:s3cret").decode()).status_code == 200
    assert Suppression.objects.filter(email_key="victime@example.org").exists()
