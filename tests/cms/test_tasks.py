"""Celery: in-process by default; a real worker on Redis when the broker is configured."""

import datetime

import pytest

from django.utils import timezone

from cms.tasks import healthcheck, publish_scheduled_pages
from tests.factories import NewsIndexPageFactory, NewsPageFactory
from tests.utils import celery_worker, task_result


def test_scheduled_page_goes_live_when_the_task_runs(space):
    index = NewsIndexPageFactory(parent=space)
    news = NewsPageFactory(parent=index, title="Annonce programmée", live=False)
    news.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1))
    news.refresh_from_db()
    assert not news.live
    publish_scheduled_pages.delay().get()
    news.refresh_from_db()
    assert news.live
    publish_scheduled_pages.delay().get()  # safe to run twice
    assert news.revisions.count() == 1


def test_healthcheck_runs_in_process_without_a_broker(db):
    result = healthcheck.delay().get()
    assert result["database"] is True


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_answers_through_redis():
    from django.db import connection

    # The worker reaches the test database (PostgreSQL in the service pass), or a throwaway SQLite file.
    database_url = None if connection.vendor == "postgresql" else "sqlite:////tmp/aimpact-worker-check.sqlite3"
    with celery_worker("cms.settings.dev", database_url) as app:
        answer = task_result(app.send_task("cms.healthcheck"), timeout=60)
    assert answer["database"] is True
    assert answer["worker"]
