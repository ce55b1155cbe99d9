from celery import shared_task


@shared_task(name="consultations.close_due_consultations")
def close_due_consultations():
    """Every minute (beat): freeze the results of consultations whose closing time has passed.

    Safe to run twice: a consultation with a snapshot is skipped, and the snapshot is unique.
    """
    from .closing import close_due

    return close_due()


@shared_task(name="consultations.send_invitations")
def send_invitations(invitation_ids):
    """Email their personal code to invitees (ids, read inside the task); skips those already sent."""
    from .invitations import send_invitation_emails

    return send_invitation_emails(invitation_ids)


@shared_task(name="consultations.send_email_confirmation")
def send_email_confirmation(consultation_id, email, language):
    """The link that confirms an address for a consultation open to confirmed emails."""
    from .invitations import send_confirmation_email

    return send_confirmation_email(consultation_id, email, language)
