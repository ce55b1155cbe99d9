"""GET /api/search/ and GET /api/search/autocomplete/: results with escaped highlights, absolute URLs and named
facets, filters and paging, a 400 per wrong parameter with the page's messages, 503 `search_unavailable`, 429 past
the throttle."""

import pytest

from search.api import AutocompleteView, SearchView
from search.backends.base import SearchUnavailable
from search.limits import AutocompleteThrottle, SearchThrottle

from .conftest import item
from .test_views import school_archive

pytestmark = pytest.mark.django_db

URL = "/api/search/"
SUGGEST = "/api/search/autocomplete/"


def test_results_with_highlights_urls_and_facets(client, index):
    school_archive(index)
    response = client.get(URL, {"q": "ecole"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and body["count_is_lower_bound"] is False
    project = next(hit for hit in body["results"] if hit["kind"] == "cms.projectpage")
    assert project["title"] == "La nouvelle école Jules-Ferry"
    assert project["title_highlighted"] == "La nouvelle <mark>école</mark> Jules-Ferry"
    assert project["url"] == "http://testserver/page-1/"
    assert "<mark>" not in project["excerpt"] and "école" in project["excerpt"]
    assert "<mark>école</mark>" in project["excerpt_highlighted"]
    assert project["kind_label"] and project["kind_label"] != "cms.projectpage"
    assert project["territory"] == "Nantes" and project["theme"] == "education"
    comment = next(hit for hit in body["results"] if hit["kind"] == "comment")
    assert comment["context_title"] == "La cantine scolaire"
    assert comment["kind_label"] == "Commentaire"
    assert set(body["facets"]) == {"kind", "territory", "theme", "year"}
    kinds = {each["value"]: each for each in body["facets"]["kind"]}
    assert kinds["comment"]["count"] == 1 and kinds["comment"]["label"] == "Commentaire"
    themes = {each["value"]: each["label"] for each in body["facets"]["theme"]}
    assert themes["education"] == "Éducation et jeunesse"
    assert response["Content-Language"] == "fr"


def test_the_indexed_html_comes_out_escaped(client, index):
    body = "<script>alert('école')</script> à l'école"
    index.add(item("comment:9", "<img src=x onerror=alert(1)> école", body, kind="comment", language=""))
    hit = client.get(URL, {"q": "école"}).json()["results"][0]
    assert hit["excerpt_highlighted"] == (
        "&lt;script&gt;alert(&#x27;<mark>école</mark>&#x27;)&lt;/script&gt; à l&#x27;<mark>école</mark>"
    )
    assert hit["excerpt"] == body  # plain text, for the client to escape
    assert hit["title_highlighted"] == "&lt;img src=x onerror=alert(1)&gt; <mark>école</mark>"


def test_filters_sorting_and_paging(client, index):
    school_archive(index)
    assert client.get(URL, {"q": "école", "type": "comment"}).json()["count"] == 1
    assert client.get(URL, {"q": "école", "type": "comment,cms.projectpage"}).json()["count"] == 2
    assert client.get(URL + "?q=école&type=comment&type=cms.projectpage").json()["count"] == 2
    assert client.get(URL, {"q": "école", "theme": "education"}).json()["count"] == 1
    assert client.get(URL, {"q": "école", "territory": "44109"}).json()["count"] == 2
    newest = client.get(URL, {"q": "école", "sort": "date"}).json()["results"]
    assert [hit["kind"] for hit in newest] == ["comment", "cms.projectpage"]
    second = client.get(URL, {"q": "école", "sort": "date", "limit": "1", "offset": "1"}).json()
    assert second["count"] == 2 and [hit["kind"] for hit in second["results"]] == ["cms.projectpage"]


def test_an_empty_query_finds_nothing(client, index):
    school_archive(index)
    body = client.get(URL).json()
    assert body == {
        "count": 0,
        "count_is_lower_bound": False,
        "results": [],
        "facets": {"kind": [], "territory": [], "theme": [], "year": []},
    }


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"q": "a" * 501}, "q", "Votre recherche fait 501 caractères"),
        ({"q": "école", "limit": "0"}, "limit", "Indiquez un nombre de résultats entre 1 et 50."),
        ({"q": "école", "limit": "51"}, "limit", "Indiquez un nombre de résultats entre 1 et 50."),
        ({"q": "école", "offset": "-1"}, "offset", "Indiquez un décalage"),
        ({"q": "école", "offset": "990", "limit": "20"}, "offset", "Seuls les 1\xa0000 premiers résultats"),
        ({"q": "école", "year": "99999"}, "year", "Indiquez une année entre 1900 et 2100."),
        ({"q": "école", "type": "inconnu"}, "type", "Ce type de contenu n'existe pas"),
        ({"q": "école", "territory": "abc"}, "territory", "Indiquez le code INSEE"),
        ({"q": "école", "theme": "x"}, "theme", "Ce thème n'existe pas"),
        ({"q": "école", "sort": "random"}, "sort", "Triez par pertinence"),
    ],
)
def test_a_wrong_parameter_is_a_400_naming_it(client, index, params, field, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["message"]
    assert list(body["errors"]) == [field]
    assert body["errors"][field][0].startswith(message)


@pytest.mark.parametrize("text", ["\x00école", '"', "*", "OR", "(((", "école OR OR", ":", "-école", "école" * 99])
def test_syntax_laden_queries_get_an_answer(client, index, text):
    school_archive(index)
    response = client.get(URL, {"q": text})
    assert response.status_code == 200, response.content


def test_a_lone_surrogate_in_the_address_is_no_error(client, index):
    assert client.get(URL + "?q=%ED%A0%80").status_code in (200, 400)
    assert client.get("/recherche/?q=%ED%A0%80").status_code == 200


def test_unavailable_is_a_503(client, index, monkeypatch):
    from search.backends import get_backend

    def fail(*args, **kwargs):
        raise SearchUnavailable("down")

    monkeypatch.setattr(get_backend(), "search", fail)
    monkeypatch.setattr(get_backend(), "autocomplete", fail)
    for url in (URL, SUGGEST):
        response = client.get(url, {"q": "école"})
        assert response.status_code == 503
        assert response.json()["code"] == "search_unavailable"
        assert "n'a pas pu aboutir" in response.json()["message"]


@pytest.mark.parametrize(
    ("view", "throttle", "url"), [(SearchView, SearchThrottle, URL), (AutocompleteView, AutocompleteThrottle, SUGGEST)]
)
def test_a_client_is_throttled(client, index, monkeypatch, view, throttle, url):
    monkeypatch.setattr(throttle, "rate", "2/minute")
    for _ in range(2):
        assert client.get(url, {"q": "école"}).status_code == 200
    response = client.get(url, {"q": "école"})
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert client.get(url, {"q": "école"}, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_english(client, index):
    index.add(
        item("page:10", "The new school", "The school opens.", language="en"),
        item("page:11", "École", "École.", language="fr"),
    )
    response = client.get(URL, {"q": "schools", "lang": "en"})
    assert [hit["title"] for hit in response.json()["results"]] == ["The new school"]
    assert response["Content-Language"] == "en"


def test_autocomplete(client, index):
    school_archive(index)
    index.add(item("page:12", "Écoles maternelles : les inscriptions", "", kind="cms.newspage"))
    response = client.get(SUGGEST, {"q": "eco"})
    assert response.status_code == 200
    results = response.json()["results"]
    titles = [each["title"] for each in results]
    assert "La nouvelle école Jules-Ferry" in titles and "Écoles maternelles : les inscriptions" in titles
    assert "Une piste cyclable rue de la Gare" not in titles
    first = results[0]
    assert set(first) == {"title", "url", "kind", "kind_label"} and first["url"].startswith("http://testserver/")
    assert len(client.get(SUGGEST, {"q": "eco", "limit": "1"}).json()["results"]) == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": "é"}, "q"),
        ({"q": "a" * 101}, "q"),
        ({"q": "eco", "limit": "0"}, "limit"),
        ({"q": "eco", "limit": "x"}, "limit"),
    ],
)
def test_autocomplete_refuses_what_it_cannot_use(client, index, params, field):
    response = client.get(SUGGEST, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_the_schema_documents_the_search(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    search = schema["paths"]["/api/search/"]["get"]
    assert {"200", "400", "429", "503"} <= set(search["responses"])
    assert {parameter["name"] for parameter in search["parameters"]} >= {
        "q",
        "type",
        "territory",
        "theme",
        "year",
        "sort",
        "limit",
        "offset",
    }
    assert {"200", "400", "429", "503"} <= set(schema["paths"]["/api/search/autocomplete/"]["get"]["responses"])
