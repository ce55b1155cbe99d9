"""The closing task on the production path: a real Celery worker, Redis as broker, PostgreSQL."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.utils import timezone

from consultations.models import ResultsSnapshot
from consultations.voting import cast_ballot, resolve_voter
from tests.factories import (
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    TerritoryFactory,
    UserFactory,
    full_answers,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_freezes_a_closed_consultation(migrated_data):
    from django.db import connection

    from cms.celery import app

    commune = TerritoryFactory(kind="commune", code="44998", name="Villeworker", population=2000)
    space = CollectiviteSpaceFactory(parent=migrated_data, title="Villeworker", slug="villeworker", territory=commune)
    index = ConsultationIndexPageFactory(parent=space)
    consultation = ConsultationPageFactory(parent=index, slug="fermee")
    for number in range(3):
        voter = resolve_voter(consultation, user=UserFactory(username=f"worker-voter-{number}"))
        cast_ballot(consultation, voter, full_answers())
    type(consultation).objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    database = connection.settings_dict
    env = {
        **os.environ,
        "C_FORCE_ROOT": "true",
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
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
    app.conf.task_always_eager = False
    try:
        frozen = app.send_task("consultations.close_due_consultations").get(timeout=90)
        assert frozen == [consultation.pk]
        snapshot = ResultsSnapshot.objects.get(consultation=consultation)
        assert snapshot.results["participants"] == 3
        assert snapshot.analysis["questions"]
        # Safe to run twice: nothing more is frozen.
        assert app.send_task("consultations.close_due_consultations").get(timeout=90) == []
        assert ResultsSnapshot.objects.filter(consultation=consultation).count() == 1
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
