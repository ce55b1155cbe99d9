"""Security (issue 10, finding 8): what the trust audit still answered with a 500, or with a copy of its own input.

- `POST /api/v3/pages/` of a consultation: Wagtail's write API saved it without its closing date (a column the
  database requires), an IntegrityError; now a 422 naming the field, and nothing written.
- A POST or DELETE to an /api/ address that no API view answers (`/api/academie/lessons/abc/done/`) was taken by
  Wagtail's page route and refused by Django's CSRF check with an HTML page (a 403); now the API's JSON 404.
- `/api/v2/pages/9223372036854775808/` (an id beyond 64 bits) reached SQLite: OverflowError; now a 404.
- 100,000 unknown keys in a ballot's or a quiz's answers were named one by one in the error (689 KB, 5.3 MB); an error
  now keeps at most `MAX_ERRORS` entries and cuts every text at `MAX_TEXT` characters.
"""

import json

import pytest
from rest_framework.test import APIClient

from wagtail.models import APIToken, Page

from cms.api.errors import MAX_ERRORS, MAX_TEXT
from tests.factories import (
    AcademieIndexPageFactory,
    CitizenFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    LessonPageFactory,
    UserFactory,
)

pytestmark = [pytest.mark.security, pytest.mark.django_db]

MANY_UNKNOWN_ANSWERS = {str(n): 0 for n in range(100_000)}  # 989 KB of JSON: under the parser's 1 MB


@pytest.fixture
def consultations_index(space):
    return ConsultationIndexPageFactory(parent=space)


def _create(parent, **meta):
    admin = UserFactory(is_superuser=True, is_staff=True)
    _token, plaintext = APIToken.create_token(user=admin, name="test")
    payload = {"meta": {"type": "consultations.ConsultationPage", "parent_id": parent.pk, **meta}, "title": "Sondage"}
    api = APIClient(raise_request_exception=False)
    return api.post(
        "/api/v3/pages/", json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {plaintext}"
    )


@pytest.mark.parametrize("meta", [{}, {"action": "publish"}], ids=["draft", "publish"])
def test_creating_a_consultation_through_the_api_v3_is_refused_clearly(consultations_index, meta):
    pages = Page.objects.count()
    response = _create(consultations_index, **meta)
    assert response.status_code == 422, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    errors = {tuple(error["loc"]): error["msg"] for error in response.json()["errors"]}
    assert "administration" in errors[("closes_at",)]
    assert Page.objects.count() == pages


def test_a_page_type_whose_fields_the_api_can_fill_is_still_created(space):
    from cms.models import NewsPage
    from tests.factories import NewsIndexPageFactory

    index = NewsIndexPageFactory(parent=space)
    response = _create(index, type="cms.NewsPage")
    assert response.status_code == 201, response.content[:300]
    assert NewsPage.objects.child_of(index).get().title == "Sondage"


@pytest.fixture
def citizen_api():
    api = APIClient()
    api.force_authenticate(CitizenFactory(commune=None))
    return api


def _assert_bounded(response, code):
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code
    assert len(response.content) < 50_000
    assert len(body["errors"]) <= MAX_ERRORS
    assert all(len(key) <= MAX_TEXT and len(str(value)) < 2 * MAX_TEXT for key, value in body["errors"].items())


def test_a_ballot_of_100000_unknown_questions_is_not_echoed(citizen_api, consultations_index):
    page = ConsultationPageFactory(parent=consultations_index, eligibility="account")
    response = citizen_api.post(
        f"/api/consultations/{page.pk}/ballots/", {"answers": MANY_UNKNOWN_ANSWERS}, format="json"
    )
    _assert_bounded(response, "invalid_answers")
    assert response.json()["errors"]["__all__"][0].endswith("…")


def test_a_quiz_of_100000_unknown_questions_is_not_echoed(citizen_api, home):
    lesson = LessonPageFactory(parent=AcademieIndexPageFactory(parent=home), library="basic")
    response = citizen_api.post(
        f"/api/academie/lessons/{lesson.pk}/quiz/", {"answers": MANY_UNKNOWN_ANSWERS}, format="json"
    )
    _assert_bounded(response, "invalid_answers")


@pytest.mark.parametrize("method", ["get", "post", "delete", "put"])
@pytest.mark.parametrize(
    "path", ["/api/academie/lessons/abc/done/", "/api/inconnue/", "/api/consultations/x/ballots/", "/api/x.csv"]
)
def test_an_api_address_that_matches_nothing_is_a_json_404_whatever_the_method(home, method, path):
    from django.test import Client

    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_api_address_without_its_final_slash_is_still_redirected(client, space):
    consultation = ConsultationPageFactory(parent=ConsultationIndexPageFactory(parent=space))
    response = client.get(f"/api/consultations/{consultation.pk}")
    assert (response.status_code, response["Location"]) == (301, f"/api/consultations/{consultation.pk}/")


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_an_id_beyond_64_bits_in_the_page_api_is_a_404(client, home, endpoint):
    response = client.get(f"/api/v2/{endpoint}/{2**63}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert client.get(f"/api/v2/{endpoint}/{2**63 - 1}/").json()["code"] == "not_found"  # Wagtail's own 404
