"""The wall on the network's home: filters (territory by name or code, theme, status), sorts, pagination in the
database, « Près de chez vous », and the same filters in the API (400 on bad values)."""

import datetime

import pytest

from django.utils import timezone

from tests.factories import CollectiviteSpaceFactory, ConsultationIndexPageFactory, ConsultationPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def wall(home, national_index, places):
    now = timezone.now()
    day = datetime.timedelta(days=1)
    space = CollectiviteSpaceFactory(parent=home, title="Ville de Rennes", slug="rennes", territory=places["rennes"])
    rennes_index = ConsultationIndexPageFactory(parent=space)
    return {
        "national": ConsultationPageFactory(
            parent=national_index,
            title="Consultation nationale sur l'eau",
            theme="environnement",
            closes_at=now + 20 * day,
        ),
        "nantes": ConsultationPageFactory(
            parent=national_index, title="Les quais de Nantes", territory=places["nantes"], theme="mobilite",
            closes_at=now + 2 * day,
        ),
        "bzh": ConsultationPageFactory(
            parent=national_index, title="Les ports bretons", territory=places["bzh"], theme="economie",
            closes_at=now + 10 * day,
        ),
        "rennes": ConsultationPageFactory(parent=rennes_index, title="Le métro de Rennes", theme="mobilite"),
        "upcoming": ConsultationPageFactory(
            parent=national_index, title="Bientôt : les écoles", opens_at=now + 3 * day, closes_at=now + 9 * day,
            theme="education",
        ),
        "closed": ConsultationPageFactory(
            parent=national_index, title="Terminée : la culture", opens_at=now - 9 * day, closes_at=now - day,
            theme="culture",
        ),
    }  # fmt: skip


def shown(client, home, **params):
    response = client.get(home.url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_wall_lists_every_live_public_consultation(client, home, wall):
    html = shown(client, home)
    for page in wall.values():
        assert page.title.replace("'", "&#x27;") in html
    assert "Près de chez vous" not in html


def test_filter_by_territory_name_or_code(client, home, wall):
    for value in ("Bretagne", "53", "Rennes", "35238"):
        html = shown(client, home, territory=value)
        assert "Les ports bretons" in html, value
        assert "Les quais de Nantes" not in html
    html = shown(client, home, territory="Loire-Atlantique")
    assert "Les quais de Nantes" in html and "Le métro de Rennes" not in html


def test_filter_by_theme_and_status(client, home, wall):
    html = shown(client, home, theme="mobilite")
    assert "Les quais de Nantes" in html and "Le métro de Rennes" in html and "Les ports bretons" not in html
    html = shown(client, home, status="upcoming")
    assert "Bientôt : les écoles" in html and "Les quais de Nantes" not in html
    html = shown(client, home, status="closed")
    assert "Terminée : la culture" in html and "Les ports bretons" not in html


def test_bad_filter_values_are_told_and_ignored(client, home, wall):
    html = shown(client, home, theme="<script>", status="maybe", territory="Atlantide")
    assert "<script>" not in html
    assert "Les quais de Nantes" in html  # the list stays unfiltered
    assert "form-errors" in html


def test_closing_soon_sort(client, home, wall):
    from consultations.network.wall import sort_wall, wall_queryset

    ordered = [page.title for page in sort_wall(wall_queryset(), "closing")]
    assert ordered[0] == "Les quais de Nantes"
    assert ordered[-1] == "Terminée : la culture"
    assert ordered.index("Bientôt : les écoles") > ordered.index("Consultation nationale sur l'eau")


def test_pagination_is_in_the_database(client, home, national_index):
    for number in range(30):
        ConsultationPageFactory(parent=national_index, title=f"Consultation numéro {number}")
    html = shown(client, home, page="2")
    assert "Page 2 sur 3" in html
    assert "page=3" in html
    assert "Page 1 sur 3" in shown(client, home, page="junk")


def test_near_you_for_a_citizen_with_a_commune(client, home, wall, proposer):
    client.force_login(proposer)  # lives in Nantes
    html = shown(client, home)
    near = html.split("Près de chez vous")[1].split("Le mur des consultations")[0]
    assert "Les quais de Nantes" in near
    assert "Consultation nationale sur l" in near
    assert "Les ports bretons" not in near and "Le métro de Rennes" not in near
    assert "Terminée" not in near


def test_the_api_wall(api, wall):
    response = api.get("/api/network/wall/", {"territory": "35", "status": "open"})
    assert response.status_code == 200
    body = response.json()
    assert {item["title"] for item in body["results"]} == {"Les ports bretons", "Le métro de Rennes"}
    assert body["count"] == 2
    nantes = api.get("/api/network/wall/", {"territory": "Nantes"}).json()["results"]
    assert [item["territory"]["code"] for item in nantes] == ["44109"]


@pytest.mark.parametrize(
    "params",
    [
        {"theme": "nope"},
        {"status": "soon"},
        {"sort": "random"},
        {"territory": "Atlantide"},
        {"page": "0"},
        {"page": "x"},
    ],
)
def test_the_api_wall_refuses_bad_values(api, wall, params):
    response = api.get("/api/network/wall/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(params) <= set(body["errors"])


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()


def test_english_visitors_see_untranslated_consultations(client, home, wall):
    from wagtail.models import Locale

    english_home = home.copy_for_translation(Locale.objects.get(language_code="en"))
    english_home.save_revision().publish()
    html = client.get("/en/").content.decode()
    assert "Les quais de Nantes" in html
    assert "The consultations wall" in html
