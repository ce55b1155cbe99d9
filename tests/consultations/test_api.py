"""The consultations API, reading: list and filters, detail, languages, results, DRF's errors, the schema.

Voting through the API is in test_api_ballots.py.
"""

import datetime

import pytest

from django.utils import timezone

from wagtail.models import Locale

from consultations.models import Participation
from tests.factories import (
    CitizenFactory,
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    TerritoryFactory,
    full_answers,
)

from .api_helpers import ballots_url, vote
from .helpers import cast

NOW = timezone.now


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


# -- DRF's own errors and the schema -----------------------------------------------------------------------------------


def test_drf_errors_have_the_api_error_shape(api, consultation):
    response = api.get("/api/consultations/999999/")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert response.json()["message"]
    response = api.post(ballots_url(consultation), "{pas du json", content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "parse_error")


def test_openapi_schema(api, db):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json() if response["Content-Type"].startswith("application/json") else None
    text = response.content.decode()
    assert "/api/consultations/{consultation_id}/ballots/" in text
    if schema is not None:
        assert "post" in schema["paths"]["/api/consultations/{consultation_id}/ballots/"]
    # Wagtail's page API is documented by the schema's own hook (cms.api.schema), not introspected.
    assert "pages_list" in text and "/api/v2/images/" not in text
