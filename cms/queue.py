"""Handing work to Celery so that a broker outage never reaches the citizen as a hang or an error page.

`enqueue(task, *args)` publishes once, without the retries Celery does by default (with the broker unreachable they
held a request for about 19 seconds, then failed with a 500); the connection itself times out within a second
(`CELERY_BROKER_TRANSPORT_OPTIONS` in the settings). When the broker cannot take the task, the caller says what
happens: run it here and now (`if_unavailable="run"`, for work a citizen waits for, such as a confirmation email),
leave it to the periodic sweep that will catch up (`"skip"`), or raise `QueueUnavailable` so that the page can say
"try again later" (`"raise"`). Without a broker (the embedded default), tasks run in-process as always.
"""

import logging

from kombu.exceptions import KombuError, OperationalError

from cms.celery import app

logger = logging.getLogger(__name__)

BROKER_ERRORS = (OperationalError, KombuError, ConnectionError, TimeoutError, OSError)


class QueueUnavailable(Exception):
    """The task queue cannot take work right now."""


def enqueue(task, *args, countdown=None, if_unavailable="raise"):
    """Send `task(*args)` to the workers; see the module for `if_unavailable` ("run", "skip" or "raise").

    `task` is a Celery task or its registered name (the caller then needs no import of the app's tasks module)."""
    if isinstance(task, str):
        if task not in app.tasks:
            app.loader.import_default_modules()  # the apps' tasks modules, found by autodiscover_tasks()
        task = app.tasks[task]
    if task.app.conf.task_always_eager:
        return task.apply_async(args, countdown=countdown)
    try:
        return task.apply_async(args, countdown=countdown, retry=False)
    except BROKER_ERRORS as error:
        logger.warning("The task queue is unavailable for %s (%s)", task.name, type(error).__name__)
        if if_unavailable == "run":
            return task.apply(args)
        if if_unavailable == "skip":
            return None
        raise QueueUnavailable(task.name) from error
