"""Asking the workers to release ballots or to close a consultation, from a request: never fails, never waits.

A vote asks for a release once committed; the results page of a closed consultation asks for its closing. Such a
request must not turn a recorded vote into an error, nor hold a citizen while a broker is down: the requests are
deduplicated in the cache (one per consultation every few seconds reaches the queue), sent without retries
(`cms.queue.enqueue`), and left to the beat tasks when the queue is unavailable. Without a broker, the task runs here.
"""

import logging

from django.conf import settings
from django.core.cache import cache

from cms.queue import enqueue

logger = logging.getLogger(__name__)


def request_release(box_id):
    """Ask for a release of the ballot box after a vote; at most one request every `CONSULTATIONS_RELEASE_DELAY`
    seconds per consultation reaches the queue, delayed by as much, and then releases whatever is waiting."""
    try:
        delay = int(getattr(settings, "CONSULTATIONS_RELEASE_DELAY", 2))
        if delay and not cache.add(f"consultations:release-requested:{box_id}", 1, delay):
            return
        enqueue("consultations.release_ballots", box_id, countdown=delay or None, if_unavailable="skip")
    except Exception:
        # Logged without anything of the ballot; the beat sweep (consultations.release_due_ballots) will release it.
        logger.exception("Could not release the ballots of consultation %s now", box_id)


def request_closing(box_id, dedupe=True):
    """Ask the workers to close the consultation (once a minute at most from the results page)."""
    try:
        if dedupe and not cache.add(f"consultations:closing-requested:{box_id}", 1, 60):
            return
        enqueue("consultations.close_consultation", box_id, if_unavailable="skip")
    except Exception:
        logger.exception("Could not close consultation %s now", box_id)
