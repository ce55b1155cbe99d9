"""The search page (/recherche/): results with their highlights, facets as filters, sorting, pagination, and every
wrong input answered in words (200 with a message, 503 when the index cannot answer, 429 past the limit), never a
server error; the header's search box on every public page."""

import re

import pytest

from search.backends.base import SearchUnavailable

from .conftest import item

pytestmark = pytest.mark.django_db

URL = "/recherche/"


def school_archive(index):
    return index.add(
        item(
            "page:1",
            "La nouvelle école Jules-Ferry",
            "L'école ouvrira ses portes en septembre.",
            theme="education",
            territory_code="44109",
            territory_name="Nantes",
            days_ago=400,
        ),
        item(
            "comment:7",
            "Avis de Camille",
            "La cantine de l'école est trop chère pour les familles.",
            kind="comment",
            language="",
            context_title="La cantine scolaire",
            territory_code="44109",
            territory_name="Nantes",
            days_ago=3,
        ),
        item("page:2", "Une piste cyclable rue de la Gare", "Des vélos en sécurité.", theme="mobilite"),
    )


def hits(response):
    return re.findall(
        r'<li class="search-hit">.*?</li>\s*(?=<li class="search-hit">|</ol>)', response.content.decode(), re.S
    )


def test_results_are_found_counted_and_highlighted(client, index):
    school_archive(index)
    response = client.get(URL, {"q": "ecoles"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 résultats pour « ecoles »" in html
    assert len(hits(response)) == 2
    assert "<mark>école</mark>" in html  # accents and plural folded, the word as written marked
    assert "piste cyclable" not in html.lower()
    assert "dans : La cantine scolaire" in html
    assert "Nantes" in html
    assert 'href="/comment-7/"' in html
    assert html.count("<h1") == 1


def test_one_result_is_said_in_the_singular(client, index):
    school_archive(index)
    assert "1 résultat pour « cyclable »" in client.get(URL, {"q": "cyclable"}).content.decode()


def test_the_indexed_text_is_escaped(client, index):
    index.add(
        item("comment:9", "Piège <b>gras</b>", "<script>alert('école')</script> une école", kind="comment", language="")
    )
    html = client.get(URL, {"q": "école"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;<mark>école</mark>&#x27;)&lt;/script&gt;" in html
    assert "<b>gras</b>" not in html and "Piège &lt;b&gt;gras&lt;/b&gt;" in html


def test_facets_filter_the_results_and_can_be_removed(client, index):
    school_archive(index)
    html = client.get(URL, {"q": "école"}).content.decode()
    assert "Affiner la recherche" in html
    link = re.search(r'<a href="(\?[^"]*type=comment[^"]*)"', html)
    assert link, "a link filters by the type « comment »"
    filtered = client.get(URL + link.group(1).replace("&amp;", "&"))
    assert len(hits(filtered)) == 1
    text = filtered.content.decode()
    assert "Filtres actifs" in text and "retirer" in text
    remove = re.search(r'<strong>[^<]*</strong> <a href="(\?[^"]*)">retirer', text).group(1).replace("&amp;", "&")
    assert "type=" not in remove
    assert len(hits(client.get(URL + remove))) == 2


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"territory": "44109"}, 2),
        ({"theme": "education"}, 1),
        ({"type": "cms.projectpage"}, 1),
    ],
)
def test_filters(client, index, params, expected):
    school_archive(index)
    response = client.get(URL, {"q": "école", **params})
    assert response.status_code == 200
    assert len(hits(response)) == expected


def test_the_territory_and_theme_facets_are_named(client, index):
    school_archive(index)
    html = client.get(URL, {"q": "école"}).content.decode()
    assert "Éducation et jeunesse" in html  # the theme's label, not its value


def test_sorting_by_date_puts_the_newest_first(client, index):
    school_archive(index)
    by_date = hits(client.get(URL, {"q": "école", "sort": "date"}))
    assert "comment-7" in by_date[0]
    html = client.get(URL, {"q": "école", "sort": "date"}).content.decode()
    assert re.search(r'<a href="[^"]*sort=date[^"]*" aria-current="true">', html)


def test_pagination(client, index):
    index.add(*[item(f"page:{n}", f"École numéro {n}", "Une école.", days_ago=n) for n in range(1, 26)])
    first = client.get(URL, {"q": "école"})
    assert len(hits(first)) == 20
    html = first.content.decode()
    assert 'aria-label="Pages de résultats"' in html
    assert 'aria-current="page"><span class="visually-hidden">Page </span>1</span>' in html
    assert 'rel="next"' in html
    second = client.get(URL, {"q": "école", "page": "2"})
    assert len(hits(second)) == 5
    assert '<ol class="search-hits" start="21">' in second.content.decode()


def test_an_empty_query_gets_an_introduction(client, index):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get(URL, params)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Quelques conseils" in html
        assert "résultat" not in html.split("<main", 1)[1].split("Quelques conseils")[0]


def test_no_result_gets_suggestions(client, index):
    school_archive(index)
    html = client.get(URL, {"q": "zzzxqw", "theme": "culture"}).content.decode()
    assert "Aucun résultat" in html
    assert "vérifiez l'orthographe" in html
    assert "retirez un filtre" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "é" * 501}, "Votre recherche fait 501 caractères"),
        ({"q": "école", "page": "0"}, "Indiquez un numéro de page"),
        ({"q": "école", "page": "abc"}, "Indiquez un numéro de page"),
        ({"q": "école", "page": "-3"}, "Indiquez un numéro de page"),
        ({"q": "école", "page": "51"}, "Seuls les 1\xa0000 premiers résultats"),
        ({"q": "école", "page": "9" * 40}, "Indiquez un numéro de page"),
        ({"q": "école", "year": "99999"}, "Indiquez une année entre 1900 et 2100"),
        ({"q": "école", "year": "deux mille"}, "Indiquez une année"),
        ({"q": "école", "type": "inconnu"}, "Ce type de contenu n'existe pas"),
        ({"q": "école", "theme": "astrologie"}, "Ce thème n'existe pas"),
        ({"q": "école", "territory": "x' OR 1=1"}, "Indiquez le code INSEE"),
        ({"q": "école", "sort": "random"}, "Triez par pertinence"),
    ],
)
def test_a_wrong_value_gets_its_message_next_to_it(client, index, params, message):
    school_archive(index)
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html
    assert 'role="alert"' in html
    if params["q"] == "école":
        assert len(hits(response)) == 2  # the rest of the search still runs


@pytest.mark.parametrize(
    "text", ["\x00école", '"', '"école', "*", "école*", "OR", "école OR", "(((", "école:", "-", "🙂"]
)
def test_syntax_laden_queries_never_fail(client, index, text):
    school_archive(index)
    response = client.get(URL, {"q": text})
    assert response.status_code == 200


def test_the_long_query_is_kept_in_the_field_to_be_shortened(client, index):
    response = client.get(URL, {"q": "a" * 501})
    assert 'value="' + "a" * 501 + '"' in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def test_an_index_that_cannot_answer_gets_a_503_page(client, index, monkeypatch):
    from search.backends import get_backend

    def fail(query):
        raise SearchUnavailable("timeout")

    monkeypatch.setattr(get_backend(), "search", fail)
    response = client.get(URL, {"q": "école"})
    assert response.status_code == 503
    html = response.content.decode()
    assert "La recherche n'a pas pu aboutir" in html
    assert 'id="search-q"' in html  # the page, with its form: not an error page


def test_too_many_searches_get_a_429_page(client, index, monkeypatch):
    monkeypatch.setattr("search.limits.PAGE_LIMIT", 3)
    for _ in range(3):
        assert client.get(URL, {"q": "école"}).status_code == 200
    response = client.get(URL, {"q": "école"})
    assert response.status_code == 429
    assert "Trop de recherches en peu de temps" in response.content.decode()
    # Another client still searches.
    assert client.get(URL, {"q": "école"}, REMOTE_ADDR="10.9.8.7").status_code == 200


def test_the_english_page(client, index):
    index.add(
        item("page:10", "The new school", "The school opens in September.", language="en"),
        item("page:11", "La nouvelle école", "L'école ouvre.", language="fr"),
    )
    response = client.get("/en/recherche/", {"q": "schools"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<mark>school</mark>" in html
    assert "La nouvelle école" not in html


def test_the_header_box_on_a_wagtail_page(client, home):
    html = client.get("/").content.decode()
    box = re.search(r'<form class="header-search"[^>]*>', html)
    assert box and 'role="search"' in box.group(0) and 'action="/recherche/"' in box.group(0)
    assert '<label class="visually-hidden" for="header-search-q">' in html
    assert 'data-search-suggestions="/api/search/autocomplete/"' in html
    english = client.get("/en/").content.decode()
    assert 'action="/en/recherche/"' in english


def test_the_header_box_on_a_view_that_is_no_page(client, home):
    html = client.get("/comptes/login/").content.decode()
    assert 'class="header-search"' in html and 'action="/recherche/"' in html


def test_the_search_page_has_one_search_field(client, index):
    html = client.get(URL, {"q": "école"}).content.decode()
    assert 'class="header-search"' not in html
    assert html.count('type="search"') == 1


def test_the_english_page_speaks_english(client, index):
    index.add(item("page:10", "The new school", "The school opens in September.", language="en"))
    html = client.get("/en/recherche/", {"q": "school", "year": "1"}).content.decode()
    assert "1 result for" in html and "Search the site" in html
    assert "Give a year between 1900 and 2100." in html
    assert "Rechercher" not in html.split("<main", 1)[1]


def test_a_count_the_backend_stopped_is_said_as_more_than(client, index, monkeypatch):
    from search.backends import get_backend
    from search.backends.base import Hit, SearchResults

    hit = Hit(key="page:1", kind="cms.projectpage", title="École", url="/ecole/", excerpt="", title_marked="École")
    monkeypatch.setattr(
        get_backend(), "search", lambda query: SearchResults(total=10000, hits=[hit], total_is_lower_bound=True)
    )
    html = client.get(URL, {"q": "école"}).content.decode()
    assert "Plus de 10\xa0000 résultats pour « école »" in html
    # Only the pages within MAX_RESULTS are offered: 1,000 results, 20 a page.
    assert '<span class="visually-hidden">Page </span>50</a>' in html
    assert "page=51" not in html
    body = client.get("/api/search/", {"q": "école"}).json()
    assert body["count"] == 10000 and body["count_is_lower_bound"] is True
