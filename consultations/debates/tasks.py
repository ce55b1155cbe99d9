"""The debates' Celery tasks: they take ids and are safe to run twice (see `notifications`)."""

from celery import shared_task

from . import doleances, notifications


@shared_task(name="debates.send_registration_email")
def send_registration_email(registration_id, kind=""):
    """Confirmation (with the .ics), waiting list, or promotion email: the registration's current state."""
    return notifications.send_registration_email(registration_id, kind)


@shared_task(name="debates.send_reminders")
def send_reminders():
    """Beat: the reminder the day before, once per confirmed registration."""
    return notifications.send_due_reminders()


@shared_task(name="debates.send_invitations")
def send_invitations(debate_id):
    """The invitation email to the addresses added to a debate's list."""
    return notifications.send_invitations(debate_id)


@shared_task(name="debates.sync_ended")
def sync_ended():
    """Beat: the debates that ended get (or refresh) their entry in the cahier de doléances."""
    return doleances.sync_ended()
