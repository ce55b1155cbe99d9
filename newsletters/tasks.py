"""The newsletters' Celery tasks: fan-out, sending, and the beat sweep that resumes an interrupted sending."""

from celery import shared_task

from . import sending

TASK_SECONDS = 600  # a sending task hands over to a fresh one after this long (well inside Redis's visibility timeout)
RETRY_DELAYS = [30, 60, 120, 300, 600]  # seconds before a provider error's retry: 1st, 2nd, … (then the last)


@shared_task(name="newsletters.fan_out")
def fan_out(issue_id):
    """One delivery row per subscriber of the issue, then the sending tasks. Safe to run twice, at once too."""
    return sending.fan_out(issue_id)


@shared_task(name="newsletters.send_batches", bind=True, max_retries=None)
def send_batches(self, issue_id):
    """Send the issue's QUEUED rows. A provider error retries later (its rows counted an attempt; they fail after
    NEWSLETTER_MAX_ATTEMPTS, so this ends); a long sending hands over to a new task.

    Run eagerly (no broker: development, tests), a provider error is retried at once, in this call: each try counts
    an attempt on the rows it took, so the loop ends when the provider recovers or the rows have failed."""
    from cms.queue import enqueue

    while True:
        try:
            handled, more = sending.send_batches(issue_id, seconds=TASK_SECONDS)
            break
        except sending.ProviderError as error:
            if not self.request.is_eager:
                delay = RETRY_DELAYS[min(self.request.retries, len(RETRY_DELAYS) - 1)]
                raise self.retry(exc=error, countdown=delay) from error
    if more:
        enqueue("newsletters.send_batches", issue_id, if_unavailable="skip")
    return handled


@shared_task(name="newsletters.resume_sending")
def resume_sending():
    """Every minute (beat): fan-outs that never finished, and issues with QUEUED rows that nobody is sending."""
    fan_outs, issues = sending.resume()
    return {"fan_outs": fan_outs, "issues": issues}
