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
    references = {item["$ref"] for item in detail["responses"]["200"]["content"]["application/json"]["schema"]["anyOf"]}
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


def _walk(value, path=""):
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            yield from _walk(item, f"{path}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}/{index}")


def test_every_array_says_what_it_holds(schema):
    assert [path for path, node in _walk(schema) if node.get("type") == "array" and "items" not in node] == []


def test_a_page_of_the_page_api_is_any_of_the_page_types(schema):
    """A listing's item (id, meta, title) fits every page type: `oneOf`, which wants exactly one, refused them all."""
    detail = schema["paths"]["/api/v2/pages/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert "anyOf" in detail["schema"] and "oneOf" not in detail["schema"]
    lesson = schema["components"]["schemas"]["AcademieLessonPage"]["properties"]["meta"]["properties"]["type"]
    assert lesson["enum"] == ["academie.LessonPage"]


def test_request_bodies_are_json_only(schema):
    """A generated client sent a ballot as multipart (DRF's parsers offered forms too), which fails."""
    bodies = {
        f"{method.upper()} {path}": sorted(operation["requestBody"]["content"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    }
    assert bodies["POST /api/consultations/{consultation_id}/ballots/"] == ["application/json"]
    assert set(map(tuple, bodies.values())) == {("application/json",)}


def test_every_operation_documents_its_errors_in_the_error_shape(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"401", "403", "404", "429"} <= set(responses), (method, path)
            for status in ("401", "404"):
                body = responses[status]["content"]["application/json"]["schema"]
                assert body["$ref"] in ("#/components/schemas/Error", "#/components/schemas/AuthError"), (method, path)
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"code", "message"}


def test_the_questions_of_a_consultation_are_typed(schema):
    questions = schema["components"]["schemas"]["ConsultationDetail"]["properties"]["questions"]
    assert questions["items"] == {"$ref": "#/components/schemas/Question"}
    question = schema["components"]["schemas"]["Question"]
    assert set(question["required"]) >= {"id", "type", "label", "required", "choices", "condition"}
    assert question["properties"]["choices"]["items"] == {"$ref": "#/components/schemas/Choice"}


@pytest.mark.parametrize(
    "url", ["/api/consultations/{pk}/ballots/", "/api/auth/token/", "/api/consultations/{pk}/email-confirmations/"]
)
def test_the_platform_api_refuses_a_form_body_clearly(url):
    from rest_framework.test import APIClient

    response = APIClient().post(url.format(pk=1), {"answers": "x"}, format="multipart")
    assert response.status_code in (404, 415)  # no consultation 1 here: its 404 comes first
    if url == "/api/auth/token/":
        assert (response.status_code, response.json()["code"]) == (415, "unsupported_media_type")
