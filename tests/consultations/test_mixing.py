"""Secret ballots reach the ballot box by shuffled batches, never in the transaction that records the voter.

Rows written in one transaction share PostgreSQL's transaction id (`xmin`) and follow each other in SQLite's
`rowid` order: written with the participation, a secret ballot could be joined to its voter by either.
"""

import pytest

from django.db import connection

from consultations.closing import freeze_results
from consultations.mixing import mix_ballots
from consultations.models import Answer, Ballot, Participation, PendingBallot, Secrecy
from consultations.voting import Voter, cast_ballot, resolve_voter
from tests.factories import (
    CitizenFactory,
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    TerritoryFactory,
    full_answers,
)


@pytest.fixture
def batches_of_three(settings):
    settings.CONSULTATIONS_BALLOT_BATCH = 3


def vote(page, key, **answers):
    return cast_ballot(page, Voter(key=key), full_answers(**answers))


def test_secret_ballots_wait_for_their_batch(consultation, batches_of_three, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = vote(consultation, "a")
        vote(consultation, "b")
    assert isinstance(first, PendingBallot)
    assert Ballot.objects.filter(consultation=consultation).count() == 0
    assert PendingBallot.objects.filter(consultation=consultation).count() == 2
    assert Participation.objects.filter(consultation=consultation).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        vote(consultation, "c", **{"q-yes": "no"})
    assert Ballot.objects.filter(consultation=consultation).count() == 3
    assert PendingBallot.objects.filter(consultation=consultation).count() == 0
    assert Answer.objects.filter(consultation=consultation, question_id="q-yes", choice_id="no").count() == 1
    ballots = Ballot.objects.filter(consultation=consultation)
    per_ballot = sorted(Answer.objects.filter(ballot=ballot).count() for ballot in ballots)
    assert per_ballot == [9, 11, 11]  # "no" to q-yes skips q-multi (its two choices): shown only after a "yes"


def test_a_pending_ballot_holds_nothing_that_points_to_its_voter(consultation, batches_of_three):
    vote(consultation, "a")
    pending = PendingBallot.objects.get(consultation=consultation)
    fields = {field.name for field in PendingBallot._meta.concrete_fields}
    assert fields == {"id", "consultation", "commune", "age_bracket", "gender", "answers"}
    assert pending.pk != Participation.objects.get(consultation=consultation).pk


def test_a_vote_is_counted_once_even_while_it_waits(consultation, batches_of_three):
    from consultations.voting import AlreadyVoted

    vote(consultation, "a")
    with pytest.raises(AlreadyVoted):
        vote(consultation, "a")
    assert PendingBallot.objects.filter(consultation=consultation).count() == 1


def test_closing_mixes_the_last_ballots_before_counting(make_consultation, batches_of_three):
    import datetime

    from django.utils import timezone

    page = make_consultation(slug="bientot-close")
    vote(page, "a")
    vote(page, "b", **{"q-yes": "no"})
    assert Ballot.objects.filter(consultation=page).count() == 0
    page.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    page.opens_at = page.closes_at - datetime.timedelta(days=7)
    page.save_revision().publish()
    snapshot, created = freeze_results(page)
    assert created and snapshot.results["participants"] == 2
    assert PendingBallot.objects.filter(consultation=page).count() == 0


def test_below_a_batch_nothing_moves_unless_forced(consultation, batches_of_three):
    vote(consultation, "a")
    assert mix_ballots(consultation.pk) == 0
    assert mix_ballots(consultation.pk, force=True) == 1
    assert mix_ballots(consultation.pk, force=True) == 0
    assert Ballot.objects.filter(consultation=consultation).count() == 1


def test_open_ballots_are_attributed_at_once(make_consultation, batches_of_three, citizen):
    page = make_consultation(slug="a-main-levee", secrecy=Secrecy.OPEN)
    ballot = cast_ballot(page, resolve_voter(page, user=citizen), full_answers())
    assert isinstance(ballot, Ballot)
    assert ballot.participation.user == citizen
    assert PendingBallot.objects.count() == 0


def test_the_results_page_says_ballots_are_waiting(client, consultation, batches_of_three):
    vote(consultation, "a")
    response = client.get(consultation.url + "resultats/")
    assert response.status_code == 200
    assert "1 bulletin attend d'être versé dans l'urne" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_transaction_id_joins_a_secret_ballot_to_its_voter(migrated_data, settings):
    """On PostgreSQL, the ballots of a batch share the mixer's xmin, which no participation has."""
    assert connection.vendor == "postgresql"
    settings.CONSULTATIONS_BALLOT_BATCH = 3
    commune = TerritoryFactory(kind="commune", code="44996", name="Villesecrete", population=500)
    space = CollectiviteSpaceFactory(parent=migrated_data, title="Secret", slug="secret", territory=commune)
    page = ConsultationPageFactory(parent=ConsultationIndexPageFactory(parent=space), slug="secrete")
    for number in range(6):
        user = CitizenFactory(username=f"votant{number}", commune=commune)
        cast_ballot(page, resolve_voter(page, user=user), full_answers())
    assert Ballot.objects.filter(consultation=page).count() == 6
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM consultations_participation p JOIN consultations_ballot b ON p.xmin = b.xmin "
            "WHERE b.consultation_id = %s",
            [page.pk],
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT count(DISTINCT b.xmin::text) FROM consultations_ballot b WHERE b.consultation_id = %s", [page.pk]
        )
        assert cursor.fetchone()[0] == 2  # two batches of three, each in its own transaction
