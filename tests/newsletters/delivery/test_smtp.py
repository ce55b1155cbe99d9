"""Through Django's SMTP backend to a local SMTP server (aiosmtpd), read back as the mailbox would: headers, both
parts, the subject's encoding."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from newsletters import sending, tokens
from newsletters.models import Delivery

from .factories import SubscriptionFactory, draft_issue

pytestmark = pytest.mark.django_db


class Keep:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.NEWSLETTER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    yield handler
    controller.stop()


def test_an_issue_through_smtp_reads_back_with_its_headers_and_both_parts(newsletter, smtp_server, settings):
    settings.NEWSLETTER_FROM_EMAIL = "lettres@aimpact.example"
    subscription = SubscriptionFactory(newsletter=newsletter, email="lea@example.org")
    issue = draft_issue(newsletter, title="Numéro d'été : « la fête »", slug="ete")
    issue.get_latest_revision().publish()
    sending.fan_out(issue.pk)

    (envelope,) = smtp_server.envelopes
    assert envelope.rcpt_tos == ["lea@example.org"]
    raw = envelope.original_content
    assert b"=?utf-8?" in raw.lower()  # the subject is encoded (RFC 2047), not raw 8-bit
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == "Numéro d'été : « la fête »"
    assert message["From"].addresses[0].display_name == "Ville de Test"
    assert message["From"].addresses[0].addr_spec == "lettres@aimpact.example"
    assert message["Reply-To"] == "mairie@ville-de-test.fr"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = str(message["List-Unsubscribe"]).strip()
    token = unsubscribe.strip("<>").rstrip("/").rsplit("/", 1)[1]
    delivery = Delivery.objects.get(issue=issue)
    assert tokens.read_token(token, tokens.UNSUBSCRIBE).delivery_id == delivery.pk
    assert str(message["List-Id"]).startswith('"Ville de Test" <newsletter-')
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "numéro d'été" in text.casefold() and unsubscribe.strip("<>") in text  # the text's title is in capitals
    assert "<h1" in html and unsubscribe.strip("<>") in html
    # Our Message-ID is what the row records (no provider id on this path).
    assert delivery.status == Delivery.Status.SENT
    assert message["Message-ID"] == delivery.message_id
    assert subscription.email in envelope.rcpt_tos
