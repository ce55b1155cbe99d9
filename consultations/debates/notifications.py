"""The debates' emails, built from ids inside Celery tasks (`tasks.py`), in the registrant's language.

- `send_registration_email(id)`: the email for the registration's current state: confirmed (with the .ics), waiting
  list, or promoted from the waiting list (with the .ics). Claimed first: `confirmation_sent_at` set by a conditional
  UPDATE (it is reset when the state changes), so a retried task or a second worker sends nothing.
- `send_due_reminders()`: the day before, each confirmed registration is reminded once: the batch is locked
  (`FOR UPDATE SKIP LOCKED`: a second worker takes other rows or none), each email is sent and its `reminder_sent_at`
  written in the transaction that holds the lock.
- `send_invitations(debate_id)`: each invited address not written to yet, claimed by its `emailed_at`.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .ics import calendar
from .models import DebateInvitation, DebatePage, Registration

logger = logging.getLogger(__name__)

REMINDER_WINDOW = datetime.timedelta(hours=24)
REMINDER_BATCH = 100
Status = Registration.Status


def absolute(url):
    if url.startswith(("http://", "https://")):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def version_in(debate, language):
    """The live version of `debate` in `language`, else the debate itself."""
    version = (
        DebatePage.objects.live().filter(translation_key=debate.translation_key, locale__language_code=language).first()
    )
    return version or debate


def ics_for(registration, debate=None):
    debate = debate or version_in(DebatePage.objects.get(pk=registration.debate_id), registration.language)
    return calendar(debate, registration, absolute(debate.get_url() or "/"), timezone.now())


def _send(registration, kind, debate, attach_ics):
    language = registration.language or "fr"
    with translation.override(language):
        context = {
            "kind": kind,
            "registration": registration,
            "debate": debate,
            "user": registration.user,
            "url": absolute(debate.get_url() or "/"),
            "starts_at": timezone.localtime(debate.starts_at),
            "ends_at": timezone.localtime(debate.ends_at),
        }
        subject = render_to_string("debates/email/subject.txt", context).strip()
        body = render_to_string("debates/email/body.txt", context)
    message = EmailMultiAlternatives(subject, body, None, [registration.user.email])
    if attach_ics:
        message.attach("debat.ics", ics_for(registration, debate), "text/calendar; charset=utf-8; method=PUBLISH")
    message.send()


def send_registration_email(registration_id, kind=""):
    registration = Registration.objects.select_related("user").filter(pk=registration_id).first()
    if registration is None or registration.status == Status.CANCELLED or not registration.user.email:
        return 0
    claimed = Registration.objects.filter(
        pk=registration.pk, status=registration.status, confirmation_sent_at__isnull=True
    ).update(confirmation_sent_at=timezone.now())
    if not claimed:
        return 0
    original = DebatePage.objects.filter(pk=registration.debate_id).first()
    if original is None:
        return 0
    debate = version_in(original, registration.language)
    if registration.status == Status.WAITING:
        _send(registration, "waiting", debate, attach_ics=False)
    else:
        _send(registration, "promoted" if kind == "promoted" else "confirmed", debate, attach_ics=True)
    return 1


def due_reminders(now=None):
    """The confirmed registrations of live debates starting within a day, not reminded yet."""
    now = now or timezone.now()
    return Registration.objects.filter(
        status=Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        debate__live=True,
        debate__debatepage__starts_at__gt=now,
        debate__debatepage__starts_at__lte=now + REMINDER_WINDOW,
    )


def send_due_reminders(now=None, batch=REMINDER_BATCH):
    """Remind each registration once; returns how many emails this run sent."""
    sent = 0
    failed = set()  # refused by the mail server in this run: left for the next beat, never retried in a loop
    while True:
        with transaction.atomic():
            rows = list(
                due_reminders(now)
                .exclude(pk__in=failed)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("user")
                .order_by("pk")[:batch]
            )
            if not rows:
                return sent
            for registration in rows:
                original = DebatePage.objects.get(pk=registration.debate_id)
                if registration.user.email:
                    try:
                        _send(registration, "reminder", version_in(original, registration.language), attach_ics=True)
                    except Exception:  # one refused address must not roll back (and resend) the batch's others
                        logger.exception("Reminder of registration %s not sent", registration.pk)
                        failed.add(registration.pk)
                        continue
                    sent += 1
                Registration.objects.filter(pk=registration.pk).update(reminder_sent_at=timezone.now())
        if len(rows) < batch:
            return sent


def send_invitations(debate_id):
    """The invitation email to each address on the list not written to yet (claimed before it is sent)."""
    original = DebatePage.objects.filter(pk=debate_id).first()
    if original is None or not original.live:
        return 0
    sent = 0
    for invitation in DebateInvitation.objects.filter(debate_id=debate_id, emailed_at__isnull=True).order_by("pk"):
        claimed = DebateInvitation.objects.filter(pk=invitation.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            continue
        language = original.locale.language_code or "fr"
        with translation.override(language):
            context = {
                "debate": original,
                "url": absolute(original.get_url() or "/"),
                "starts_at": timezone.localtime(original.starts_at),
            }
            subject = render_to_string("debates/email/invitation_subject.txt", context).strip()
            body = render_to_string("debates/email/invitation_body.txt", context)
        EmailMultiAlternatives(subject, body, None, [invitation.email]).send()
        sent += 1
    return sent
