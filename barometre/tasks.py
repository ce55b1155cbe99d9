from celery import shared_task

from .perception import take_weekly_snapshots


@shared_task(name="barometre.take_perception_snapshots")
def take_perception_snapshots():
    """Hourly (beat): record last week's cumulative perception split of every poll, once per poll and week.

    Safe to run twice: a poll that has its row for last week is skipped, and the row is unique.
    """
    return take_weekly_snapshots()
