"""The OpenAPI schema documents the page API (/api/v2/pages/) with a schema per page type."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_the_page_endpoints_are_documented(schema):
    listing = schema["paths"]["/api/v2/pages/"]["get"]
    assert {parameter["name"] for parameter in listing["parameters"]} >= {"type", "fields", "locale", "child_of"}
    detail = schema["paths"]["/api/v2/pages/{id}/"]["get"]
    references = {item["$ref"] for item in detail["responses"]["200"]["content"]["application/json"]["schema"]["oneOf"]}
    assert "#/components/schemas/AcademieLessonPage" in references
    assert "#/components/schemas/BarometreBarometreEntryPage" in references


def test_page_types_have_their_fields(schema):
    components = schema["components"]["schemas"]
    lesson = components["AcademieLessonPage"]["properties"]
    assert lesson["locked"]["type"] == "boolean"
    assert lesson["body"]["type"] == "array" and lesson["body"]["nullable"] is True
    assert lesson["library"]["enum"] == ["basic", "full"]
    entry = components["BarometreBarometreEntryPage"]["properties"]
    assert entry["perception"]["properties"]["weekly_trend"]["type"] == "array"
    assert entry["indicators"]["items"]["properties"]["values"]["type"] == "array"
    assert entry["timeline"]["type"] == "array"
    assert set(components["CmsBudgetYearPage"]["properties"]) >= {"id", "meta", "title"}


def test_the_platform_endpoints_stay_documented(schema):
    assert "/api/consultations/{consultation_id}/ballots/" in schema["paths"]
    assert "/api/academie/progress/" in schema["paths"]
