"""Sending: the headers and both parts of every message, the recipient's language and links, SKIPPED at send time,
a provider's error and its retries, a refusal, the provider's batch sending, finished_at, the resume sweep."""

import datetime

import pytest

from django.core import mail
from django.utils import timezone

from wagtail.models import Locale

from cms.celery import app
from newsletters import rendering, sending, tokens
from newsletters.models import ConsentRecord, Delivery, IssueSending, Subscription, Suppression

from .backends import CRASH, FAILURES, ProcessDied
from .conftest import addresses
from .factories import NewsletterPageFactory, SubscriptionFactory, draft_issue, publish

pytestmark = pytest.mark.django_db
ANYMAIL_TEST = "anymail.backends.test.EmailBackend"


def queued_issue(newsletter, count=3, **fields):
    """An issue live and fanned out (its rows QUEUED), without the sending tasks having run."""
    subscriptions = [SubscriptionFactory(newsletter=newsletter, **fields) for _ in range(count)]
    issue = draft_issue(newsletter)
    issue.get_latest_revision().publish()  # no commit callbacks outside a capture: nothing is sent yet
    IssueSending.objects.get_or_create(issue=issue)
    from unittest import mock

    with mock.patch.object(sending, "start_senders"):
        sending.fan_out(issue.pk)
    assert Delivery.objects.filter(issue=issue, status=Delivery.Status.QUEUED).count() == count
    return issue, subscriptions


def test_every_message_has_its_sender_headers_parts_and_the_recipients_links(newsletter, settings):
    settings.NEWSLETTER_EMAIL_BACKEND = ANYMAIL_TEST
    settings.NEWSLETTER_FROM_EMAIL = "AimPact <lettres@aimpact.example>"
    issue, (subscription,) = queued_issue(newsletter, count=1)

    assert sending.send_batches(issue.pk) == (1, False)

    (message,) = mail.outbox
    delivery = Delivery.objects.get(issue=issue)
    assert message.from_email == "Ville de Test <lettres@aimpact.example>"
    assert message.reply_to == ["mairie@ville-de-test.fr"]
    assert message.to == [subscription.email]
    assert message.subject == issue.title
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://") and unsubscribe.endswith(">")
    token = unsubscribe[1:-1].rstrip("/").rsplit("/", 1)[1]
    data = tokens.read_token(token, tokens.UNSUBSCRIBE)
    assert data.subscription == subscription and data.delivery_id == delivery.pk
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Id"] == f'"Ville de Test" <newsletter-{newsletter.pk}.localhost>'
    assert message.metadata == {"issue": str(issue.pk), "delivery": str(delivery.pk)}
    assert message.anymail_test_params["is_batch_send"] is False
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    assert unsubscribe[1:-1] in html and unsubscribe[1:-1] in message.body
    assert rendering.UNSUBSCRIBE_URL not in html + message.body
    assert rendering.PREFERENCES_URL not in html + message.body
    assert "/lettre/preferences/" in html
    assert delivery.status == Delivery.Status.SENT
    assert delivery.message_id == "0"  # anymail's test backend: the outbox index
    assert delivery.sent_at is not None and delivery.attempts == 1
    assert IssueSending.objects.get(issue=issue).finished_at is not None


def test_each_subscriber_gets_the_issue_in_their_language(newsletter):
    SubscriptionFactory(newsletter=newsletter, email="fr@example.org", language="fr")
    SubscriptionFactory(newsletter=newsletter, email="en@example.org", language="en")
    issue = draft_issue(newsletter, title="Numéro de juillet")
    english = issue.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "July issue"
    english.save_revision().publish()
    issue.get_latest_revision().publish()
    sending.fan_out(issue.pk)  # eager tasks: sent at once

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {"fr@example.org": "Numéro de juillet", "en@example.org": "July issue"}
    english_body = next(m for m in mail.outbox if m.to == ["en@example.org"]).body
    assert "/en/lettre/desinscription/" in english_body
    assert sorted(issue.renderings.values_list("language", flat=True)) == ["en", "fr"]


def test_a_subscriber_gone_between_the_fan_out_and_the_send_is_skipped(newsletter):
    issue, (kept, gone, suppressed) = queued_issue(newsletter, count=3)
    Subscription.objects.filter(pk=gone.pk).update(status=Subscription.Status.UNSUBSCRIBED)
    Suppression.objects.create(email_key=suppressed.email_key, reason=Suppression.Reason.COMPLAINED)

    sending.send_batches(issue.pk)

    assert addresses() == [kept.email]
    statuses = dict(Delivery.objects.filter(issue=issue).values_list("subscription_id", "status"))
    assert statuses == {
        kept.pk: Delivery.Status.SENT,
        gone.pk: Delivery.Status.SKIPPED,
        suppressed.pk: Delivery.Status.SKIPPED,
    }
    assert IssueSending.objects.get(issue=issue).finished_at is not None


def test_a_provider_error_marks_nothing_and_the_retry_sends_everyone_once(newsletter, settings):
    settings.NEWSLETTER_EMAIL_BACKEND = "tests.newsletters.delivery.backends.FlakyBackend"
    issue, subscriptions = queued_issue(newsletter, count=3)
    FAILURES["left"] = 1

    with pytest.raises(sending.ProviderError):
        sending.send_batches(issue.pk)
    rows = Delivery.objects.filter(issue=issue)
    assert not mail.outbox
    assert set(rows.values_list("status", flat=True)) == {Delivery.Status.QUEUED}
    assert sorted(rows.values_list("attempts", flat=True)) == [0, 0, 1]
    assert "503" in rows.get(attempts=1).error
    assert IssueSending.objects.get(issue=issue).finished_at is None

    sending.send_batches(issue.pk)
    assert addresses() == sorted(s.email for s in subscriptions)
    assert set(rows.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_a_half_sent_batch_keeps_what_left_and_the_task_retries_the_rest(newsletter, settings):
    """One message per recipient, one transaction each: an error on the third message does not roll back the two
    already accepted (they would be sent again)."""
    settings.NEWSLETTER_EMAIL_BACKEND = "tests.newsletters.delivery.backends.FlakyBackend"
    issue, subscriptions = queued_issue(newsletter, count=4)
    original = sending.send_one
    calls = {"n": 0}

    def failing_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            FAILURES["left"] = 1
        return original(*args, **kwargs)

    from unittest import mock

    with mock.patch.object(sending, "send_one", failing_third), pytest.raises(sending.ProviderError):
        sending.send_batches(issue.pk)
    assert Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count() == 2
    assert len(mail.outbox) == 2

    # The task retries (eagerly here): the two others are sent, nobody twice.
    app.tasks["newsletters.send_batches"].apply(args=[issue.pk])
    assert addresses() == sorted(s.email for s in subscriptions)


def test_the_task_retries_with_backoff_until_the_provider_recovers(newsletter, settings):
    settings.NEWSLETTER_EMAIL_BACKEND = "tests.newsletters.delivery.backends.FlakyBackend"
    issue, subscriptions = queued_issue(newsletter, count=2)
    FAILURES["left"] = 2
    result = app.tasks["newsletters.send_batches"].apply(args=[issue.pk])
    assert result.successful()
    assert addresses() == sorted(s.email for s in subscriptions)
    assert Delivery.objects.filter(issue=issue).order_by("pk").first().attempts == 3  # two failures, one send


def test_a_batch_that_always_fails_ends_failed_after_its_attempts(newsletter, settings):
    settings.NEWSLETTER_EMAIL_BACKEND = "tests.newsletters.delivery.backends.FlakyBackend"
    settings.NEWSLETTER_MAX_ATTEMPTS = 3
    issue, _ = queued_issue(newsletter, count=2)
    FAILURES["left"] = 1000

    app.tasks["newsletters.send_batches"].apply(args=[issue.pk])

    rows = Delivery.objects.filter(issue=issue)
    assert set(rows.values_list("status", flat=True)) == {Delivery.Status.FAILED}
    assert set(rows.values_list("attempts", flat=True)) == {3}
    assert all("503" in error for error in rows.values_list("error", flat=True))
    assert not mail.outbox
    assert IssueSending.objects.get(issue=issue).finished_at is not None
    assert FAILURES["left"] == 1000 - 6  # 3 attempts for each row, then the task stopped


def test_a_recipient_the_provider_rejects_fails_and_is_suppressed_everywhere(newsletter, space, settings):
    settings.NEWSLETTER_EMAIL_BACKEND = "tests.newsletters.delivery.backends.RejectingBackend"
    issue, _ = queued_issue(newsletter, count=1)
    refused = SubscriptionFactory(newsletter=newsletter, email="refuse@example.org")
    other_list = NewsletterPageFactory(parent=space.get_parent(), title="Lettre nationale")
    elsewhere = SubscriptionFactory(newsletter=other_list, email="REFUSE@example.org")
    from newsletters.models import Delivery as D

    D.objects.create(issue=issue, subscription=refused, email=refused.email)

    sending.send_batches(issue.pk)

    row = Delivery.objects.get(issue=issue, subscription=refused)
    assert row.status == Delivery.Status.FAILED and "rejected" in row.error
    assert Suppression.objects.get(email_key="refuse@example.org").reason == Suppression.Reason.REJECTED
    for subscription in (refused, elsewhere):
        subscription.refresh_from_db()
        assert subscription.status == Subscription.Status.SUPPRESSED
        record = subscription.consents.get()
        assert (record.action, record.source) == (ConsentRecord.Action.SUPPRESSED, ConsentRecord.Source.PROVIDER)
    assert Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count() == 1


def test_the_providers_batch_sending_one_message_per_batch_with_merge_data(newsletter, settings):
    settings.NEWSLETTER_EMAIL_BACKEND = ANYMAIL_TEST
    settings.NEWSLETTER_MERGE_FIELD = "{{%s}}"
    settings.NEWSLETTER_BATCH_SIZE = 3
    issue, subscriptions = queued_issue(newsletter, count=5)

    sending.send_batches(issue.pk)

    assert [len(message.to) for message in mail.outbox] == [3, 2]
    assert addresses() == sorted(s.email for s in subscriptions)
    message = mail.outbox[0]
    params = message.anymail_test_params
    assert params["is_batch_send"] is True
    assert "{{unsubscribe_url}}" in message.body and "{{preferences_url}}" in message.alternatives[0][0]
    rows = {row.email: row for row in Delivery.objects.filter(issue=issue)}
    for address in message.to:
        row = rows[address]
        assert params["merge_metadata"][address] == {"delivery": str(row.pk)}
        url = params["merge_data"][address]["unsubscribe_url"]
        assert params["merge_headers"][address] == {"List-Unsubscribe": f"<{url}>"}
        assert tokens.read_token(url.rstrip("/").rsplit("/", 1)[1], tokens.UNSUBSCRIBE).delivery_id == row.pk
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert set(r.status for r in rows.values()) == {Delivery.Status.SENT}
    assert IssueSending.objects.get(issue=issue).finished_at is not None


def test_a_process_dying_after_the_provider_accepted_is_the_one_window_and_the_webhook_closes_it(newsletter, settings):
    """sending.py's docstring: accepted by the provider, the process dies before the commit, the row is QUEUED
    again. The provider's webhook naming the delivery marks it SENT before anyone sends it again."""
    from anymail.signals import AnymailTrackingEvent, tracking

    settings.NEWSLETTER_EMAIL_BACKEND = "tests.newsletters.delivery.backends.CrashingBackend"
    issue, subscriptions = queued_issue(newsletter, count=2)
    CRASH["after"] = 0
    with pytest.raises(ProcessDied):
        sending.send_batches(issue.pk)
    (accepted,) = mail.outbox
    row = Delivery.objects.get(issue=issue, email=accepted.to[0])
    assert row.status == Delivery.Status.QUEUED  # rolled back with the transaction

    event = AnymailTrackingEvent(
        event_type="delivered", recipient=accepted.to[0], metadata=accepted.metadata, event_id="evt-1"
    )
    tracking.send(sender=object, event=event, esp_name="Test")
    row.refresh_from_db()
    assert row.status == Delivery.Status.DELIVERED

    sending.send_batches(issue.pk)
    assert addresses() == sorted(s.email for s in subscriptions)  # nobody twice


def test_finished_at_waits_for_the_last_queued_row_and_is_set_once(newsletter):
    issue, _ = queued_issue(newsletter, count=2)
    assert sending.finish(issue.pk) is False
    sending.send_batches(issue.pk)
    finished = IssueSending.objects.get(issue=issue).finished_at
    assert finished is not None
    assert sending.finish(issue.pk) is False
    assert IssueSending.objects.get(issue=issue).finished_at == finished


def test_the_sweep_resumes_unfinished_fan_outs_and_sendings(newsletter, settings):
    issue, subscriptions = queued_issue(newsletter, count=2)
    stale = draft_issue(newsletter, title="Numéro oublié")
    stale.get_latest_revision().publish()
    IssueSending.objects.filter(issue=stale).update(started_at=timezone.now() - datetime.timedelta(minutes=5))
    # A row sent a moment ago: the issue has a live sender, the sweep leaves it alone.
    Delivery.objects.filter(pk=Delivery.objects.filter(issue=issue).first().pk).update(
        status=Delivery.Status.SENT, sent_at=timezone.now()
    )
    fan_outs, issues = sending.resume()
    assert fan_outs == [stale.pk] and issues == []
    assert Delivery.objects.filter(issue=stale, status=Delivery.Status.SENT).count() == 2  # eager: sent

    fan_outs, issues = sending.resume(now=timezone.now() + datetime.timedelta(minutes=5))
    assert issues == [issue.pk] and fan_outs == []
    assert Delivery.objects.filter(issue=issue, status=Delivery.Status.QUEUED).count() == 0
    assert IssueSending.objects.get(issue=issue).finished_at is not None
    assert sending.resume(now=timezone.now() + datetime.timedelta(minutes=10)) == ([], [])


def test_the_sweep_is_on_the_beat_schedule():
    entry = app.conf.beat_schedule["newsletters-resume-sending"]
    assert entry["task"] == "newsletters.resume_sending" and entry["schedule"] == 60.0
    assert "newsletters.resume_sending" in app.tasks


def test_publishing_hands_the_fan_out_to_the_queue_after_the_commit(newsletter, django_capture_on_commit_callbacks):
    SubscriptionFactory(newsletter=newsletter)
    issue = draft_issue(newsletter)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        issue.get_latest_revision().publish()
    assert IssueSending.objects.filter(issue=issue, fanned_out_at__isnull=True).exists()
    assert not Delivery.objects.filter(issue=issue).exists()
    # The publication's other callback stamps the page cache again (cms.page_cache.invalidate_tags).
    sending = [callback for callback in callbacks if "start_sending" in callback.__qualname__]
    assert len(sending) == 1
    sending[0]()
    assert len(mail.outbox) == 1
    publish(issue, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
