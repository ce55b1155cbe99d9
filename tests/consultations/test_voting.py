"""Casting a ballot: opening times, who may vote under each eligibility rule, one ballot per person, all or nothing."""

import datetime
import threading
import time
from unittest import mock

import pytest

from django.db import connection
from django.utils import timezone

from consultations import voting
from consultations.invitations import create_invitations
from consultations.models import Ballot, Participation
from consultations.survey import InvalidAnswers
from consultations.voting import (
    AlreadyVoted,
    Closed,
    NotEligible,
    NotFound,
    NotOpen,
    box_config,
    canonical_email,
    email_voter_key,
    has_voted,
    make_email_token,
    read_email_token,
    resolve_voter,
    vote,
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

from .helpers import cast, counts, opened


def refusal(exception_class, call):
    with pytest.raises(exception_class) as caught:
        call()
    return caught.value


def config(page):
    return box_config(page.ballot_box.pk, refresh=True)


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


# -- eligibility: accounts and residents -----------------------------------------------------------------------------


def test_account_rule_needs_a_login(consultation):
    from django.contrib.auth.models import AnonymousUser

    for user in (None, AnonymousUser()):
        error = refusal(NotEligible, lambda user=user: resolve_voter(config(consultation), user=user))
        assert (error.status, error.code, error.reason) == (403, "not_eligible", "login_required")


def test_an_account_votes_only_while_its_address_is_verified(consultation, commune):
    from allauth.account.models import EmailAddress

    never = CitizenFactory(commune=commune, verified_email=False)
    assert refusal(NotEligible, lambda: cast(consultation, never)).reason == "email_unverified"
    lost = CitizenFactory(commune=commune)
    EmailAddress.objects.filter(user=lost).update(verified=False)
    assert refusal(NotEligible, lambda: cast(consultation, lost)).reason == "email_unverified"
    changed = CitizenFactory(commune=commune)
    changed.email = "nouvelle@example.org"  # a new address, not verified yet
    changed.save()
    assert refusal(NotEligible, lambda: cast(consultation, changed)).reason == "email_unverified"
    assert counts() == (0, 0)


def test_residents_of_the_communes_territory(make_consultation, commune, citizen):
    page = make_consultation(eligibility="residents")  # the space's territory: the commune
    assert page.effective_territory == commune
    assert resolve_voter(config(page), user=citizen).key == f"user:{citizen.pk}"

    neighbour = CitizenFactory(
        username="voisin", commune=TerritoryFactory(kind="commune", code="44001", name="Ailleurs")
    )
    error = refusal(NotEligible, lambda: resolve_voter(config(page), user=neighbour))
    assert error.reason == "not_resident"
    assert "Ailleurs" in error.message

    homeless = CitizenFactory(username="sans-commune", commune=None)
    error = refusal(NotEligible, lambda: resolve_voter(config(page), user=homeless))
    assert error.reason == "commune_missing"

    from django.contrib.auth.models import AnonymousUser

    assert refusal(NotEligible, lambda: resolve_voter(config(page), user=AnonymousUser())).reason == "login_required"


def test_a_departements_consultation_accepts_its_communes(make_consultation, departement, communes):
    page = make_consultation(eligibility="residents", territory=departement)
    for key in ("inside", "inside2"):
        resident = CitizenFactory(commune=communes[key])
        assert resolve_voter(config(page), user=resident).user == resident
    stranger = CitizenFactory(commune=communes["outside"])
    assert refusal(NotEligible, lambda: resolve_voter(config(page), user=stranger)).reason == "not_resident"
    cast(page, CitizenFactory(commune=communes["inside"]))
    assert counts() == (1, 1)


def test_a_regions_consultation_accepts_the_communes_of_its_departements(make_consultation, departement, communes):
    region = TerritoryFactory(kind="region", code="52", name="Pays de la Loire")
    departement.parent = region
    departement.save()
    page = make_consultation(eligibility="residents", territory=region)
    assert resolve_voter(config(page), user=CitizenFactory(commune=communes["inside"]))
    assert refusal(NotEligible, lambda: resolve_voter(config(page), user=CitizenFactory(commune=communes["outside"])))


def test_demographics_are_sealed_with_the_ballot_only_with_consent(consultation, commune):
    consenting = CitizenFactory(
        commune=commune, age_bracket="25-34", gender="femme", demographics_consent_at=timezone.now()
    )
    assert resolve_voter(config(consultation), user=consenting).profile == {
        "commune": commune.pk,
        "age_bracket": "25-34",
        "gender": "femme",
    }
    cast(consultation, consenting)
    assert opened(consultation)[0][1] == {"commune": commune.pk, "age_bracket": "25-34", "gender": "femme"}

    # Without consent (or after withdrawing it), not even the commune goes with the ballot.
    not_consenting = CitizenFactory(commune=commune)
    not_consenting.age_bracket = "65+"  # not saved: the database forbids it without consent
    assert resolve_voter(config(consultation), user=not_consenting).profile == {}
    withdrawn = CitizenFactory(
        commune=commune, age_bracket="65+", gender="homme", demographics_consent_at=timezone.now()
    )
    withdrawn.withdraw_demographics_consent()
    withdrawn.save()
    cast(consultation, withdrawn)
    assert sorted(str(profile) for _answers, profile in opened(consultation)) == sorted(
        [str({"age_bracket": "25-34", "commune": commune.pk, "gender": "femme"}), str({})]
    )


# -- eligibility: invitation codes -----------------------------------------------------------------------------------


def test_invitation_codes(make_consultation):
    page = make_consultation(eligibility="invitation")
    other = make_consultation(eligibility="invitation")
    personal, anonymous = create_invitations(page, emails=["ana@example.org"], count=1)
    elsewhere = create_invitations(other, count=1)[0]
    assert personal.email == "ana@example.org" and anonymous.email == ""
    assert len(personal.code) == 10 and personal.code != anonymous.code

    assert refusal(NotEligible, lambda: resolve_voter(config(page))).reason == "invitation_required"
    assert refusal(NotEligible, lambda: resolve_voter(config(page), invitation_code="ABCDE-FGHJK")).reason == (
        "invitation_invalid"
    )
    assert refusal(NotEligible, lambda: resolve_voter(config(page), invitation_code=elsewhere.code)).reason == (
        "invitation_invalid"
    )

    # Typed from paper: lower case, with the dash and spaces.
    typed = f" {personal.code[:5].lower()}-{personal.code[5:].lower()} "
    voter = resolve_voter(config(page), invitation_code=typed)
    assert voter.key == f"invitation:{personal.pk}"
    assert voter.user is None
    cast(page, invitation_code=typed)

    # A code votes once.
    error = refusal(AlreadyVoted, lambda: cast(page, invitation_code=personal.code))
    assert (error.status, error.code) == (409, "already_voted")
    # Another code still votes.
    cast(page, invitation_code=anonymous.code)
    assert counts() == (2, 2)


def test_an_account_votes_once_whatever_codes_it_holds(make_consultation, citizen):
    page = make_consultation(eligibility="invitation")
    first, second = create_invitations(page, count=2)
    cast(page, citizen, invitation_code=first.code)
    error = refusal(AlreadyVoted, lambda: cast(page, citizen, invitation_code=second.code))
    assert error.code == "already_voted"
    assert counts() == (1, 1)
    # The second code, unused, still lets someone else vote.
    cast(page, invitation_code=second.code)
    assert counts() == (2, 2)


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
    assert read_email_token(page.pk, token) == "ana@example.org"

    assert refusal(NotEligible, lambda: read_email_token(page.pk, token + "x")).reason == "email_token_invalid"
    assert refusal(NotEligible, lambda: read_email_token(page.pk, "n-importe-quoi")).reason == "email_token_invalid"
    assert refusal(NotEligible, lambda: read_email_token(other.pk, token)).reason == "email_token_invalid"
    from django.core import signing

    forged = signing.dumps({"c": page.pk, "e": "ana@example.org"}, salt="une-autre-application")
    assert refusal(NotEligible, lambda: read_email_token(page.pk, forged)).reason == "email_token_invalid"

    eight_days_ago = time.time() - 8 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
        old = make_email_token(page, "ana@example.org")
    assert refusal(NotEligible, lambda: read_email_token(page.pk, old)).reason == "email_token_expired"


def test_one_ballot_per_confirmed_address(make_consultation):
    page = make_consultation(eligibility="email")
    assert refusal(NotEligible, lambda: resolve_voter(config(page))).reason == "email_required"
    voter = resolve_voter(config(page), confirmed_email="ana@example.org")
    assert voter.key == email_voter_key("ana@example.org")
    assert "ana" not in voter.key  # the address itself is not kept
    cast(page, confirmed_email="ana@example.org")
    refusal(AlreadyVoted, lambda: cast(page, confirmed_email="  ANA@example.org"))
    cast(page, confirmed_email="bob@example.org")
    assert counts()[0] == 2
    assert not Participation.objects.filter(voter_key__contains="@").exists()


@pytest.mark.parametrize(
    ("first", "again"),
    [
        ("alice@example.org", "alice+2@example.org"),
        ("alice@example.org", "ALICE+consultation@Example.org"),
        ("alice@gmail.com", "a.lice@gmail.com"),
        ("alice@gmail.com", "A.L.I.C.E+3@googlemail.com"),
        # Found by the second audit: the same mailbox in Unicode spellings that mail servers deliver alike.
        ("alice@bücher.de", "alice@xn--bcher-kva.de"),
        ("alice@b\u00fccher.de", "alice@bu\u0308cher.de"),
        ("alice@example.com", "alice@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com"),
        ("alice@example.com", '"alice"@example.com'),
        ("alice@gmail.com", "alice@\uff47\uff4d\uff41\uff49\uff4c.com"),
        ("alice@example.com", "alice@example.com."),
    ],
)
def test_one_ballot_per_mailbox_whatever_its_spelling(make_consultation, first, again):
    """Found by the audit: alice+2@, alice+3@ and a.lice@ each got a ballot."""
    page = make_consultation(eligibility="email")
    cast(page, confirmed_email=first)
    assert refusal(AlreadyVoted, lambda: cast(page, confirmed_email=again)).code == "already_voted"
    assert counts() == (1, 1)


def test_canonical_spellings():
    assert canonical_email(" Alice+Tag@Example.ORG ") == "alice@example.org"
    assert canonical_email("a.lice@example.org") == "a.lice@example.org"  # dots matter at most providers
    assert canonical_email("a.lice+x@googlemail.com") == "alice@gmail.com"
    assert canonical_email("+seul@example.org") == "+seul@example.org"  # nothing left before the tag: kept


def test_an_account_with_a_verified_address_votes_by_email_without_a_token(make_consultation, commune):
    page = make_consultation(eligibility="email")
    verified = CitizenFactory(email="ver@example.org", commune=commune)
    assert resolve_voter(config(page), user=verified).key == email_voter_key("ver@example.org")
    unverified = CitizenFactory(email="nonver@example.org", verified_email=False)
    assert refusal(NotEligible, lambda: resolve_voter(config(page), user=unverified)).reason == "email_required"


def test_an_account_votes_once_whatever_addresses_it_confirms(make_consultation, citizen):
    page = make_consultation(eligibility="email")
    cast(page, citizen, confirmed_email="un@example.org")
    refusal(AlreadyVoted, lambda: cast(page, citizen, confirmed_email="deux@example.org"))
    assert counts() == (1, 1)


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
        mock.patch.object(voting.Ballot.objects, "create", side_effect=RuntimeError("disque plein")),
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
    with mock.patch.object(voting, "has_voted", wraps=voting.has_voted) as checked:
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
    from consultations.voting import _configs

    _configs[consultation.pk] = first
    assert refusal(Closed, lambda: cast(consultation, citizen)).code == "closed"
    assert counts() == (0, 0)


def test_a_stale_refusal_is_checked_before_it_is_given(consultation, citizen):
    """A process that kept an old configuration (closed yesterday) must not refuse a consultation reopened since."""
    stale = box_config(consultation.pk)
    consultation.closes_at = timezone.now() + datetime.timedelta(days=30)
    consultation.save_revision().publish()
    from dataclasses import replace

    from consultations.voting import _configs

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
