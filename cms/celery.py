"""The project's Celery app, configured from Django settings (CELERY_ namespace).

Without CELERY_BROKER_URL, settings make tasks run in-process (eager), so a laptop or
the test suite needs no broker; with it, run `celery -A cms worker` and `celery -A cms beat`.
"""

import os

from celery import Celery

# A server or worker started without DJANGO_SETTINGS_MODULE runs the production settings, which refuse to start
# without their secrets: never DEBUG pages and a development key by accident. `manage.py` (make run) uses dev.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
