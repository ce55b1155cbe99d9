"""The network's Celery tasks: they take ids and are safe to run twice (see `notifications`)."""

from celery import shared_task

from cms.queue import enqueue

from . import notifications


@shared_task(name="network.send_decision_email")
def send_decision_email(decision_id):
    """The moderation decision to the proposal's author, in the language they proposed in."""
    return notifications.send_decision_email(decision_id)


@shared_task(name="network.announce_openings")
def announce_openings():
    """Every few minutes (beat): each consultation that opened recently gets its opening emails sent."""
    due = notifications.due_openings()
    for consultation_id in due:
        enqueue(announce_opening, consultation_id, if_unavailable="skip")
    return due


@shared_task(name="network.announce_opening")
def announce_opening(consultation_id):
    """Split the citizens to tell about this consultation into batches, one task each."""
    from consultations.models import ConsultationPage

    # Listed consultations only: not a baromètre entry's perception poll, voted on from its entry.
    consultation = ConsultationPage.objects.live().public().listed().filter(pk=consultation_id).first()
    if consultation is None or not notifications.open_now(consultation):
        return 0
    user_ids = notifications.recipients(consultation.specific)
    for batch in notifications.batches(user_ids):
        enqueue(send_opening_batch, consultation_id, batch, if_unavailable="skip")
    return len(user_ids)


@shared_task(name="network.send_opening_batch")
def send_opening_batch(consultation_id, user_ids):
    """One batch of opening emails: each citizen claimed (a unique row) before their email is sent."""
    return notifications.send_opening_batch(consultation_id, user_ids)
