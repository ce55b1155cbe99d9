"""The consultations API, voting: ballots and every refusal, email confirmation, tokens, the cost of a vote."""

import datetime
import re

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.invitations import create_invitations
from consultations.models import Participation
from consultations.voting import eligibility, make_email_token
from tests.factories import CitizenFactory, TerritoryFactory, full_answers

from .api_helpers import ballots_url, counts, vote
from .helpers import opened

NOW = timezone.now


# -- ballots ---------------------------------------------------------------------------------------------------------


def test_vote(api, consultation, citizen):
    api.force_authenticate(citizen)
    response = vote(api, consultation)
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "recorded"
    participation = Participation.objects.get()
    assert participation.channel == "api"
    assert participation.user == citizen
    assert counts() == (1, 1)


def test_a_second_ballot_is_a_409(api, consultation, citizen):
    api.force_authenticate(citizen)
    assert vote(api, consultation).status_code == 201
    response = vote(api, consultation, full_answers(**{"q-yes": "no"}))
    assert response.status_code == 409
    assert response.json()["code"] == "already_voted"
    assert counts() == (1, 1)


@pytest.mark.parametrize(
    ("overrides", "qid"),
    [
        ({"q-single": None}, "q-single"),
        ({"q-single": "q-single-c9"}, "q-single"),
        ({"q-yes": "peut-être"}, "q-yes"),
        ({"q-multi": ["q-multi-c1", "q-multi-c2", "q-multi-c3"]}, "q-multi"),
        ({"q-multi": []}, "q-multi"),
        ({"q-rank": ["q-rank-c1", "q-rank-c2"]}, "q-rank"),
        ({"q-rank": ["q-rank-c1", "q-rank-c1", "q-rank-c2"]}, "q-rank"),
        ({"q-scale": "0"}, "q-scale"),
        ({"q-scale": 6}, "q-scale"),
        ({"q-number": 32}, "q-number"),
        ({"q-number": -0.5}, "q-number"),
        ({"q-number": "beaucoup"}, "q-number"),
        ({"q-short": "x" * 201}, "q-short"),
        ({"q-long": "x" * 5001}, "q-long"),
        ({"q-inconnue": "yes"}, "__all__"),
    ],
)
def test_bad_answers_are_a_400_per_question_and_store_nothing(api, consultation, citizen, overrides, qid):
    api.force_authenticate(citizen)
    response = vote(api, consultation, full_answers(**overrides))
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid_answers"
    assert list(body["errors"]) == [qid]
    assert body["errors"][qid][0]
    assert counts() == (0, 0)


def test_conditional_question_through_the_api(api, consultation, citizen):
    api.force_authenticate(citizen)
    response = vote(api, consultation, full_answers(**{"q-yes": "yes", "q-multi": None}))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["q-multi"]
    response = vote(api, consultation, full_answers(**{"q-yes": "no"}))
    assert response.status_code == 201
    assert "q-multi" not in opened(consultation)[0][0]


def test_conditional_question_in_english_on_an_untranslated_consultation(api, consultation, citizen):
    api.force_authenticate(citizen)
    response = vote(
        api, consultation, full_answers(**{"q-yes": "no", "q-multi": None}), headers={"HTTP_ACCEPT_LANGUAGE": "en"}
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("body", [{"answers": ["yes"]}, {"answers": "yes"}, {}, ["yes"]])
def test_malformed_requests_are_a_400(api, consultation, citizen, body):
    api.force_authenticate(citizen)
    response = api.post(ballots_url(consultation), body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert counts() == (0, 0)


def test_not_open_yet_and_closed_are_403(api, make_consultation, citizen):
    now = NOW()
    upcoming = make_consultation(opens_at=now + datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=2))
    closed = make_consultation(opens_at=now - datetime.timedelta(days=2), closes_at=now - datetime.timedelta(hours=1))
    for client_user in (citizen, None):  # anonymous visitors learn about the dates first, too
        api.force_authenticate(client_user)
        response = vote(api, upcoming)
        assert (response.status_code, response.json()["code"]) == (403, "not_open")
        response = vote(api, closed)
        assert (response.status_code, response.json()["code"]) == (403, "closed")
    assert counts() == (0, 0)


def test_anonymous_is_not_eligible_to_an_account_consultation(api, consultation):
    response = vote(api, consultation)
    assert response.status_code == 403
    assert response.json()["code"] == "not_eligible"
    assert response.json()["reason"] == "login_required"
    assert response.json()["message"]


def test_residents(api, make_consultation, commune):
    departement = TerritoryFactory(kind="departement", code="44", name="Loire-Atlantique")
    commune.parent = departement
    commune.save()
    page = make_consultation(eligibility="residents", territory=departement)
    neighbour_commune = TerritoryFactory(kind="commune", code="44184", name="Saint-Nazaire", parent=departement)
    far_commune = TerritoryFactory(kind="commune", code="75056", name="Paris")

    api.force_authenticate(CitizenFactory(commune=far_commune))
    response = vote(api, page)
    assert (response.status_code, response.json()["reason"]) == (403, "not_resident")
    api.force_authenticate(CitizenFactory(commune=None))
    response = vote(api, page)
    assert (response.status_code, response.json()["reason"]) == (403, "commune_missing")
    assert counts() == (0, 0)
    api.force_authenticate(CitizenFactory(commune=neighbour_commune))
    assert vote(api, page).status_code == 201
    api.force_authenticate(CitizenFactory(commune=commune))
    assert vote(api, page).status_code == 201


def test_invitation_codes(api, make_consultation):
    page = make_consultation(eligibility="invitation")
    invitation = create_invitations(page, count=1)[0]
    response = vote(api, page)
    assert (response.status_code, response.json()["reason"]) == (403, "invitation_required")
    response = vote(api, page, invitation_code="ZZZZZ-ZZZZZ")
    assert (response.status_code, response.json()["reason"]) == (403, "invitation_invalid")
    assert vote(api, page, invitation_code=invitation.code).status_code == 201
    response = vote(api, page, invitation_code=invitation.code)
    assert (response.status_code, response.json()["code"]) == (409, "already_voted")
    assert counts() == (1, 1)


def test_email_confirmation_then_vote(api, make_consultation):
    page = make_consultation(eligibility="email", title="Par courriel")
    response = vote(api, page)
    assert (response.status_code, response.json()["reason"]) == (403, "email_required")

    response = api.post(
        f"/api/consultations/{page.pk}/email-confirmations/", {"email": "ana@example.org"}, format="json"
    )
    assert response.status_code == 202, response.content
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert "Par courriel" in message.subject
    token = re.search(r"jeton : (\S+)", message.body).group(1)
    assert f"/confirmer-email/{token}/" in message.body

    assert vote(api, page, email_token=token).status_code == 201
    response = vote(api, page, email_token=token)
    assert (response.status_code, response.json()["code"]) == (409, "already_voted")
    # A new token for the same address does not give a second ballot.
    response = vote(api, page, email_token=make_email_token(page, "ANA@example.org"))
    assert response.status_code == 409
    assert counts() == (1, 1)


def test_forged_or_foreign_email_tokens_are_refused(api, make_consultation):
    page = make_consultation(eligibility="email")
    other = make_consultation(eligibility="email")
    for token in (
        "forged-token",
        make_email_token(page, "ana@example.org")[:-2] + "xx",
        make_email_token(other, "a@b.fr"),
    ):
        response = vote(api, page, email_token=token)
        assert response.status_code == 403
        assert (response.json()["code"], response.json()["reason"]) == ("not_eligible", "email_token_invalid")
    assert counts() == (0, 0)


def test_expired_email_token_is_refused(api, make_consultation, monkeypatch):
    page = make_consultation(eligibility="email")
    token = make_email_token(page, "ana@example.org")
    monkeypatch.setattr(eligibility, "EMAIL_TOKEN_MAX_AGE", -1)
    response = vote(api, page, email_token=token)
    assert (response.status_code, response.json()["reason"]) == (403, "email_token_expired")


def test_email_confirmation_needs_a_valid_address(api, make_consultation):
    page = make_consultation(eligibility="email")
    response = api.post(
        f"/api/consultations/{page.pk}/email-confirmations/", {"email": "pas-une-adresse"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert mail.outbox == []


def test_email_confirmations_are_throttled(api, make_consultation):
    page = make_consultation(eligibility="email")
    url = f"/api/consultations/{page.pk}/email-confirmations/"
    statuses = [api.post(url, {"email": f"p{n}@example.org"}, format="json").status_code for n in range(11)]
    assert statuses == [202] * 10 + [429]
    assert len(mail.outbox) == 10


def test_email_confirmation_only_for_email_consultations(api, consultation):
    response = api.post(
        f"/api/consultations/{consultation.pk}/email-confirmations/", {"email": "a@b.fr"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "email_not_accepted"
    assert mail.outbox == []


def test_logged_in_clients_cannot_send_unlimited_confirmations(api, make_consultation, citizen):
    page = make_consultation(eligibility="email")
    api.force_authenticate(citizen)
    url = f"/api/consultations/{page.pk}/email-confirmations/"
    statuses = [api.post(url, {"email": f"p{n}@example.org"}, format="json").status_code for n in range(11)]
    assert statuses == [202] * 10 + [429]
    assert api.post(url, {"email": "x@example.org"}, format="json").json()["code"] == "throttled"


# -- token authentication (the mobile app) ---------------------------------------------------------------------------


def test_vote_with_a_token(api, consultation, commune):
    CitizenFactory(username="mobile", email="mobile@example.org", commune=commune)
    response = api.post(
        "/api/auth/token/", {"login": "mobile@example.org", "password": "motdepasse-test-123"}, format="json"
    )
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    mobile = APIClient()
    response = vote(mobile, consultation, headers={"HTTP_AUTHORIZATION": f"Token {token}"})
    assert response.status_code == 201, response.content
    assert Participation.objects.get().user.username == "mobile"
    response = vote(mobile, consultation, headers={"HTTP_AUTHORIZATION": f"Token {token}"})
    assert response.status_code == 409
    response = vote(mobile, consultation, headers={"HTTP_AUTHORIZATION": "Token faux-jeton"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "authentication_failed"


def test_a_vote_through_the_api_is_one_lookup_and_one_short_transaction(api, consultation, citizen):
    """The token (with the address check), then the ballot box's lock and two inserts: nothing else, once the
    consultation's configuration is kept (the first vote of a process reads it)."""
    token = Token.objects.create(user=citizen)
    other = CitizenFactory()
    other_token = Token.objects.create(user=other)
    api.credentials(HTTP_AUTHORIZATION=f"Token {other_token.key}")
    assert vote(api, consultation).status_code == 201  # warms the kept configuration
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    with CaptureQueriesContext(connection) as queries:
        response = vote(api, consultation)
    assert response.status_code == 201
    # (The test runs inside a transaction: the vote's own is a savepoint here.)
    captured = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert [sql.split()[0].upper() for sql in captured] == ["SELECT", "SELECT", "INSERT", "INSERT"], captured
    assert "authtoken_token" in captured[0] and "account_emailaddress" in captured[0]
    assert "consultations_ballotbox" in captured[1]


# -- issue 10: an empty ballot ----------------------------------------------------------------------------------------

EMPTY = "Votre bulletin est vide : répondez à au moins une question avant d'envoyer."


@pytest.fixture
def all_optional(make_consultation):
    from tests.factories import question

    return make_consultation(
        survey=[
            question("short_text", "En un mot ?", qid="q-short", required=False),
            question("yes_no", "D'accord ?", qid="q-yes", required=False),
        ]
    )


@pytest.mark.parametrize("answers", [{}, {"q-short": "", "q-yes": ""}, {"q-short": "   "}])
def test_an_empty_ballot_is_a_400_with_a_clear_message(api, all_optional, citizen, answers):
    api.force_authenticate(citizen)
    response = vote(api, all_optional, answers)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid_answers"
    assert body["errors"]["__all__"] == [EMPTY]
    assert counts() == (0, 0)


def test_one_optional_answer_is_enough(api, all_optional, citizen):
    api.force_authenticate(citizen)
    assert vote(api, all_optional, {"q-yes": "yes"}).status_code == 201
    assert counts() == (1, 1)
