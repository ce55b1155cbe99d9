"""Helpers shared by the tests."""

import contextlib
import os
import subprocess
import sys
from pathlib import Path

from celery.result import allow_join_result

ROOT = Path(__file__).resolve().parents[1]


def ensure_base_content():
    """Re-create what the migrations put in a fresh database (locales, root page and collection,
    platform home, default site) when a transactional test has emptied it. Returns the home."""
    from wagtail.models import Collection, Locale, Page, Site

    from cms.models import PlatformHomePage

    french, _ = Locale.objects.get_or_create(language_code="fr")
    Locale.objects.get_or_create(language_code="en")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=french))
    home = PlatformHomePage.objects.filter(locale=french).first()
    if home is None:
        home = root.add_child(instance=PlatformHomePage(title="AimPact", slug="accueil", locale=french))
    if not Site.objects.exists():
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="AimPact")
    return home


@contextlib.contextmanager
def celery_worker(settings_module="cms.settings.test", database_url=None):
    """A real Celery worker (one process, solo pool) on the broker of `CELERY_BROKER_URL`, with this process sending
    to it instead of running tasks eagerly. `database_url` defaults to the test database (PostgreSQL)."""
    from django.db import connection

    from cms.celery import app

    if database_url is None:
        database = connection.settings_dict
        database_url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = {
        **os.environ,
        "C_FORCE_ROOT": "true",
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": database_url,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    command = [sys.executable, "-m", "celery", "-A", "cms", "worker", "--pool=solo", "--concurrency=1"]
    command += ["--without-gossip", "--without-mingle", "--loglevel=WARNING"]
    worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603
    app.conf.task_always_eager = False
    try:
        yield app
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def task_result(async_result, timeout=90):
    """The task's return value. Celery's "never join inside a task" guard is one process-wide flag, set and reset
    around every eager task: eager tasks run by other tests' threads can leave it set. This process is no worker."""
    with allow_join_result():
        return async_result.get(timeout=timeout)
