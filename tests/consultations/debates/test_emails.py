"""Emails: confirmation with its .ics (read back), waiting list, the reminder the day before sent once."""

import datetime

import pytest

from django.utils import timezone

from consultations.debates import ics, notifications, services
from consultations.debates.models import Registration

pytestmark = pytest.mark.django_db


def _fields(text):
    lines = ics.unfold(text)
    assert text.endswith("\r\n") and all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    return {line.split(":", 1)[0]: line.split(":", 1)[1] for line in lines if ":" in line}


def test_confirmation_email_carries_a_calendar_file(
    make_debate, citizens, mailoutbox, django_capture_on_commit_callbacks
):
    debate = make_debate(
        title="Budget 2027 ; la voirie, les écoles\\et le reste — un titre assez long pour être replié en deux lignes",
        place="Salle des fêtes, place de la Mairie",
        starts_at=datetime.datetime(2030, 3, 12, 18, 30, tzinfo=datetime.UTC),
        duration_minutes=90,
    )
    (citizen,) = citizens(1)
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(debate, citizen)
    (message,) = mailoutbox
    assert message.to == [citizen.email] and "confirmée" in message.subject
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    fields = _fields(content)
    assert fields["DTSTART"] == "20300312T183000Z" and fields["DTEND"] == "20300312T200000Z"
    assert ics.unescape_text(fields["SUMMARY"]) == debate.title
    assert fields["SUMMARY"].startswith("Budget 2027 \\; la voirie\\, les écoles\\\\et")
    assert ics.unescape_text(fields["LOCATION"]) == debate.place
    assert fields["UID"] == ics.uid(registration) and fields["URL"].startswith("http")
    # Sent once: a retried task finds the claim.
    assert notifications.send_registration_email(registration.pk) == 0
    assert len(mailoutbox) == 1


def test_waiting_list_email_has_no_calendar(make_debate, citizens, mailoutbox, django_capture_on_commit_callbacks):
    debate = make_debate(seats=1)
    first, second = citizens(2)
    with django_capture_on_commit_callbacks(execute=True):
        services.register(debate, first)
        services.register(debate, second)
    assert "attente" in mailoutbox[1].subject and not mailoutbox[1].attachments


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "é" * 100
    folded = ics.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert ics.unfold(folded + "\r\n")[0] == line


def test_reminder_the_day_before_sent_once(make_debate, citizens, mailoutbox):
    soon = make_debate(starts_at=timezone.now() + datetime.timedelta(hours=20))
    later = make_debate(starts_at=timezone.now() + datetime.timedelta(days=5))
    first, second = citizens(2)
    for debate in (soon, later):
        Registration.objects.create(debate=debate, user=first, status="confirmed", queued_at=timezone.now())
    Registration.objects.create(debate=soon, user=second, status="waiting", queued_at=timezone.now())
    assert notifications.send_due_reminders() == 1
    assert notifications.send_due_reminders() == 0  # a second worker, or the next beat
    (message,) = mailoutbox
    assert message.to == [first.email] and "Rappel" in message.subject and message.attachments


def test_email_in_the_registrants_language(make_debate, citizens, mailoutbox):
    debate = make_debate()
    (citizen,) = citizens(1)
    registration = Registration.objects.create(
        debate=debate, user=citizen, status="confirmed", queued_at=timezone.now(), language="en"
    )
    notifications.send_registration_email(registration.pk)
    assert mailoutbox[0].subject  # rendered under translation.override("en") (strings filled by the lead)
