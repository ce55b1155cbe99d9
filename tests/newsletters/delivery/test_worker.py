"""The production path: real Celery workers on Redis against PostgreSQL, an email backend every process sees (a file),
everyone served exactly once — and again with the worker SIGKILLed mid-batch and a new one started."""

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from django.db import connection
from django.utils import timezone

from cms.celery import app
from newsletters import sending
from newsletters.models import Delivery, IssueSending
from tests.utils import ROOT

from .factories import NewsletterPageFactory, SubscriptionFactory, draft_issue

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
FILE_BACKEND = "tests.newsletters.delivery.backends.FileBackend"


def wait_for(condition, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def start_worker(log, **env):
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    environment = {
        **os.environ,
        "C_FORCE_ROOT": "true",
        "DJANGO_SETTINGS_MODULE": "tests.newsletters.delivery.worker_settings",
        "DATABASE_URL": url,
        **env,
    }
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    command = [sys.executable, "-m", "celery", "-A", "cms", "worker", "--pool=solo", "--concurrency=1"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"]
    return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603


def stop(worker):
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def received(outbox):
    if not outbox.exists():
        return Counter()
    return Counter(json.loads(line)["to"] for line in outbox.read_text().splitlines() if line)


@pytest.fixture
def issue_for(migrated_data, settings, tmp_path, monkeypatch):
    outbox = tmp_path / "outbox.jsonl"
    monkeypatch.setenv("NEWSLETTER_EMAIL_BACKEND", FILE_BACKEND)
    monkeypatch.setenv("NEWSLETTER_TEST_OUTBOX", str(outbox))
    settings.NEWSLETTER_EMAIL_BACKEND = FILE_BACKEND
    from tests.factories import CollectiviteSpaceFactory

    space = CollectiviteSpaceFactory(parent=migrated_data, title="Villeworker", slug="villeworker-lettre")
    newsletter = NewsletterPageFactory(parent=space)
    app.control.purge()  # tasks an earlier run left in this Redis database

    def make(count):
        subscriptions = SubscriptionFactory.create_batch(count, newsletter=newsletter)
        return draft_issue(newsletter), {s.email for s in subscriptions}, outbox

    yield make
    app.conf.task_always_eager = True


@pytest.mark.parametrize("mode", [{}, {"NEWSLETTER_MERGE_FIELD": "{{%s}}", "NEWSLETTER_BATCH_SIZE": "7"}])
def test_a_real_worker_sends_an_issue_to_everyone_exactly_once(issue_for, tmp_path, mode):
    issue, emails, outbox = issue_for(60)
    with (tmp_path / "worker.log").open("wb") as log:
        worker = start_worker(log, **mode)
        app.conf.task_always_eager = False
        try:
            issue.get_latest_revision().publish()  # autocommit: the fan-out goes to the broker at once
            assert wait_for(lambda: IssueSending.objects.filter(issue=issue, finished_at__isnull=False).exists()), (
                tmp_path / "worker.log"
            ).read_text()
        finally:
            stop(worker)
    assert received(outbox) == Counter({address: 1 for address in emails})
    assert Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count() == 60
    if mode:
        assert len({json.loads(line)["pid"] for line in outbox.read_text().splitlines()}) == 1


@pytest.mark.parametrize("mode", [{}, {"NEWSLETTER_MERGE_FIELD": "{{%s}}", "NEWSLETTER_BATCH_SIZE": "5"}])
def test_a_worker_killed_mid_batch_then_a_new_one_serves_everyone_exactly_once(issue_for, tmp_path, mode):
    issue, emails, outbox = issue_for(40)
    hang = tmp_path / "hanging"
    with (tmp_path / "worker.log").open("wb") as log:
        first = start_worker(log, NEWSLETTER_TEST_HANG_AT=str(hang), NEWSLETTER_TEST_HANG_AFTER="12", **mode)
        app.conf.task_always_eager = False
        try:
            issue.get_latest_revision().publish()
            assert wait_for(hang.exists), (tmp_path / "worker.log").read_text()
            # The worker holds a transaction with its batch's rows locked, its message not accepted yet.
            assert Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count() >= 12
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=20)
            assert Delivery.objects.filter(issue=issue, status=Delivery.Status.QUEUED).exists()
            assert IssueSending.objects.get(issue=issue).finished_at is None

            second = start_worker(log, **mode)
            try:
                # The beat sweep (run here, as beat would a few minutes later) re-enqueues the issue's sending.
                fan_outs, issues = sending.resume(now=timezone.now() + timezone.timedelta(minutes=5))
                assert issues == [issue.pk]
                assert wait_for(lambda: IssueSending.objects.filter(issue=issue, finished_at__isnull=False).exists()), (
                    tmp_path / "worker.log"
                ).read_text()
            finally:
                stop(second)
        finally:
            stop(first)
    assert received(outbox) == Counter({address: 1 for address in emails})
    assert set(Delivery.objects.filter(issue=issue).values_list("status", flat=True)) == {Delivery.Status.SENT}
    pids = Counter(json.loads(line)["pid"] for line in outbox.read_text().splitlines())
    assert len(pids) == 2  # both workers sent part of it
