"""Security: ids beyond 64 bits and logins of 100,000 characters get a 404 or a clear refusal, never a 500.

Found by the trust audit (issue 10, finding 8): on SQLite, `/api/consultations/9223372036854775808/` and
`DELETE /api/academie/lessons/{2^63}/done/` raised OverflowError, and a 100,000-character login failed the database's
LIKE. Every URL pattern with an id uses `<id:…>` (cms/converters.py)."""

import pytest
from rest_framework.test import APIClient

from django.urls import get_resolver

from tests.factories import CitizenFactory, UserFactory

pytestmark = [pytest.mark.security, pytest.mark.django_db]

OUR_APPS = {"cms", "consultations", "academie", "barometre", "newsletters", "search"}
TOO_BIG = 2**63  # one more than the largest id a 64-bit column holds


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", f"/api/consultations/{TOO_BIG}/"),
        ("get", f"/api/consultations/{TOO_BIG}/results/"),
        ("get", f"/api/consultations/{TOO_BIG}/results.csv"),
        ("post", f"/api/consultations/{TOO_BIG}/ballots/"),
        ("post", f"/api/academie/lessons/{TOO_BIG}/done/"),
        ("delete", f"/api/academie/lessons/{TOO_BIG}/done/"),
        ("post", f"/api/academie/lessons/{TOO_BIG}/quiz/"),
        ("get", f"/api/consultations/{10**40}/"),
    ],
)
def test_an_id_beyond_64_bits_is_a_404(method, path):
    api = APIClient()
    api.force_authenticate(CitizenFactory())
    assert getattr(api, method)(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/consultations/{TOO_BIG}/moderation/",
        f"/admin/consultations/{TOO_BIG}/invitations.csv",
        f"/admin/budget/{TOO_BIG}/import/",
        f"/admin/barometre/{TOO_BIG}/indicateurs/import/",
        f"/admin/academie/lecons/{TOO_BIG}/quiz/",
    ],
)
def test_an_admin_view_with_an_id_beyond_64_bits_is_a_404(client, path):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(path, follow=True).status_code == 404  # no pattern matches (".csv" gets a slash, then 404)


def test_every_id_in_the_project_urls_uses_the_64_bit_converter():
    patterns = []

    def walk(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if hasattr(entry, "url_patterns"):
                walk(entry, prefix + str(entry.pattern))
            elif entry.callback.__module__.split(".")[0] in OUR_APPS:
                patterns.append(prefix + str(entry.pattern))

    walk(get_resolver())
    assert len([pattern for pattern in patterns if "<id:" in pattern]) >= 10
    assert [pattern for pattern in patterns if "<int:" in pattern] == []


def test_a_login_of_100000_characters_is_refused_clearly(client):
    api = APIClient()
    response = api.post("/api/auth/token/", {"login": "a" * 100_000, "password": "x"}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_credentials")
    response = client.post("/comptes/login/", {"login": "a" * 100_000, "password": "x"})
    assert response.status_code == 200
    assert "au plus 254 caractères" in response.content.decode()


def test_an_api_address_that_matches_nothing_answers_in_the_api_error_shape(client):
    for path in (f"/api/consultations/{TOO_BIG}/", "/api/inconnue/", "/api/academie/lessons/abc/done/"):
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == "not_found"
    response = client.get("/une-page-qui-n-existe-pas/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
