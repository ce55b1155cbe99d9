"""The consultations API: list and filters, detail, ballots and every refusal, email confirmation, results, schema."""

import datetime
import re

import pytest

from django.core import mail
from django.utils import timezone

from wagtail.models import Locale

from consultations.invitations import create_invitations
from consultations.models import Ballot, Participation
from consultations.voting import make_email_token
from tests.factories import (
    CitizenFactory,
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    TerritoryFactory,
    full_answers,
)

from .helpers import cast, opened

NOW = timezone.now


def ballots_url(page):
    return f"/api/consultations/{page.pk}/ballots/"


def vote(api, page, answers=None, *, headers=None, **body):
    """POST a ballot; `body` adds invitation_code or email_token, `headers` HTTP headers (HTTP_ACCEPT_LANGUAGE...)."""
    data = {"answers": full_answers() if answers is None else answers, **body}
    return api.post(ballots_url(page), data, format="json", **(headers or {}))


def counts():
    return Participation.objects.count(), Ballot.objects.count()


# -- list and filters ------------------------------------------------------------------------------------------------


@pytest.fixture
def listed(make_consultation):
    now = NOW()
    return {
        "open": make_consultation(title="Ouverte", slug="ouverte"),
        "closed": make_consultation(
            title="Fermée",
            slug="fermee",
            opens_at=now - datetime.timedelta(days=30),
            closes_at=now - datetime.timedelta(days=1),
        ),
        "upcoming": make_consultation(
            title="À venir",
            slug="a-venir",
            opens_at=now + datetime.timedelta(days=3),
            closes_at=now + datetime.timedelta(days=9),
        ),
    }


def titles(response):
    assert response.status_code == 200, response.content
    return sorted(item["title"] for item in response.json()["results"])


def test_list_and_status_filters(api, listed):
    assert titles(api.get("/api/consultations/")) == ["Fermée", "Ouverte", "À venir"]
    assert titles(api.get("/api/consultations/", {"status": "open"})) == ["Ouverte"]
    assert titles(api.get("/api/consultations/", {"status": "closed"})) == ["Fermée"]
    assert titles(api.get("/api/consultations/", {"status": "upcoming"})) == ["À venir"]
    item = next(i for i in api.get("/api/consultations/").json()["results"] if i["title"] == "Ouverte")
    assert item["id"] == listed["open"].pk
    assert item["status"] == "open"
    assert item["url"].endswith("/ville-de-test/consultations/ouverte/")
    assert item["territory"] == {"code": "44999", "kind": "commune", "name": "Villetest"}
    assert item["participants"] == 0


def test_a_bad_status_is_a_400(api, listed):
    response = api.get("/api/consultations/", {"status": "ouverte"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "status" in response.json()["errors"]


def test_drafts_are_not_listed(api, make_consultation):
    draft = make_consultation(title="Brouillon", slug="brouillon")
    draft.unpublish()
    assert titles(api.get("/api/consultations/")) == []
    assert api.get(f"/api/consultations/{draft.pk}/").status_code == 404
    assert vote(api, draft).status_code == 404


def test_territory_filter_includes_the_territories_containing_the_commune(api, home):
    departement = TerritoryFactory(kind="departement", code="44", name="Loire-Atlantique")
    nantes = TerritoryFactory(kind="commune", code="44109", name="Nantes", parent=departement)
    angers = TerritoryFactory(kind="commune", code="49007", name="Angers")
    for territory, slug in ((departement, "departement"), (nantes, "nantes"), (angers, "angers")):
        space = CollectiviteSpaceFactory(parent=home, slug=slug, territory=territory)
        ConsultationPageFactory(
            parent=ConsultationIndexPageFactory(parent=space), title=f"Consultation {territory.name}"
        )
    # A consultation of a space about another territory (set on the page) counts for that territory.
    angers_space_index = ConsultationIndexPageFactory(parent=CollectiviteSpaceFactory(parent=home, slug="autre"))
    ConsultationPageFactory(parent=angers_space_index, title="Consultation sur Nantes", territory=nantes)

    assert titles(api.get("/api/consultations/", {"territory": "44109"})) == [
        "Consultation Loire-Atlantique",
        "Consultation Nantes",
        "Consultation sur Nantes",
    ]
    assert titles(api.get("/api/consultations/", {"territory": "44"})) == ["Consultation Loire-Atlantique"]
    assert titles(api.get("/api/consultations/", {"territory": "49007"})) == ["Consultation Angers"]
    unknown = api.get("/api/consultations/", {"territory": "99999"})
    assert unknown.status_code == 400
    assert "territory" in unknown.json()["errors"]


# -- detail ----------------------------------------------------------------------------------------------------------


def test_detail_has_questions_and_modalities(api, consultation):
    response = api.get(f"/api/consultations/{consultation.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert (data["id"], data["title"], data["status"]) == (consultation.pk, "Le nouveau parc", "open")
    assert (data["secrecy"], data["eligibility"], data["results_visibility"]) == ("secret", "account", "live")
    assert data["opens_at"] and data["closes_at"]
    assert data["locale"] == "fr"
    questions = {q["id"]: q for q in data["questions"]}
    assert [q["id"] for q in data["questions"]] == [
        "q-yes", "q-single", "q-multi", "q-rank", "q-scale", "q-number", "q-short", "q-long"
    ]  # fmt: skip
    assert {q["id"]: q["type"] for q in data["questions"]} == {
        "q-yes": "yes_no",
        "q-single": "single_choice",
        "q-multi": "multiple_choice",
        "q-rank": "ranking",
        "q-scale": "scale",
        "q-number": "number",
        "q-short": "short_text",
        "q-long": "long_text",
    }
    assert questions["q-single"]["choices"] == [
        {"id": "q-single-c1", "label": "Le parc"},
        {"id": "q-single-c2", "label": "La gare"},
        {"id": "q-single-c3", "label": "Le port"},
    ]
    assert [c["id"] for c in questions["q-yes"]["choices"]] == ["yes", "no", "abstain"]
    assert (questions["q-multi"]["min_choices"], questions["q-multi"]["max_choices"]) == (1, 2)
    assert questions["q-multi"]["condition"] == {"question_id": "q-yes", "choice_id": "yes"}
    assert questions["q-scale"]["scale"] == {"min": 1, "max": 5, "min_label": "Faible", "max_label": "Fort"}
    assert (questions["q-number"]["min_value"], questions["q-number"]["max_value"]) == ("0", "31")
    assert questions["q-short"]["max_length"] == 200
    assert questions["q-short"]["required"] is False
    assert questions["q-yes"]["condition"] is None
    assert api.get("/api/consultations/999999/").status_code == 404


@pytest.fixture
def english(consultation):
    """The consultation translated into English (same block and choice ids, English labels)."""
    locale = Locale.objects.get(language_code="en")
    translated = consultation.copy_for_translation(locale, copy_parents=True)
    translated.title = "The new park"
    survey = translated.survey.raw_data
    survey[0]["value"]["label"] = "Are you in favour of the project?"
    survey[1]["value"]["label"] = "Which location?"
    survey[1]["value"]["choices"][0]["value"] = "The park"
    survey[2]["value"]["condition"]["answer"] = "Yes"
    translated.survey = survey
    translated.save_revision().publish()
    return translated


def test_english_clients_get_the_translation(api, consultation, english):
    response = api.get(f"/api/consultations/{consultation.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    data = response.json()
    assert (data["id"], data["page_id"], data["locale"], data["title"]) == (
        consultation.pk,
        english.pk,
        "en",
        "The new park",
    )
    questions = {q["id"]: q for q in data["questions"]}
    assert questions["q-single"]["label"] == "Which location?"
    assert questions["q-single"]["choices"][0] == {"id": "q-single-c1", "label": "The park"}
    assert questions["q-multi"]["condition"] == {"question_id": "q-yes", "choice_id": "yes"}
    assert api.get(f"/api/consultations/{consultation.pk}/", {"lang": "en"}).json()["title"] == "The new park"
    assert api.get(f"/api/consultations/{consultation.pk}/").json()["title"] == "Le nouveau parc"
    # The list shows each consultation once, in the language asked for.
    listing = api.get("/api/consultations/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [item["title"] for item in listing["results"]] == ["The new park"]
    # The translation's own id is not a consultation id.
    assert api.get(f"/api/consultations/{english.pk}/").status_code == 404

    # A ballot cast in English counts with the French ones.
    api.force_authenticate(CitizenFactory())
    assert vote(api, consultation, headers={"HTTP_ACCEPT_LANGUAGE": "en"}).status_code == 201
    assert Participation.objects.get().consultation_id == consultation.pk


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
    from consultations.voting import eligibility

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


# -- token authentication (the mobile app) ---------------------------------------------------------------------------


def test_vote_with_a_token(api, consultation, commune):
    CitizenFactory(username="mobile", email="mobile@example.org", commune=commune)
    response = api.post(
        "/api/auth/token/", {"login": "mobile@example.org", "password": "motdepasse-test-123"}, format="json"
    )
    assert response.status_code == 200, response.content
    token = response.json()["token"]

    from rest_framework.test import APIClient

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


def test_drf_errors_have_the_api_error_shape(api, consultation):
    response = api.get("/api/consultations/999999/")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert response.json()["message"]
    response = api.post(ballots_url(consultation), "{pas du json", content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "parse_error")


# -- results ---------------------------------------------------------------------------------------------------------


def test_results(api, consultation, citizen):
    cast(consultation, citizen)
    cast(consultation, CitizenFactory(), full_answers(**{"q-yes": "no"}))
    response = api.get(f"/api/consultations/{consultation.pk}/results/")
    assert response.status_code == 200
    data = response.json()
    assert data["participants"] == 2
    assert data["population"] == 1000
    assert data["turnout"] == 0.002
    assert data["final"] is False
    yes_no = next(q for q in data["questions"] if q["id"] == "q-yes")
    assert [(o["id"], o["count"], o["share"]) for o in yes_no["options"]] == [
        ("yes", 1, 0.5),
        ("no", 1, 0.5),
        ("abstain", 0, 0.0),
    ]
    assert "analysis" in data and "recommendations" in data


def test_results_hidden_until_closing(api, make_consultation, citizen, editor):
    page = make_consultation(results_visibility="after_close")
    response = api.get(f"/api/consultations/{page.pk}/results/")
    assert response.status_code == 403
    assert response.json()["code"] == "results_hidden"
    api.force_authenticate(citizen)
    assert api.get(f"/api/consultations/{page.pk}/results/").status_code == 403
    assert api.get(f"/api/consultations/{page.pk}/results.csv").status_code == 403
    api.force_authenticate(editor)
    assert api.get(f"/api/consultations/{page.pk}/results/").status_code == 200
    assert api.get(f"/api/consultations/{page.pk}/results.csv").status_code == 200


def test_results_csv(api, consultation, citizen):
    cast(consultation, citizen)
    response = api.get(f"/api/consultations/{consultation.pk}/results.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "question_numero;question;type;dimension;groupe;repondants;choix;nombre;part"
    assert "1;Êtes-vous favorable au projet ?;yes_no;ensemble;;1;Oui;1;1.0" in lines


# -- the schema ------------------------------------------------------------------------------------------------------


def test_openapi_schema(api, db):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json() if response["Content-Type"].startswith("application/json") else None
    text = response.content.decode()
    assert "/api/consultations/{consultation_id}/ballots/" in text
    if schema is not None:
        assert "post" in schema["paths"]["/api/consultations/{consultation_id}/ballots/"]
    # Wagtail's page API is documented by the schema's own hook (cms.api_schema), not introspected.
    assert "pages_list" in text and "/api/v2/images/" not in text


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


def test_a_vote_through_the_api_is_one_lookup_and_one_short_transaction(api, consultation, citizen):
    """The token (with the address check), then the ballot box's lock and two inserts: nothing else, once the
    consultation's configuration is kept (the first vote of a process reads it)."""
    from rest_framework.authtoken.models import Token

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

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
