"""The headless API v2 serves every dashboard page with its own fields."""

import datetime
from decimal import Decimal

import pytest

from tests.factories import (
    BudgetIndexPageFactory,
    BudgetLineFactory,
    BudgetYearPageFactory,
    CollectiviteSpaceFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    TerritoryFactory,
)


@pytest.fixture
def dashboard(space):
    news_index = NewsIndexPageFactory(parent=space)
    news = NewsPageFactory(
        parent=news_index, title="Le marché rouvre", summary="Dès samedi.", date=datetime.date(2026, 3, 14)
    )
    budget_index = BudgetIndexPageFactory(parent=space)
    year = BudgetYearPageFactory(parent=budget_index, fiscal_year=2026)
    BudgetLineFactory(page=year, sector="enseignement", nature="investissement", amount=Decimal("1250000.50"))
    BudgetLineFactory(page=year, sector="culture", nature="fonctionnement", amount=Decimal("250000"))
    projects = ProjectIndexPageFactory(parent=space)
    project = ProjectPageFactory(
        parent=projects, title="Piste cyclable", progress=60, district="Centre", budget=Decimal("480000")
    )
    return {"news": news, "year": year, "project": project}


def get(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_budget_year_exposes_total_and_lines(client, dashboard):
    data = get(client, f"/api/v2/pages/{dashboard['year'].pk}/")
    assert data["meta"]["type"] == "cms.BudgetYearPage"
    assert data["fiscal_year"] == 2026
    assert data["total"] == "1500000.50"
    assert sorted((line["sector"], line["nature"], line["amount"]) for line in data["lines"]) == [
        ("culture", "fonctionnement", "250000.00"),
        ("enseignement", "investissement", "1250000.50"),
    ]


def test_news_and_project_fields(client, dashboard):
    news = get(client, f"/api/v2/pages/{dashboard['news'].pk}/")
    assert (news["title"], news["summary"], news["date"]) == ("Le marché rouvre", "Dès samedi.", "2026-03-14")
    assert "body" in news
    project = get(client, f"/api/v2/pages/{dashboard['project'].pk}/")
    assert project["progress"] == 60
    assert project["status"] == "en_cours"
    assert project["district"] == "Centre"
    assert project["budget"] == "480000.00"


def test_space_exposes_its_territory_package_and_theme(client, home):
    commune = TerritoryFactory(code="44990", name="Villebrune-sur-Loire", population=18450)
    space = CollectiviteSpaceFactory(parent=home, territory=commune, package="premium", primary_color="#1d4e89")
    data = get(client, f"/api/v2/pages/{space.pk}/")
    assert data["territory"] == {
        "kind": "commune",
        "code": "44990",
        "name": "Villebrune-sur-Loire",
        "population": 18450,
        "population_year": None,
    }
    assert data["package"] == "premium"
    assert data["primary_color"] == "#1d4e89"
    assert "access_code" not in data
    assert "private_link_token" not in data


def test_listing_by_type_and_by_parent(client, dashboard):
    listing = get(client, "/api/v2/pages/", type="cms.ProjectPage", fields="progress,district")
    assert [(item["title"], item["progress"]) for item in listing["items"]] == [("Piste cyclable", 60)]
    children = get(client, "/api/v2/pages/", child_of=dashboard["year"].get_parent().pk)
    assert [item["id"] for item in children["items"]] == [dashboard["year"].pk]


def test_drafts_are_not_served(client, dashboard):
    dashboard["news"].unpublish()
    assert client.get(f"/api/v2/pages/{dashboard['news'].pk}/").status_code == 404


def test_bad_filter_gets_a_clear_400(client, dashboard):
    response = client.get("/api/v2/pages/", {"type": "cms.NExistePas"})
    assert response.status_code == 400
    assert "type doesn't exist" in response.json()["message"]


def test_editors_api_documentation_loads_nothing_from_outside(client, db):
    response = client.get("/api/v3/docs/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "swagger" in body.lower()
    assert "cdn." not in body
    assert "https://" not in body.replace("https://swagger.io", "")
    schema = client.get("/api/v3/openapi.json").json()
    assert "/api/v3/pages/{page_id}/" in schema["paths"]
