"""Who may vote under each eligibility rule: accounts, residents, invitation codes, confirmed email addresses."""

import time
from unittest import mock

import pytest

from django.utils import timezone

from consultations.invitations import create_invitations
from consultations.models import Participation
from consultations.voting import (
    AlreadyVoted,
    NotEligible,
    canonical_email,
    email_voter_key,
    make_email_token,
    read_email_token,
    resolve_voter,
)
from tests.factories import CitizenFactory, TerritoryFactory

from .helpers import cast, config, counts, opened, refusal


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
