"""The closing task on the production path: a real Celery worker, Redis as broker, PostgreSQL."""

import datetime
import time

import pytest

from django.utils import timezone

from consultations.models import ResultsSnapshot, TallyCell
from consultations.voting import vote
from tests.factories import (
    CitizenFactory,
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    TerritoryFactory,
    full_answers,
)
from tests.utils import celery_worker, task_result


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def _participants(page):
    return (
        TallyCell.objects.filter(consultation=page, question_id="", key="participants")
        .values_list("value", flat=True)
        .first()
        or 0
    )


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_freezes_a_closed_consultation(migrated_data):
    commune = TerritoryFactory(kind="commune", code="44998", name="Villeworker", population=2000)
    space = CollectiviteSpaceFactory(parent=migrated_data, title="Villeworker", slug="villeworker", territory=commune)
    index = ConsultationIndexPageFactory(parent=space)
    consultation = ConsultationPageFactory(parent=index, slug="fermee")
    voters = [CitizenFactory(username=f"worker-voter-{number}", commune=commune) for number in range(3)]

    with celery_worker() as app:
        # Votes in this process (a web process): each commit asks the worker for a release, which opens the
        # ballots with the private key and fills the live counters.
        for voter in voters:
            vote(consultation.pk, full_answers(), user=voter)
        assert wait_for(lambda: _participants(consultation) == 3), "the worker did not release the ballots"
        type(consultation).objects.filter(pk=consultation.pk).update(
            closes_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        frozen = task_result(app.send_task("consultations.close_due_consultations"))
        assert frozen == [consultation.pk]
        # The beat task hands the closing to its own task, run next by the worker.
        assert wait_for(lambda: ResultsSnapshot.objects.filter(consultation=consultation).exists())
        snapshot = ResultsSnapshot.objects.get(consultation=consultation)
        assert snapshot.results["participants"] == 3
        assert snapshot.analysis["questions"]
        # Safe to run twice: nothing more is frozen.
        assert task_result(app.send_task("consultations.close_due_consultations")) == []
        assert task_result(app.send_task("consultations.close_consultation", args=[consultation.pk])) is False
        assert ResultsSnapshot.objects.filter(consultation=consultation).count() == 1
