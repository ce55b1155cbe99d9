"""Casting a ballot: opening times, who may vote under each eligibility rule, one ballot per person, all or nothing."""

import datetime
import threading
import time
from unittest import mock

import pytest

from django.db import IntegrityError, connection
from django.utils import timezone

from consultations import voting
from consultations.invitations import create_invitations
from consultations.models import Answer, Ballot, Participation
from consultations.survey import InvalidAnswers
from consultations.voting import (
    AlreadyVoted,
    Closed,
    NotEligible,
    NotOpen,
    cast_ballot,
    email_voter_key,
    has_voted,
    make_email_token,
    read_email_token,
    resolve_voter,
)
from tests.factories import (
    CitizenFactory,
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    TerritoryFactory,
    UserFactory,
    full_answers,
)


def counts():
    return Participation.objects.count(), Ballot.objects.count(), Answer.objects.count()


def refusal(exception_class, call):
    with pytest.raises(exception_class) as caught:
        call()
    return caught.value


@pytest.fixture
def departement(db):
    return TerritoryFactory(kind="departement", code="44", name="Loire-Atlantique", population=None)


@pytest.fixture
def communes(departement):
    return {
        "inside": TerritoryFactory(kind="commune", code="44109", name="Nantes", parent=departement, population=320000),
        "inside2": TerritoryFactory(kind="commune", code="44184", name="Saint-Nazaire", parent=departement),
        "outside": TerritoryFactory(
            kind="commune",
            code="49007",
            name="Angers",
            parent=TerritoryFactory(kind="departement", code="49", name="Maine-et-Loire"),
        ),
    }


# -- opening times ---------------------------------------------------------------------------------------------------


def test_a_ballot_is_stored_with_its_answers(consultation, citizen):
    ballot = cast_ballot(consultation, resolve_voter(consultation, user=citizen), full_answers())
    participation = Participation.objects.get()
    assert participation.voter_key == f"user:{citizen.pk}"
    assert participation.user == citizen
    assert participation.consultation_id == consultation.pk
    assert ballot.consultation_id == consultation.pk
    assert ballot.commune == citizen.commune
    rows = {(a.question_id, a.choice_id, a.rank, a.number, a.text) for a in ballot.answers.all()}
    assert ("q-yes", "yes", None, None, "") in rows
    assert ("q-multi", "q-multi-c1", None, None, "") in rows
    assert ("q-multi", "q-multi-c3", None, None, "") in rows
    assert ("q-rank", "q-rank-c3", 1, None, "") in rows
    assert ("q-rank", "q-rank-c2", 3, None, "") in rows
    assert any(row[0] == "q-scale" and row[1] == "4" and row[3] == 4 for row in rows)
    assert any(row[0] == "q-number" and row[3] == 12 for row in rows)
    assert ballot.answers.get(question_id="q-long").moderation == Answer.Moderation.PENDING
    assert ballot.answers.get(question_id="q-yes").moderation == Answer.Moderation.NOT_NEEDED
    assert Answer.objects.count() == 11


def test_not_open_yet(make_consultation, citizen):
    opens = timezone.now() + datetime.timedelta(days=2)
    page = make_consultation(opens_at=opens, closes_at=opens + datetime.timedelta(days=7))
    voter = resolve_voter(page, user=citizen)
    error = refusal(NotOpen, lambda: cast_ballot(page, voter, full_answers()))
    assert (error.status, error.code) == (403, "not_open")
    assert timezone.localtime(opens).strftime("%d/%m/%Y") in error.message
    assert counts() == (0, 0, 0)


def test_closed(make_consultation, citizen):
    page = make_consultation(
        opens_at=timezone.now() - datetime.timedelta(days=9), closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    error = refusal(Closed, lambda: cast_ballot(page, resolve_voter(page, user=citizen), full_answers()))
    assert (error.status, error.code) == (403, "closed")
    assert counts() == (0, 0, 0)


def test_closing_time_is_exclusive(consultation, citizen):
    voter = resolve_voter(consultation, user=citizen)
    refusal(Closed, lambda: cast_ballot(consultation, voter, full_answers(), now=consultation.closes_at))
    cast_ballot(consultation, voter, full_answers(), now=consultation.closes_at - datetime.timedelta(seconds=1))
    assert counts()[0] == 1


# -- eligibility: accounts and residents -----------------------------------------------------------------------------


def test_account_rule_needs_a_login(consultation):
    from django.contrib.auth.models import AnonymousUser

    for user in (None, AnonymousUser()):
        error = refusal(NotEligible, lambda user=user: resolve_voter(consultation, user=user))
        assert (error.status, error.code, error.reason) == (403, "not_eligible", "login_required")


def test_residents_of_the_communes_territory(make_consultation, commune, citizen):
    page = make_consultation(eligibility="residents")  # the space's territory: the commune
    assert page.effective_territory == commune
    assert resolve_voter(page, user=citizen).key == f"user:{citizen.pk}"

    neighbour = UserFactory(username="voisin")
    neighbour.commune = TerritoryFactory(kind="commune", code="44001", name="Ailleurs")
    neighbour.save()
    error = refusal(NotEligible, lambda: resolve_voter(page, user=neighbour))
    assert error.reason == "not_resident"
    assert "Ailleurs" in error.message

    homeless = UserFactory(username="sans-commune")
    error = refusal(NotEligible, lambda: resolve_voter(page, user=homeless))
    assert error.reason == "commune_missing"

    from django.contrib.auth.models import AnonymousUser

    assert refusal(NotEligible, lambda: resolve_voter(page, user=AnonymousUser())).reason == "login_required"


def test_a_departements_consultation_accepts_its_communes(make_consultation, departement, communes):
    page = make_consultation(eligibility="residents", territory=departement)
    for key in ("inside", "inside2"):
        citizen = CitizenFactory(commune=communes[key])
        assert resolve_voter(page, user=citizen).commune == communes[key]
    stranger = CitizenFactory(commune=communes["outside"])
    assert refusal(NotEligible, lambda: resolve_voter(page, user=stranger)).reason == "not_resident"
    cast_ballot(page, resolve_voter(page, user=CitizenFactory(commune=communes["inside"])), full_answers())
    assert Ballot.objects.get().commune == communes["inside"]


def test_a_regions_consultation_accepts_the_communes_of_its_departements(make_consultation, departement, communes):
    region = TerritoryFactory(kind="region", code="52", name="Pays de la Loire")
    departement.parent = region
    departement.save()
    page = make_consultation(eligibility="residents", territory=region)
    assert resolve_voter(page, user=CitizenFactory(commune=communes["inside"])).commune == communes["inside"]
    assert refusal(NotEligible, lambda: resolve_voter(page, user=CitizenFactory(commune=communes["outside"])))


def test_demographics_travel_with_the_ballot_only_with_consent(consultation, commune):
    consenting = CitizenFactory(
        commune=commune, age_bracket="25-34", gender="femme", demographics_consent_at=timezone.now()
    )
    voter = resolve_voter(consultation, user=consenting)
    assert (voter.age_bracket, voter.gender) == ("25-34", "femme")
    ballot = cast_ballot(consultation, voter, full_answers())
    assert (ballot.age_bracket, ballot.gender, ballot.commune) == ("25-34", "femme", commune)

    not_consenting = CitizenFactory(commune=commune)
    not_consenting.age_bracket = "65+"  # not saved: the database forbids it without consent
    voter = resolve_voter(consultation, user=not_consenting)
    assert (voter.age_bracket, voter.gender) == ("", "")


# -- eligibility: invitation codes -----------------------------------------------------------------------------------


def test_invitation_codes(make_consultation):
    page = make_consultation(eligibility="invitation")
    other = make_consultation(eligibility="invitation")
    personal, anonymous = create_invitations(page, emails=["ana@example.org"], count=1)
    elsewhere = create_invitations(other, count=1)[0]
    assert personal.email == "ana@example.org" and anonymous.email == ""
    assert len(personal.code) == 10 and personal.code != anonymous.code

    assert refusal(NotEligible, lambda: resolve_voter(page)).reason == "invitation_required"
    assert refusal(NotEligible, lambda: resolve_voter(page, invitation_code="ABCDE-FGHJK")).reason == (
        "invitation_invalid"
    )
    assert refusal(NotEligible, lambda: resolve_voter(page, invitation_code=elsewhere.code)).reason == (
        "invitation_invalid"
    )

    # Typed from paper: lower case, with the dash and spaces.
    typed = f" {personal.code[:5].lower()}-{personal.code[5:].lower()} "
    voter = resolve_voter(page, invitation_code=typed)
    assert voter.key == f"invitation:{personal.pk}"
    assert voter.user is None
    cast_ballot(page, voter, full_answers())

    # A code votes once.
    again = resolve_voter(page, invitation_code=personal.code)
    error = refusal(AlreadyVoted, lambda: cast_ballot(page, again, full_answers()))
    assert (error.status, error.code) == (409, "already_voted")
    # Another code still votes.
    cast_ballot(page, resolve_voter(page, invitation_code=anonymous.code), full_answers())
    assert counts()[:2] == (2, 2)


def test_inviting_the_same_address_twice_creates_one_invitation(make_consultation):
    page = make_consultation(eligibility="invitation")
    assert len(create_invitations(page, emails=["ana@example.org", "bob@example.org"])) == 2
    assert [i.email for i in create_invitations(page, emails=["ana@example.org", "chloe@example.org"])] == [
        "chloe@example.org"
    ]


# -- eligibility: confirmed email addresses --------------------------------------------------------------------------


def test_email_tokens(make_consultation):
    page = make_consultation(eligibility="email")
    other = make_consultation(eligibility="email")
    token = make_email_token(page, " Ana@Example.org ")
    assert read_email_token(page, token) == "ana@example.org"

    assert refusal(NotEligible, lambda: read_email_token(page, token + "x")).reason == "email_token_invalid"
    assert refusal(NotEligible, lambda: read_email_token(page, "n-importe-quoi")).reason == "email_token_invalid"
    assert refusal(NotEligible, lambda: read_email_token(other, token)).reason == "email_token_invalid"
    from django.core import signing

    forged = signing.dumps({"c": page.pk, "e": "ana@example.org"}, salt="une-autre-application")
    assert refusal(NotEligible, lambda: read_email_token(page, forged)).reason == "email_token_invalid"

    eight_days_ago = time.time() - 8 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
        old = make_email_token(page, "ana@example.org")
    assert refusal(NotEligible, lambda: read_email_token(page, old)).reason == "email_token_expired"


def test_one_ballot_per_confirmed_address(make_consultation):
    page = make_consultation(eligibility="email")
    assert refusal(NotEligible, lambda: resolve_voter(page)).reason == "email_required"
    voter = resolve_voter(page, confirmed_email="ana@example.org")
    assert voter.key == email_voter_key("ana@example.org")
    assert "ana" not in voter.key  # the address itself is not kept
    cast_ballot(page, voter, full_answers())
    again = resolve_voter(page, confirmed_email="  ANA@example.org")
    refusal(AlreadyVoted, lambda: cast_ballot(page, again, full_answers()))
    cast_ballot(page, resolve_voter(page, confirmed_email="bob@example.org"), full_answers())
    assert counts()[0] == 2
    assert not Participation.objects.filter(voter_key__contains="@").exists()


def test_an_account_with_a_verified_address_votes_by_email_without_a_token(make_consultation, commune):
    page = make_consultation(eligibility="email")
    verified = CitizenFactory(email="ver@example.org", commune=commune)
    assert resolve_voter(page, user=verified).key == email_voter_key("ver@example.org")
    unverified = CitizenFactory(email="nonver@example.org", verified_email=False)
    assert refusal(NotEligible, lambda: resolve_voter(page, user=unverified)).reason == "email_required"


# -- one ballot per person, all or nothing ---------------------------------------------------------------------------


def test_a_second_ballot_is_refused(consultation, citizen):
    voter = resolve_voter(consultation, user=citizen)
    cast_ballot(consultation, voter, full_answers())
    assert has_voted(consultation, voter)
    error = refusal(AlreadyVoted, lambda: cast_ballot(consultation, voter, full_answers(**{"q-yes": "no"})))
    assert (error.status, error.code) == (409, "already_voted")
    assert counts()[:2] == (1, 1)
    assert Answer.objects.get(question_id="q-yes").choice_id == "yes"


def test_invalid_answers_store_nothing(consultation, citizen):
    voter = resolve_voter(consultation, user=citizen)
    with pytest.raises(InvalidAnswers) as caught:
        cast_ballot(consultation, voter, full_answers(**{"q-scale": "7", "q-single": None}))
    assert set(caught.value.errors) == {"q-scale", "q-single"}
    assert counts() == (0, 0, 0)
    assert not has_voted(consultation, voter)


def test_a_failure_while_writing_answers_rolls_everything_back(consultation, citizen):
    voter = resolve_voter(consultation, user=citizen)
    real_rows = voting.answer_rows

    def duplicated_rows(*args):
        rows = real_rows(*args)
        return [*rows, rows[0]]  # the same answer twice: the unique constraint fails mid-way

    with mock.patch.object(voting, "answer_rows", duplicated_rows), pytest.raises(IntegrityError):
        cast_ballot(consultation, voter, full_answers())
    assert counts() == (0, 0, 0)
    cast_ballot(consultation, voter, full_answers())
    assert counts()[:2] == (1, 1)


def test_the_database_refuses_a_second_participation(consultation, citizen):
    """Even if the check before writing misses it (two requests at once), the unique constraint answers."""
    voter = resolve_voter(consultation, user=citizen)
    cast_ballot(consultation, voter, full_answers())
    with mock.patch.object(voting, "has_voted", side_effect=[False, True]):
        refusal(AlreadyVoted, lambda: cast_ballot(consultation, voter, full_answers()))
    assert counts()[:2] == (1, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_ballots_of_one_person_count_once(migrated_data):
    commune = TerritoryFactory(kind="commune", code="44997", name="Villeconcurrente", population=500)
    space = CollectiviteSpaceFactory(parent=migrated_data, title="Concurrence", slug="concurrence", territory=commune)
    page = ConsultationPageFactory(parent=ConsultationIndexPageFactory(parent=space), slug="simultanee")
    user = CitizenFactory(username="pressee", commune=commune)
    voter = resolve_voter(page, user=user)
    assert connection.vendor == "postgresql"

    threads_count = 8
    barrier = threading.Barrier(threads_count)
    outcomes = []
    lock = threading.Lock()

    def submit():
        try:
            barrier.wait(timeout=30)
            try:
                cast_ballot(page, voter, full_answers())
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
    assert Answer.objects.filter(consultation=page).count() == 11
