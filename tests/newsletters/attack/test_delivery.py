"""Attacks on the sending: a translation published before its original, a merged batch of two languages that the
provider refuses half-way, a page title or sender name carrying a line break."""

import pytest

from django.core import mail

from wagtail.models import Locale

from newsletters import sending
from newsletters.models import Delivery, IssueSending, NewsletterIssuePage

from ..delivery.conftest import addresses
from ..delivery.factories import SubscriptionFactory, draft_issue, publish
from .backends import CALLS

pytestmark = [pytest.mark.django_db, pytest.mark.security]


def test_publishing_the_translation_does_not_send_the_unpublished_original(
    newsletter, django_capture_on_commit_callbacks
):
    """The French original is a draft nobody published; publishing the English translation used to fan out to every
    subscriber and mail the French draft (the page row of a never-published page) to the French ones."""
    SubscriptionFactory(newsletter=newsletter, email="fr@example.org", language="fr")
    SubscriptionFactory(newsletter=newsletter, email="en@example.org", language="en")
    issue = draft_issue(newsletter, title="Brouillon pas encore relu")
    english = issue.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "June issue"
    english.save_revision()

    publish(english, django_capture_on_commit_callbacks)

    issue.refresh_from_db()
    assert not issue.live
    assert [message.subject for message in mail.outbox] == []
    assert not Delivery.objects.filter(issue=issue).exists()

    # Publishing the original sends it, once, each subscriber in their language.
    publish(NewsletterIssuePage.objects.get(pk=issue.pk), django_capture_on_commit_callbacks)
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("en@example.org", "June issue"),
        ("fr@example.org", "Brouillon pas encore relu"),
    ]


def test_a_merged_batch_of_two_languages_refused_half_way_sends_nobody_twice(newsletter, settings):
    """With the provider's batch sending, one batch of two languages is two messages. The second message's provider
    error used to roll back the marks of the first (already accepted): its recipients got the issue again."""
    settings.NEWSLETTER_EMAIL_BACKEND = "tests.newsletters.attack.backends.SecondCallFailsOnce"
    settings.NEWSLETTER_MERGE_FIELD = "{{%s}}"
    settings.NEWSLETTER_BATCH_SIZE = 10
    CALLS.update(count=0, fail_at=2)
    subscribers = [
        SubscriptionFactory(newsletter=newsletter, language=language) for language in ("fr", "en", "fr", "en")
    ]
    issue = draft_issue(newsletter)
    issue.get_latest_revision().publish()
    IssueSending.objects.get_or_create(issue=issue)
    from unittest import mock

    with mock.patch.object(sending, "start_senders"):
        sending.fan_out(issue.pk)

    for _ in range(3):
        try:
            sending.send_batches(issue.pk)
            break
        except sending.ProviderError:
            continue

    assert addresses() == sorted(s.email for s in subscribers)  # each once
    assert set(Delivery.objects.filter(issue=issue).values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_a_line_break_in_the_title_or_the_sender_name_does_not_block_the_sending(
    newsletter, django_capture_on_commit_callbacks
):
    """A title or a sender name with a line break (possible through the write API) made Django refuse every message
    of the issue (a header may not hold a line break): the sending failed again at every sweep, nobody got it."""
    SubscriptionFactory(newsletter=newsletter, email="lea@example.org", language="fr")
    newsletter.sender_name = "Mairie de\r\nTest"
    newsletter.save_revision().publish()
    issue = draft_issue(newsletter, title="Numéro\nde juin", slug="numero-de-juin")
    publish(issue, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.subject == "Numéro de juin"
    assert "Mairie de Test" in message.from_email
    assert Delivery.objects.get(issue=issue).status == Delivery.Status.SENT
