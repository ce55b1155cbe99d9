"""A reminder that fails to send (the mail server refuses one address) must not make the reminders already sent in
its batch go out a second time at the next beat."""

import contextlib
import datetime
import smtplib

import pytest

from django.utils import timezone

from consultations.debates import notifications
from consultations.debates.models import Registration

pytestmark = pytest.mark.django_db


def test_a_failed_reminder_does_not_resend_the_ones_already_sent(make_debate, citizens, mailoutbox, monkeypatch):
    debate = make_debate(starts_at=timezone.now() + datetime.timedelta(hours=20))
    first, second = citizens(2)
    for citizen in (first, second):
        Registration.objects.create(debate=debate, user=citizen, status="confirmed", queued_at=timezone.now())
    real_send = notifications._send

    def flaky_send(registration, kind, debate, attach_ics):
        if registration.user_id == second.pk:
            raise smtplib.SMTPRecipientsRefused({second.email: (550, b"no such user")})
        return real_send(registration, kind, debate, attach_ics)

    monkeypatch.setattr(notifications, "_send", flaky_send)
    with contextlib.suppress(smtplib.SMTPException):  # the beat's run failing is acceptable; sending twice is not
        notifications.send_due_reminders()
    monkeypatch.setattr(notifications, "_send", real_send)
    notifications.send_due_reminders()  # the next beat
    to_first = [message for message in mailoutbox if message.to == [first.email]]
    assert len(to_first) == 1, "the first registrant was reminded twice"
    assert Registration.objects.get(user=first).reminder_sent_at is not None
