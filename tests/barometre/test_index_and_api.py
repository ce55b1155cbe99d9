import pytest
from rest_framework.test import APIClient

from barometre.models import Indicator, IndicatorValue
from tests.factories import CitizenFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(make_entry):
    commune = TerritoryFactory(kind="commune", code="44990", name="Villebrune-sur-Loire")
    return [
        make_entry(title="Loi climat", theme="environnement", steps=(("en_discussion", 3),)),
        make_entry(title="Décret vélo", kind="decret", theme="mobilite", steps=(("en_vigueur", 40),)),
        make_entry(
            title="Cantine à 1 €", theme="education", level="local", territory=commune, steps=(("evaluee", 10),)
        ),
    ]


def titles(response):
    return [entry.title for entry in response.context["entries_page"]]


def test_index_filters_without_javascript(client, barometre, entries):
    assert sorted(titles(client.get(barometre.url))) == ["Cantine à 1 €", "Décret vélo", "Loi climat"]
    assert titles(client.get(barometre.url, {"level": "local"})) == ["Cantine à 1 €"]
    assert titles(client.get(barometre.url, {"theme": "mobilite"})) == ["Décret vélo"]
    assert titles(client.get(barometre.url, {"status": "en_discussion"})) == ["Loi climat"]
    response = client.get(barometre.url, {"status": "inconnu"})
    assert response.status_code == 200 and len(titles(response)) == 3
    assert "existe pas : toutes les initiatives sont affichées" in response.content.decode()
    html = client.get(barometre.url).content.decode()
    assert '<form class="filters" method="get"' in html
    assert "Ce qui a bougé cette semaine" in html and "Loi climat" in html


def test_index_paginates(client, barometre, make_entry, monkeypatch):
    monkeypatch.setattr(type(barometre), "per_page", 2)
    for n in range(3):
        make_entry(title=f"Initiative {n}")
    assert len(titles(client.get(barometre.url))) == 2
    assert len(titles(client.get(barometre.url, {"page": 2}))) == 1


def test_sorts_are_read_from_the_database_and_kept_in_the_pagination_links(client, barometre, make_entry):
    make_entry(title="Sans étape", steps=())
    make_entry(title="Ancienne", steps=(("proposee", 30),))
    make_entry(title="Récente", steps=(("proposee", 2),))
    assert titles(client.get(barometre.url)) == ["Récente", "Ancienne", "Sans étape"]
    response = client.get(barometre.url, {"sort": "approval"})
    # Nobody has enough votes to be ranked: the perception sort falls back to the most recent step.
    assert titles(response) == ["Récente", "Ancienne", "Sans étape"]
    assert response.context["filter_query"] == "sort=approval&"


def test_api_fields(client, entries, vote):
    cantine = entries[2]
    indicator = Indicator.objects.create(entry=cantine, name="Fréquentation", unit="%", target=85)
    IndicatorValue.objects.create(indicator=indicator, date="2025-09-01", value="58.5")
    vote(cantine, "approve")
    response = client.get(
        "/api/v2/pages/",
        {"type": "barometre.BarometreEntryPage", "fields": "*", "level": "local"},
    )
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["territory"]["code"] == "44990"
    assert item["status"] == "evaluee" and item["timeline"][0]["status"] == "evaluee"
    assert item["indicators"][0]["values"] == [{"date": "2025-09-01", "value": 58.5, "note": ""}]
    perception = item["perception"]
    assert perception["poll_id"] == cantine.poll_id and perception["question_id"] == "perception"
    assert perception["counts"] == {"approve": 1, "neutral": 0, "disapprove": 0}
    assert perception["weekly_trend"][-1]["ongoing"] is True


def test_vote_through_the_consultations_api(entries, django_capture_on_commit_callbacks):
    entry = entries[0]
    api = APIClient()
    api.force_authenticate(CitizenFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/api/consultations/{entry.poll_id}/ballots/", {"answers": {"perception": "disapprove"}}, format="json"
        )
    assert response.status_code == 201
    assert entry.perception.counts["disapprove"] == 1


def test_the_index_reads_entries_and_perceptions_once_whatever_the_sort(client, barometre, make_entry):
    """Ranking by perception reads the live counters once, like the default order: no sort costs more queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(12):
        make_entry(title=f"Initiative {number}")
    client.get(barometre.url)  # warm: site, locales
    counts = {}
    for query in ("", "?sort=approval", "?sort=change&page=2", "?sort=disapproval&theme=sante"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(barometre.url + query).status_code == 200
        counters = [q for q in captured.captured_queries if "consultations_tallycell" in q["sql"]]
        assert len(counters) == 1, query
        counts[query] = len(captured.captured_queries)
    assert len(set(counts.values())) == 1, counts
