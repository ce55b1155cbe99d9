"""The test settings for a real worker: the tasks it starts (fan-out → sending) go to the broker too, as in
production, instead of running inside the task that starts them."""

from cms.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
