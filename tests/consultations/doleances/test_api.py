"""The cahier de doléances API: the archive with its filters and their errors, an entry, carrying."""

import pytest
from rest_framework.test import APIClient

from wagtail.models import PageViewRestriction

from consultations.doleances.models import ArchiveEntry, Carrying

from .factories import closed_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def entries(index, other_index, cahier, threshold, departement):
    closed_consultation(index, title="Le parc", participants=150, theme="environnement")
    closed_consultation(other_index, title="Le marché", participants=20, theme="economie")
    return {entry.title: entry for entry in ArchiveEntry.objects.all()}


def test_list_filters_and_pagination(api, entries, departement, region, space):
    body = api.get("/api/doleances/").json()
    assert body["count"] == 2
    assert {item["title"] for item in body["results"]} == {"Le parc", "Le marché"}
    item = next(item for item in body["results"] if item["title"] == "Le parc")
    assert item["participants"] == 150
    assert item["results"][0]["leading"] == {"label": "Oui", "share": 0.62}
    assert item["results_url"].endswith("/resultats/")
    assert item["url"].endswith(f"/{item['id']}/")
    assert [i["title"] for i in api.get("/api/doleances/", {"territory": departement.pk}).json()["results"]] == [
        "Le parc"
    ]
    assert api.get("/api/doleances/", {"territory": region.pk}).json()["count"] == 2
    assert [i["title"] for i in api.get("/api/doleances/", {"theme": "economie"}).json()["results"]] == ["Le marché"]
    assert [i["title"] for i in api.get("/api/doleances/", {"space": space.slug}).json()["results"]] == ["Le parc"]
    year = entries["Le parc"].year
    assert api.get("/api/doleances/", {"year": year}).json()["count"] >= 1
    page = api.get("/api/doleances/", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2 and len(page["results"]) == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"territory": "abc"}, "territory"),
        ({"territory": "99999999"}, "territory"),
        ({"theme": "nope"}, "theme"),
        ({"year": "-3"}, "year"),
        ({"space": "inconnu"}, "space"),
    ],
)
def test_bad_filters_are_400_with_a_message(api, entries, params, field):
    response = api.get("/api/doleances/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["message"] == "Les filtres de la requête sont incorrects."
    assert field in body["errors"]


def test_detail_and_private_ones(api, entries):
    entry = entries["Le parc"]
    assert api.get(f"/api/doleances/{entry.pk}/").json()["title"] == "Le parc"
    PageViewRestriction.objects.create(page=entry.page, restriction_type=PageViewRestriction.LOGIN)
    assert api.get(f"/api/doleances/{entry.pk}/").status_code == 404
    assert api.get("/api/doleances/").json()["count"] == 1
    assert api.get("/api/doleances/0/").status_code == 404


def test_carrying_through_the_api(api, entries, editor, stranger, departement):
    entry, small = entries["Le parc"], entries["Le marché"]
    url = f"/api/doleances/{entry.pk}/carrying/"
    assert api.post(url, {"institution": "Préfecture", "message": "M"}, format="json").status_code in (401, 403)
    api.force_authenticate(stranger)
    refused = api.post(url, {"institution": "Préfecture", "message": "M"}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "not_allowed"
    api.force_authenticate(editor)
    below = api.post(
        f"/api/doleances/{small.pk}/carrying/", {"institution": "Préfecture", "message": "M"}, format="json"
    )
    assert below.status_code == 403 and below.json()["code"] == "below_threshold"
    both = api.post(url, {"institution": "Préfecture", "territory": departement.pk, "message": "M"}, format="json")
    assert both.status_code == 400
    unknown = api.post(url, {"territory": 2**31 - 1, "message": "M"}, format="json")
    assert unknown.status_code == 400
    assert api.post(url, [], format="json").status_code == 400
    done = api.post(url, {"territory": departement.pk, "message": "Les habitants ont parlé."}, format="json")
    assert done.status_code == 201
    assert done.json()["recipient"] == "Loire-Atlantique"
    again = api.post(url, {"institution": "Préfecture", "message": "M"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_carried"
    assert Carrying.objects.count() == 1
    assert api.get(f"/api/doleances/{entry.pk}/").json()["carrying"]["recipient"] == "Loire-Atlantique"


def test_list_query_count_is_flat(api, index, cahier, django_assert_max_num_queries):
    for number in range(25):
        closed_consultation(index, title=f"Consultation {number}")
    with django_assert_max_num_queries(10):
        assert len(api.get("/api/doleances/").json()["results"]) == 20
