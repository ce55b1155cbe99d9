"""Celery: in-process by default; a real worker on Redis when the broker is configured."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.result import allow_join_result

from django.utils import timezone

from cms.tasks import healthcheck, publish_scheduled_pages
from tests.factories import NewsIndexPageFactory, NewsPageFactory

ROOT = Path(__file__).resolve().parents[2]


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

    from cms.celery import app

    # The worker reaches the test database (PostgreSQL in the service pass), or a throwaway SQLite file.
    if connection.vendor == "postgresql":
        database = connection.settings_dict
        database_url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    else:
        database_url = "sqlite:////tmp/aimpact-worker-check.sqlite3"
    env = {
        **os.environ,
        "C_FORCE_ROOT": "true",
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": database_url,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    worker = subprocess.Popen(  # noqa: S603 - fixed command line
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cms",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    app.conf.task_always_eager = False  # this test talks to the real broker and worker
    try:
        result = app.send_task("cms.healthcheck")
        with allow_join_result():  # a process-wide flag that other tests' threaded eager tasks may leave set
            answer = result.get(timeout=60)
        assert answer["database"] is True
        assert answer["worker"]
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
