from celery import shared_task

from .closing import close, due_for_closing
from .dispatch import request_closing
from .invitations import send_confirmation_email, send_invitation_emails
from .release import release, release_due


@shared_task(name="consultations.close_due_consultations")
def close_due_consultations():
    """Every minute (beat): close every consultation whose closing time has passed and whose results are not frozen.

    Each one is closed by its own task (`close_consultation`), so that a large count does not hold back the others.
    Safe to run twice: closing is idempotent."""
    due = due_for_closing()
    for box_id in due:
        request_closing(box_id, dedupe=False)
    return due


@shared_task(name="consultations.close_consultation")
def close_consultation(box_id):
    """Freeze the ballot box, release the last free texts, count every ballot, store the snapshot, tell the editors.

    Returns whether this run made the snapshot (False if it existed, or if the consultation is not closed yet)."""
    _snapshot, created = close(box_id)
    return created


@shared_task(name="consultations.release_ballots")
def release_ballots(box_id):
    """Open the full batches of sealed ballots waiting in a ballot box into its live counters (safe to run twice)."""
    return release(box_id)


@shared_task(name="consultations.release_due_ballots")
def release_due_ballots():
    """Every minute (beat): release the full batches of every ballot box, whatever requests were missed."""
    return release_due()


@shared_task(name="consultations.send_invitations")
def send_invitations(invitation_ids):
    """Email their personal code to invitees (ids, read inside the task); skips those already sent."""
    return send_invitation_emails(invitation_ids)


@shared_task(name="consultations.send_email_confirmation")
def send_email_confirmation(consultation_id, email, language):
    """The link that confirms an address for a consultation open to confirmed emails."""
    return send_confirmation_email(consultation_id, email, language)
