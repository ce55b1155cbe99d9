"""Casting a ballot: what is stored, opening times, one ballot per person, all or nothing, the kept configuration.

Who may vote under each eligibility rule is in test_eligibility.py.
"""

import datetime
import threading
from dataclasses import replace
from unittest import mock

import pytest

from django.db import connection
from django.utils import timezone

from consultations.models import Ballot, Participation
from consultations.survey import InvalidAnswers
from consultations.voting import (
    AlreadyVoted,
    Closed,
    NotEligible,
    NotFound,
    NotOpen,
    box_config,
    casting,
    has_voted,
    resolve_voter,
    vote,
)
from consultations.voting.config import _configs
from tests.factories import (
    CitizenFactory,
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    TerritoryFactory,
    UserFactory,
    full_answers,
)

from .helpers import cast, config, counts, opened, refusal

# -- what is stored ----------------------------------------------------------------------------------------------------


def test_a_ballot_is_stored_sealed_with_its_answers(consultation, citizen):
    receipt = cast(consultation, citizen)
    assert receipt.consultation_id == consultation.pk and receipt.secret
    participation = Participation.objects.get()
    assert participation.voter_key == f"user:{citizen.pk}"
    assert participation.user == citizen
    assert participation.consultation_id == consultation.pk
    ballot = Ballot.objects.get()
    assert ballot.consultation_id == consultation.pk
    assert ballot.participation is None  # secret
    [(answers, profile)] = opened(consultation)
    assert answers == {
        "q-yes": "yes",
        "q-single": "q-single-c1",
        "q-multi": ["q-multi-c1", "q-multi-c3"],
        "q-rank": ["q-rank-c3", "q-rank-c1", "q-rank-c2"],
        "q-scale": "4",
        "q-number": "12.0000",
        "q-short": "Enfin",
        "q-long": "Prévoir des bancs à l'ombre.",
    }
    assert profile == {}  # no consent to breakdowns


def test_an_unpublished_or_unknown_consultation_is_not_found(consultation, citizen):
    assert refusal(NotFound, lambda: vote(999_999, full_answers(), user=citizen)).status == 404
    consultation.unpublish()
    assert refusal(NotFound, lambda: vote(consultation.pk, full_answers(), user=citizen)).status == 404
    assert counts() == (0, 0)


# -- opening times ---------------------------------------------------------------------------------------------------


def test_not_open_yet(make_consultation, citizen):
    opens = timezone.now() + datetime.timedelta(days=2)
    page = make_consultation(opens_at=opens, closes_at=opens + datetime.timedelta(days=7))
    error = refusal(NotOpen, lambda: cast(page, citizen))
    assert (error.status, error.code) == (403, "not_open")
    assert timezone.localtime(opens).strftime("%d/%m/%Y") in error.message
    assert counts() == (0, 0)


def test_closed(make_consultation, citizen):
    page = make_consultation(
        opens_at=timezone.now() - datetime.timedelta(days=9), closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    error = refusal(Closed, lambda: cast(page, citizen))
    assert (error.status, error.code) == (403, "closed")
    assert counts() == (0, 0)


def test_closing_time_is_exclusive(consultation, citizen):
    refusal(Closed, lambda: cast(consultation, citizen, now=consultation.closes_at))
    cast(consultation, citizen, now=consultation.closes_at - datetime.timedelta(seconds=1))
    assert counts()[0] == 1


def test_timing_comes_before_eligibility(make_consultation):
    page = make_consultation(
        opens_at=timezone.now() - datetime.timedelta(days=9), closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert refusal(Closed, lambda: cast(page, None)).code == "closed"  # not "login required"


# -- one ballot per person, all or nothing ---------------------------------------------------------------------------


def test_a_second_ballot_is_refused(consultation, citizen):
    cast(consultation, citizen)
    assert has_voted(consultation.pk, resolve_voter(config(consultation), user=citizen))
    error = refusal(AlreadyVoted, lambda: cast(consultation, citizen, full_answers(**{"q-yes": "no"})))
    assert (error.status, error.code) == (409, "already_voted")
    assert counts() == (1, 1)
    assert opened(consultation)[0][0]["q-yes"] == "yes"


def test_already_voted_comes_before_invalid_answers(consultation, citizen):
    cast(consultation, citizen)
    error = refusal(AlreadyVoted, lambda: cast(consultation, citizen, {"q-yes": "peut-être"}))
    assert error.code == "already_voted"


def test_invalid_answers_store_nothing(consultation, citizen):
    with pytest.raises(InvalidAnswers) as caught:
        cast(consultation, citizen, full_answers(**{"q-scale": "7", "q-single": None}))
    assert set(caught.value.errors) == {"q-scale", "q-single"}
    assert counts() == (0, 0)
    assert not has_voted(consultation.pk, resolve_voter(config(consultation), user=citizen))


def test_a_failure_while_writing_the_ballot_rolls_everything_back(consultation, citizen):
    with (
        mock.patch.object(Ballot.objects, "create", side_effect=RuntimeError("disque plein")),
        pytest.raises(RuntimeError),
    ):
        cast(consultation, citizen)
    assert counts() == (0, 0)
    cast(consultation, citizen)
    assert counts() == (1, 1)


def test_the_database_refuses_a_second_participation(consultation, citizen):
    """No check is made before writing (two requests at once would both pass it): the unique constraint answers,
    and only then is the refusal explained."""
    cast(consultation, citizen)
    with mock.patch.object(casting, "has_voted", wraps=casting.has_voted) as checked:
        refusal(AlreadyVoted, lambda: cast(consultation, citizen))
    assert checked.call_count == 1
    assert counts() == (1, 1)


def test_a_failing_release_never_turns_a_recorded_vote_into_an_error(consultation, citizen, caplog):
    """Found by the audit: a failure of the after-commit mixing answered a recorded vote with a 500."""
    with mock.patch("consultations.dispatch.enqueue", side_effect=RuntimeError("courtier en panne")):
        receipt = cast(consultation, citizen)
    assert receipt.consultation_id == consultation.pk
    assert counts() == (1, 1)
    assert "Could not release" in caplog.text
    assert "Enfin" not in caplog.text and "bancs" not in caplog.text


def test_the_kept_configuration_follows_a_new_revision(consultation, citizen):
    """The survey is parsed once per published revision; a vote after a new revision uses the new one."""
    first = box_config(consultation.pk)
    assert box_config(consultation.pk) is first  # kept
    consultation.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    consultation.opens_at = consultation.closes_at - datetime.timedelta(days=3)
    consultation.save_revision().publish()
    # Another process kept the old configuration: the vote's lock reads the new revision, and the vote is refused.
    _configs[consultation.pk] = first
    assert refusal(Closed, lambda: cast(consultation, citizen)).code == "closed"
    assert counts() == (0, 0)


def test_a_stale_refusal_is_checked_before_it_is_given(consultation, citizen):
    """A process that kept an old configuration (closed yesterday) must not refuse a consultation reopened since."""
    stale = box_config(consultation.pk)
    consultation.closes_at = timezone.now() + datetime.timedelta(days=30)
    consultation.save_revision().publish()
    _configs[consultation.pk] = replace(stale, closes_at=timezone.now() - datetime.timedelta(days=1))
    cast(consultation, citizen)
    assert counts() == (1, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_ballots_of_one_person_count_once(migrated_data):
    commune = TerritoryFactory(kind="commune", code="44997", name="Villeconcurrente", population=500)
    space = CollectiviteSpaceFactory(parent=migrated_data, title="Concurrence", slug="concurrence", territory=commune)
    page = ConsultationPageFactory(parent=ConsultationIndexPageFactory(parent=space), slug="simultanee")
    user = CitizenFactory(username="pressee", commune=commune)
    assert connection.vendor == "postgresql"

    threads_count = 8
    barrier = threading.Barrier(threads_count)
    outcomes = []
    lock = threading.Lock()

    def submit():
        try:
            barrier.wait(timeout=30)
            try:
                vote(page.pk, full_answers(), user=user)
                outcome = "recorded"
            except AlreadyVoted:
                outcome = "already_voted"
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                outcome = repr(error)
            with lock:
                outcomes.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["already_voted"] * 7 + ["recorded"]
    assert Participation.objects.filter(consultation=page).count() == 1
    assert Ballot.objects.filter(consultation=page).count() == 1


def test_a_user_factory_account_without_address_cannot_vote(consultation):
    """Accounts made without an address (an editor created by hand) have nothing verified: they cannot vote."""
    user = UserFactory(username="sans-adresse", email="")
    assert refusal(NotEligible, lambda: cast(consultation, user)).reason == "email_unverified"
