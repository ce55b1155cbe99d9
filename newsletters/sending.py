"""Sending an issue: one delivery row per subscriber (the fan-out), then batches sent through django-anymail, each
row marked in the transaction that sent it.

Publishing an issue (its default-language version, or a translation once that one is live; now or at its
`go_live_at`) records its `IssueSending` and, after the
commit, hands `newsletters.fan_out` to Celery (`plugins.start_sending`); the beat sweep `newsletters.resume_sending`
catches up whatever the broker did not take or a dead worker left.

**Fan-out** (`fan_out`): the list's ACTIVE subscriptions whose themes match the issue's and whose address is not
suppressed become `Delivery` rows (QUEUED, in the subscriber's language), read and written in chunks of
`FAN_OUT_CHUNK` by primary key (keyset pagination: each chunk is one query and one `bulk_create` in its own short
transaction, so memory does not grow with the list and no cursor is held open across writes). `bulk_create(...,
ignore_conflicts=True)` under the unique (issue, subscription) constraint makes a second fan-out — a second click,
a re-publish, the translation's publish, a retried task, two fan-outs at once — add nobody twice. When every chunk is
written, `fanned_out_at` and `recipients` are set, and `NEWSLETTER_SENDERS` sending tasks are started.

**Sending** (`send_batches`): each task takes QUEUED rows with `SELECT … FOR UPDATE SKIP LOCKED` (parallel tasks
never take the same row; on SQLite the project's IMMEDIATE transactions run writers one at a time, which gives the
same result), checks again that each subscription is still ACTIVE and its address not suppressed (else SKIPPED),
sends, and marks each row SENT with the provider's message id (`message.anymail_status`; `rejected`/`invalid`
recipients are FAILED, and `rejected` suppresses the address) in the same transaction:
- without `NEWSLETTER_MERGE_FIELD`: one message per recipient, each in its own transaction (a batch is never rolled
  back after some of its messages left: that would send them again);
- with `NEWSLETTER_MERGE_FIELD` (the provider's merge syntax, `%s` standing for the field name): one message per
  batch, a batch being rows of one language (one message per transaction here too), the provider's batch sending
  through anymail's `merge_data` (the recipient's links),
  `merge_headers` (their `List-Unsubscribe`) and `merge_metadata` (the delivery id). anymail 15.2 supports
  `merge_headers` with inline content (no stored template) for Brevo, Mailgun, Mailjet, SendGrid, SparkPost and
  Unisender Go (List-Unsubscribe only); Amazon SES and Postmark support merge data and merge headers only with a
  stored template (`template_id`), Resend no merge data at all, MailerSend, Mandrill, Postal and Scaleway no merge
  headers: with those, leave `NEWSLETTER_MERGE_FIELD` empty (one message per recipient). The merge field syntax
  per provider: Mailgun `%recipient.%s%`, SparkPost and Unisender Go `{{%s}}`, Brevo `{{params.%s}}`, Mailjet
  `{{var:%s}}`, SendGrid `-%s-` (with anymail's `SENDGRID_MERGE_FIELD_FORMAT` "-{}-").
A provider error (anymail's API error, an SMTP or network error) marks nothing: the transaction rolls back, the rows
stay QUEUED and their `attempts` go up by one (in a transaction of its own); the task retries with a growing delay,
and rows that reach `NEWSLETTER_MAX_ATTEMPTS` are FAILED with the error, so a batch the provider always refuses
never loops. When no QUEUED row is left, `finished_at` is set (once: `UPDATE … WHERE finished_at IS NULL`).

**Exactly once.** The row's state and the message leave together: a worker killed (even SIGKILL) mid-batch has its
transaction rolled back by the database and its row locks released; its rows are QUEUED again and the next task
(Celery's late acknowledgement redelivers it, and the beat sweep re-enqueues sending for any issue with QUEUED rows)
sends them. Nobody is skipped (a row leaves QUEUED only by being sent, refused, skipped for a reason, or failed
after its attempts) and nobody gets two copies through a retry, a second worker or a second click.

**The window no database can close**: the provider accepted a message and the process died (or lost its database
connection) before the commit. The row is QUEUED again and that recipient will get the issue a second time: the
provider and our database cannot commit together. The design narrows it: the commit follows the provider's answer
immediately (nothing else runs between them), one message per transaction without merge sending (at most one
recipient is exposed per dead worker, a batch of `NEWSLETTER_BATCH_SIZE` with it), and the provider's webhook, which
names the delivery in its metadata, marks a row that is still QUEUED as SENT (`tracking.py`): a resend that comes
after that webhook is avoided. An ESP idempotency key would close it, but anymail exposes none portably.
"""

import logging
import smtplib
import time
from email.utils import formataddr, make_msgid, parseaddr
from urllib.parse import urlparse

from anymail.exceptions import AnymailError, AnymailRecipientsRefused
from anymail.message import AnymailMessage

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from . import links, rendering, tokens
from .models import Delivery, IssueSending, NewsletterIssuePage, Subscription, Suppression

logger = logging.getLogger(__name__)

FAN_OUT_CHUNK = 2000
DEFAULT_SENDERS = 2  # parallel sending tasks per issue
DEFAULT_MAX_ATTEMPTS = 5
MERGE_FIELDS = ("unsubscribe_url", "preferences_url")
# What a provider error looks like: the batch is retried, then FAILED after its attempts (anything else is a bug and
# is raised as it is). AnymailError includes anymail's refusals of a message option (a merge option the provider
# lacks): a configuration error, logged, which must not loop either.
PROVIDER_ERRORS = (AnymailError, smtplib.SMTPException, OSError)


class ProviderError(Exception):
    """The provider did not take a batch: nothing was marked, the rows stay QUEUED (or FAILED after their
    attempts). Raised to the task, which retries later."""


def batch_size():
    return max(1, int(getattr(settings, "NEWSLETTER_BATCH_SIZE", 100)))


def max_attempts():
    return max(1, int(getattr(settings, "NEWSLETTER_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)))


def senders():
    return max(1, int(getattr(settings, "NEWSLETTER_SENDERS", DEFAULT_SENDERS)))


# -- fan-out ---------------------------------------------------------------------------------------------------------


def themes_match(issue_themes, subscriber_themes):
    """An issue without themes goes to everyone, a subscriber without themes gets every issue; else they must share
    one."""
    return not issue_themes or not subscriber_themes or bool(set(issue_themes) & set(subscriber_themes))


def is_live(issue):
    """Whether the issue's default-language version is live (an issue unpublished before its fan-out is not sent;
    nor is one whose translation alone was published: its original's row is a draft nobody published)."""
    return NewsletterIssuePage.objects.filter(pk=issue.original.pk, live=True).exists()


def fan_out(issue_id, chunk=FAN_OUT_CHUNK):
    """One QUEUED delivery per matching subscriber of the issue `issue_id` (its original-language version), then the
        sending tasks. Safe to run any number of times, at once too. Returns the number of rows added (by this call,
    or by one running at the same time)."""
    issue = NewsletterIssuePage.objects.filter(pk=issue_id).first()
    if issue is None:
        return 0
    issue = issue.original
    sending, _ = IssueSending.objects.get_or_create(issue=issue)
    if sending.fanned_out_at is not None:
        start_senders(issue.pk)
        return 0
    if not is_live(issue):
        logger.info("Issue %s is not live: not sent", issue.pk)
        return 0
    newsletter = issue.newsletter.list_page
    issue_themes = list(issue.themes or [])
    subscriptions = Subscription.objects.filter(newsletter=newsletter, status=Subscription.Status.ACTIVE).exclude(
        email_key__in=Suppression.objects.values("email_key")
    )
    before = Delivery.objects.filter(issue=issue).count()
    last = 0
    while True:
        rows = list(
            subscriptions.filter(pk__gt=last).order_by("pk").values_list("pk", "email", "language", "themes")[:chunk]
        )
        if not rows:
            break
        last = rows[-1][0]
        deliveries = [
            Delivery(issue=issue, subscription_id=pk, email=email, language=language or "fr")
            for pk, email, language, themes in rows
            if themes_match(issue_themes, themes)
        ]
        with transaction.atomic():
            # ignore_conflicts: rows a previous (or concurrent) fan-out made stay as they are.
            Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    recipients = Delivery.objects.filter(issue=issue).count()
    IssueSending.objects.filter(pk=sending.pk, fanned_out_at__isnull=True).update(
        fanned_out_at=timezone.now(), recipients=recipients
    )
    if recipients == 0:
        finish(issue.pk)
    start_senders(issue.pk)
    return recipients - before


def start_senders(issue_id):
    """Hand the issue's remaining QUEUED rows to `NEWSLETTER_SENDERS` parallel sending tasks (none when nothing is
    queued). A task the broker cannot take is left to the beat sweep."""
    from cms.queue import enqueue

    if not Delivery.objects.filter(issue_id=issue_id, status=Delivery.Status.QUEUED).exists():
        finish(issue_id)
        return 0
    count = senders()
    for _ in range(count):
        enqueue("newsletters.send_batches", issue_id, if_unavailable="skip")
    return count


# -- the messages ----------------------------------------------------------------------------------------------------


class Renderings:
    """The frozen rendering of each language, kept for the life of a task."""

    def __init__(self, issue):
        self.issue = issue
        self.cache = {}
        self.links = Links(issue.newsletter.list_page)

    def get(self, language):
        if language not in self.cache:
            self.cache[language] = rendering.freeze(self.issue, language)
        return self.cache[language]


class Links:
    """A recipient's signed links, as `newsletters.links` makes them, with the newsletter's site root looked up once
    per task (not three times per message)."""

    def __init__(self, newsletter):
        self.root = links.site_root(newsletter)
        self.host = urlparse(self.root).hostname or "localhost"
        self.sender = sender(newsletter)
        self.list_id = list_id(newsletter, self.host)
        self.paths = {}

    def _url(self, name, language, token):
        key = (name, language)
        if key not in self.paths:
            # The route with a marker token, reversed once per language: the token is the only part that varies.
            with translation.override(language):
                self.paths[key] = reverse(f"newsletters:{name}", kwargs={"token": "TOKEN-MARKER"})
        return self.root + self.paths[key].replace("TOKEN-MARKER", token)

    def unsubscribe(self, subscription, delivery_id):
        token = tokens.make_token(subscription, tokens.UNSUBSCRIBE, delivery_id=delivery_id)
        return self._url("unsubscribe", subscription.language, token)

    def preferences(self, subscription):
        return self._url("preferences", subscription.language, tokens.make_token(subscription, tokens.PREFERENCES))


def sender(newsletter):
    """`NEWSLETTER_FROM_EMAIL`'s address with the newsletter's display name."""
    _, address = parseaddr(settings.NEWSLETTER_FROM_EMAIL)
    return formataddr((newsletter.display_name, address or settings.NEWSLETTER_FROM_EMAIL))


def list_id(newsletter, host):
    """RFC 2919's List-Id: the newsletter's name and an identifier under the site's host."""
    name = newsletter.display_name.replace('"', "").replace("\\", "")
    return f'"{name}" <newsletter-{newsletter.pk}.{host}>'


def unsubscribe_headers(unsubscribe_url):
    return {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def uses_anymail(connection):
    return connection.__class__.__module__.startswith("anymail.")


def base_message(issue, newsletter, subject, text, html, to, connection, link_maker):
    message = AnymailMessage(
        # One line: a title with a line break (possible through the API) would make every message of the issue
        # refused by Django's header check, a failure the retries could never get past.
        subject=" ".join(subject.split()),
        body=text,
        from_email=link_maker.sender,
        to=to,
        reply_to=[newsletter.reply_to] if newsletter.reply_to else None,
        connection=connection,
        headers={"List-Id": link_maker.list_id},
    )
    message.attach_alternative(html, "text/html")
    message.tags = ["newsletter"]
    message.metadata = {"issue": str(issue.pk)}
    message.track_opens = True
    if not uses_anymail(connection):
        # Django's own backends (SMTP, files): our Message-ID is the id we record.
        message.extra_headers["Message-ID"] = make_msgid(domain=link_maker.host)
    return message


def personal_message(issue, newsletter, frozen, delivery, connection, link_maker=None):
    """One recipient's message: their links in the body and in List-Unsubscribe, their delivery in the metadata."""
    subscription = delivery.subscription
    link_maker = link_maker or Links(newsletter)
    unsubscribe = link_maker.unsubscribe(subscription, delivery.pk)
    preferences = link_maker.preferences(subscription)

    def fill(value):
        return rendering.personalise(value, unsubscribe_url=unsubscribe, preferences_url=preferences)

    message = base_message(
        issue,
        newsletter,
        fill(frozen.subject),
        fill(frozen.text),
        fill(frozen.html),
        [subscription.email],
        connection,
        link_maker,
    )
    message.extra_headers.update(unsubscribe_headers(unsubscribe))
    message.metadata["delivery"] = str(delivery.pk)
    return message


def merge_field(name):
    return settings.NEWSLETTER_MERGE_FIELD.replace("%s", name)


def batch_message(issue, newsletter, frozen, deliveries, connection, link_maker=None):
    """One message for the batch (the provider's batch sending): the links as merge fields, filled by the provider
    from `merge_data`; List-Unsubscribe from `merge_headers`; the delivery id from `merge_metadata`."""

    link_maker = link_maker or Links(newsletter)

    def fill(value):
        return rendering.personalise(
            value, unsubscribe_url=merge_field("unsubscribe_url"), preferences_url=merge_field("preferences_url")
        )

    message = base_message(
        issue,
        newsletter,
        fill(frozen.subject),
        fill(frozen.text),
        fill(frozen.html),
        [delivery.subscription.email for delivery in deliveries],
        connection,
        link_maker,
    )
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.merge_data, message.merge_headers, message.merge_metadata = {}, {}, {}
    for delivery in deliveries:
        subscription = delivery.subscription
        unsubscribe = link_maker.unsubscribe(subscription, delivery.pk)
        address = subscription.email
        message.merge_data[address] = {
            "unsubscribe_url": unsubscribe,
            "preferences_url": link_maker.preferences(subscription),
        }
        message.merge_headers[address] = {"List-Unsubscribe": f"<{unsubscribe}>"}
        message.merge_metadata[address] = {"delivery": str(delivery.pk)}
    return message


# -- sending ---------------------------------------------------------------------------------------------------------


def _queued(issue_id, limit, language=None, newsletter=None):
    """Up to `limit` QUEUED rows of the issue (in `language` when given), locked; rows another transaction holds are
    skipped. Their subscriptions are given `newsletter` (the list they are all on) so that building their links reads
    nothing more."""
    rows = Delivery.objects.select_for_update(skip_locked=True, of=("self",)).filter(
        issue_id=issue_id, status=Delivery.Status.QUEUED
    )
    if language is not None:
        rows = rows.filter(language=language)
    # No ORDER BY: PostgreSQL takes the rows from the (issue, status) index; ordering by the primary key walked it
    # past every row already sent, so that each batch cost more than the last (benchmarks/newsletters_sending.py).
    rows = list(rows.select_related("subscription")[:limit])
    if newsletter is not None:
        for row in rows:
            if row.subscription is not None and row.subscription.newsletter_id == newsletter.pk:
                row.subscription.newsletter = newsletter
    return rows


def _sendable(rows, now):
    """The rows still to send; the others are marked SKIPPED (unsubscribed, suspended or suppressed since the
    fan-out)."""
    keys = {row.subscription.email_key for row in rows if row.subscription is not None}
    suppressed = set(Suppression.objects.filter(email_key__in=keys).values_list("email_key", flat=True))
    keep, skipped = [], []
    for row in rows:
        subscription = row.subscription
        if (
            subscription is None
            or subscription.status != Subscription.Status.ACTIVE
            or subscription.email_key in suppressed
        ):
            skipped.append(row.pk)
        else:
            keep.append(row)
    if skipped:
        Delivery.objects.filter(pk__in=skipped).update(status=Delivery.Status.SKIPPED, attempts=F("attempts") + 1)
    return keep


def _status_of(message, address):
    """(status, message id) the provider gave for `address`: anymail's per-recipient status, else "sent" with our
    own Message-ID (Django's backends)."""
    status = getattr(message, "anymail_status", None)
    recipient = status.recipients.get(address) if status is not None else None
    if recipient is None:
        if status is not None and status.message_id and isinstance(status.message_id, str):
            return "sent", status.message_id
        return "sent", message.extra_headers.get("Message-ID", "")
    return recipient.status or "sent", "" if recipient.message_id is None else str(recipient.message_id)


def _mark(rows, message, now):
    """Mark the rows from the provider's answer, in the sending transaction."""
    from .suppressions import suppress

    for row in rows:
        status, message_id = _status_of(message, row.subscription.email)
        fields = {"attempts": F("attempts") + 1, "message_id": message_id[:255], "email": row.subscription.email}
        if status in ("rejected", "invalid"):
            Delivery.objects.filter(pk=row.pk).update(
                status=Delivery.Status.FAILED, error=f"refused by the provider ({status})", **fields
            )
            if status == "rejected":
                suppress(row.subscription.email, "refus", detail="refused by the provider when sending")
        else:
            Delivery.objects.filter(pk=row.pk).update(status=Delivery.Status.SENT, sent_at=now, **fields)


def _send(message):
    """Send, turning a refusal of every recipient into statuses (not an error: retrying would not help)."""
    try:
        message.send()
    except AnymailRecipientsRefused:
        pass  # anymail_status holds each recipient's "rejected" or "invalid"
    except smtplib.SMTPRecipientsRefused as error:
        # Django's SMTP backend: every recipient refused (5xx: for good; 4xx: the server asks to try later).
        if any(code < 500 for code, _ in error.recipients.values()):
            raise
        message.anymail_status = SMTPRefusal(error.recipients)


class SMTPRefusal:
    """anymail_status's shape for an SMTP server's refusal of every recipient."""

    message_id = None

    def __init__(self, refused):
        self.recipients = {address: _Refused() for address in refused}


class _Refused:
    status = "rejected"
    message_id = ""


def _after_failure(row_ids, error):
    """After a provider error (the sending transaction rolled back): one more attempt counted on the rows still
    QUEUED, and those that reached the limit FAILED with the error."""
    description = f"{type(error).__name__}: {error}"[:500]
    with transaction.atomic():
        Delivery.objects.filter(pk__in=row_ids, status=Delivery.Status.QUEUED).update(
            attempts=F("attempts") + 1, error=description
        )
        Delivery.objects.filter(pk__in=row_ids, status=Delivery.Status.QUEUED, attempts__gte=max_attempts()).update(
            status=Delivery.Status.FAILED
        )


def send_one(issue, newsletter, renderings, connection):
    """One recipient, one message, one transaction. Returns how many rows left QUEUED (0: nothing left to take)."""
    now = timezone.now()
    row_ids = []
    try:
        with transaction.atomic():
            rows = _queued(issue.pk, 1, newsletter=newsletter)
            if not rows:
                return 0
            row_ids = [rows[0].pk]
            for row in _sendable(rows, now):
                message = personal_message(
                    issue, newsletter, renderings.get(row.language), row, connection, renderings.links
                )
                _send(message)
                _mark([row], message, now)
    except PROVIDER_ERRORS as error:
        _after_failure(row_ids, error)
        raise ProviderError(str(error)) from error
    return 1


def send_merged_batch(issue, newsletter, renderings, connection, size):
    """A batch of one language as one message (the provider's batch sending), in one transaction: one message per
    transaction, so that a provider error never rolls back the marks of a message already accepted (a batch of two
    languages was two messages in one transaction: the second one's error sent the first one's recipients again)."""
    now = timezone.now()
    row_ids = []
    try:
        with transaction.atomic():
            first = _queued(issue.pk, 1)
            if not first:
                return 0
            language = first[0].language
            rows = _queued(issue.pk, size, language=language, newsletter=newsletter)
            row_ids = [row.pk for row in rows]
            group = _sendable(rows, now)
            if group:
                message = batch_message(
                    issue, newsletter, renderings.get(language), group, connection, renderings.links
                )
                _send(message)
                _mark(group, message, now)
    except PROVIDER_ERRORS as error:
        _after_failure(row_ids, error)
        raise ProviderError(str(error)) from error
    return len(row_ids)


def send_batches(issue_id, seconds=None):
    """Send the issue's QUEUED rows until none is left to take, or `seconds` have passed. Raises ProviderError when
    the provider fails (the task retries). Returns (rows handled, whether it stopped for time: the caller then
    starts another task, so that no task runs for hours past the broker's visibility timeout)."""
    issue = NewsletterIssuePage.objects.filter(pk=issue_id).first()
    if issue is None:
        return 0, False
    newsletter = issue.newsletter.list_page
    renderings = Renderings(issue)
    connection = get_connection(settings.NEWSLETTER_EMAIL_BACKEND or None)
    merged = bool(settings.NEWSLETTER_MERGE_FIELD)
    size = batch_size()
    started, handled = time.monotonic(), 0
    connection.open()
    try:
        while True:
            if merged:
                taken = send_merged_batch(issue, newsletter, renderings, connection, size)
            else:
                taken = send_one(issue, newsletter, renderings, connection)
            if not taken:
                break
            handled += taken
            if seconds is not None and time.monotonic() - started > seconds:
                return handled, True
    finally:
        connection.close()
    finish(issue_id)
    return handled, False


def finish(issue_id):
    """`finished_at`, once, when the fan-out is done and no row is QUEUED. Returns whether this call set it."""
    if Delivery.objects.filter(issue_id=issue_id, status=Delivery.Status.QUEUED).exists():
        return False
    return bool(
        IssueSending.objects.filter(issue_id=issue_id, fanned_out_at__isnull=False, finished_at__isnull=True).update(
            finished_at=timezone.now()
        )
    )


# -- the sweep -------------------------------------------------------------------------------------------------------

FAN_OUT_GRACE = 120  # seconds: a fan-out younger than this is probably still running
SENDING_GRACE = 120  # seconds: an issue that sent a row this recently has live senders


def resume(now=None):
    """What the beat sweep re-enqueues: fan-outs never finished (older than FAN_OUT_GRACE), and sending for every
    issue that still has QUEUED rows and sent nothing for SENDING_GRACE (a killed worker's, tasks the broker lost or
    a provider that failed until the retries ran out). Extra tasks are harmless (rows are taken with SKIP LOCKED);
    the grace only keeps tasks from piling up behind a long sending. Returns (fan-outs, issues) re-enqueued."""
    from cms.queue import enqueue

    now = now or timezone.now()
    cutoff = now - timezone.timedelta(seconds=FAN_OUT_GRACE)
    fan_outs = list(
        IssueSending.objects.filter(fanned_out_at__isnull=True, started_at__lte=cutoff).values_list(
            "issue_id", flat=True
        )
    )
    for issue_id in fan_outs:
        enqueue("newsletters.fan_out", issue_id, if_unavailable="skip")
    unfinished = IssueSending.objects.filter(fanned_out_at__isnull=False, finished_at__isnull=True)
    recent = now - timezone.timedelta(seconds=SENDING_GRACE)
    issues = []
    for issue_id in unfinished.values_list("issue_id", flat=True):
        if Delivery.objects.filter(issue_id=issue_id, status=Delivery.Status.SENT, sent_at__gte=recent).exists():
            continue
        if start_senders(issue_id):
            issues.append(issue_id)
    return fan_outs, issues
