"""The groups' Celery tasks: they take ids and are safe to run twice (see `notifications`)."""

from celery import shared_task

from . import notifications


@shared_task(name="citizen_groups.notify_editors")
def notify_editors(message_id):
    """A group's message to the editors of the space it is addressed to."""
    return notifications.notify_editors(message_id)


@shared_task(name="citizen_groups.notify_answer")
def notify_answer(message_id):
    """The collectivité's answer to the group's moderators."""
    return notifications.notify_answer(message_id)
