"""The contract every search backend keeps (search/backends/base.py), run against each backend available here: the
database one always (on the database pytest uses: SQLite, or PostgreSQL with DATABASE_URL=postgres://…), the
Elasticsearch one when ELASTICSEARCH_URL is set. Items are written through the backend itself (`index`, `rebuild`),
as the indexing code does, never through the table."""

import datetime
import os
import uuid

import pytest

from cms.registry import SearchItem
from search.backends.base import MARK_END, MARK_START, SORT_DATE, SearchQuery

JUNK = [
    '"',
    "*",
    "OR",
    ":",
    "(((",
    ")",
    "-",
    "- -",
    "'",
    "\\",
    "%",
    "_",
    "école OR",
    "OR école",
    '"école',
    "école*:",
    "title:x AND NEAR(a b)",
    "body:école NOT x",
    "^école",
    "{title}: école",
    "'; DROP TABLE search_searchdocument; --",
    "école\x00",
    "a\x00b",
    "école " * 80,
    "mot" * 160,
    "&& || !! <-> :* ''",
    "'ecole':* & !x",
]


def _backend_params():
    params = [pytest.param("database", id="database")]
    if os.environ.get("ELASTICSEARCH_URL"):
        params.append(pytest.param("elasticsearch", id="elasticsearch", marks=pytest.mark.elasticsearch))
    return params


@pytest.fixture(params=_backend_params())
def backend(request, db, settings):
    if request.param == "database":
        from search.backends.database import DatabaseBackend

        instance = DatabaseBackend()
        instance.clear()
        yield instance
        return
    from search.backends.elasticsearch import ElasticsearchBackend  # written by its own helper: imported lazily

    settings.SEARCH_INDEX_PREFIX = f"test_{uuid.uuid4().hex[:8]}_"
    instance = ElasticsearchBackend()
    instance.clear()
    yield instance
    for cleanup in ("drop", "delete_indices", "clear"):
        if hasattr(instance, cleanup):
            getattr(instance, cleanup)()
            break


def when(days):
    return datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC) - datetime.timedelta(days=days)


def item(key, title, body="", **fields):
    fields.setdefault("kind", "cms.projectpage")
    fields.setdefault("language", "fr")
    fields.setdefault("url", f"/{key.replace(':', '-')}/")
    fields.setdefault("date", when(10))
    return SearchItem(key=key, title=title, body=body, **fields)


def keys(results):
    return [hit.key for hit in results.hits]


def search(backend, text, **options):
    return backend.search(SearchQuery(text=text, **options))


SCHOOL = item("page:1", "Rénovation de l'école Jules Ferry", "Les travaux de l'école commencent en septembre.")
CANTEEN = item(
    "page:2",
    "Consultation sur la cantine",
    "Que pensez-vous des repas servis aux élèves ?",
    kind="consultations.consultationpage",
    date=when(5),
)
COMMENT = item(
    "comment:7",
    "Commentaire",
    "Les écoles du quartier méritent une cantine bio.",
    kind="comment",
    language="",
    context_title="Consultation sur la cantine",
    date=when(1),
)
ENGLISH = item("page:3", "Schools of the valley", "Our schools are renovated.", language="en", date=when(3))


def test_accents_case_and_plurals_are_folded(backend):
    backend.index([SCHOOL, CANTEEN])
    for text in ("école", "ecoles", "Écoles", "ÉCOLE", "ecole", "l'école"):
        assert keys(search(backend, text)) == ["page:1"], text


def test_languages(backend):
    backend.index([SCHOOL, COMMENT, ENGLISH])
    assert keys(search(backend, "schools", language="en")) == ["page:3"]
    assert keys(search(backend, "schools", language="fr")) == []
    # a contribution is found in every language (its words stemmed in French)
    assert "comment:7" in keys(search(backend, "école", language="fr"))
    assert "comment:7" in keys(search(backend, "écoles", language="en"))
    # French pages are not shown to an English visitor
    assert "page:1" not in keys(search(backend, "école", language="en"))


def test_title_match_ranks_above_a_body_only_match(backend):
    backend.index(
        [
            item(
                "page:10",
                "Le budget participatif",
                "Une école est citée ici parmi beaucoup d'autres mots.",
                date=when(0),
            ),
            item("page:11", "L'école du village", "Un texte sans rapport.", date=when(30)),
        ]
    )
    results = search(backend, "école")
    assert keys(results) == ["page:11", "page:10"]
    assert results.hits[0].score >= results.hits[1].score


def test_sort_by_date_newest_first(backend):
    backend.index([item(f"page:{n}", f"Projet d'école {n}", date=when(n)) for n in (5, 1, 9, 3)])
    assert keys(search(backend, "école", sort=SORT_DATE)) == ["page:1", "page:3", "page:5", "page:9"]


def test_filters(backend):
    backend.index(
        [
            item(
                "page:1", "École A", territory_code="75056", territory_name="Paris", theme="education", date=when(400)
            ),
            item("page:2", "École B", territory_code="69123", territory_name="Lyon", theme="education"),
            item("page:3", "École C", territory_code="75056", territory_name="Paris", theme="mobility"),
            item("comment:4", "Commentaire", "Une école", kind="comment", language=""),
        ]
    )
    assert sorted(keys(search(backend, "école", territory="75056"))) == ["page:1", "page:3"]
    assert sorted(keys(search(backend, "école", theme="education"))) == ["page:1", "page:2"]
    assert keys(search(backend, "école", year=when(400).year)) == ["page:1"]
    assert keys(search(backend, "école", kinds=("comment",))) == ["comment:4"]
    assert sorted(keys(search(backend, "école", kinds=("comment", "cms.projectpage"), theme="mobility"))) == ["page:3"]


def test_facet_counts(backend):
    backend.index(
        [
            item("page:1", "École A", territory_code="75056", theme="education", date=when(400)),
            item("page:2", "École B", territory_code="69123", theme="education"),
            item("page:3", "École C", territory_code="75056", theme="mobility"),
            item("comment:4", "Commentaire", "Une école", kind="comment", language=""),
            item("page:5", "Piscine", territory_code="75056", theme="sport"),
        ]
    )
    results = search(backend, "école")
    assert results.total == 4
    facets = {name: {value.value: value.count for value in values} for name, values in results.facets.items()}
    assert facets["kind"] == {"cms.projectpage": 3, "comment": 1}
    assert facets["territory"] == {"75056": 2, "69123": 1}
    assert facets["theme"] == {"education": 2, "mobility": 1}
    assert facets["year"] == {str(when(400).year): 1, str(when(10).year): 3}
    assert [value.value for value in results.facets["kind"]] == ["cms.projectpage", "comment"]  # most frequent first
    # counts over the current result set: a filter narrows them
    filtered = search(backend, "école", territory="75056")
    assert {v.value: v.count for v in filtered.facets["theme"]} == {"education": 1, "mobility": 1}


def test_pagination_is_stable_and_total_exact(backend):
    backend.index([item(f"page:{n}", f"École numéro {n}", date=when(n % 7)) for n in range(45)])
    pages = [search(backend, "école", offset=offset, limit=10) for offset in range(0, 50, 10)]
    assert all(page.total == 45 and not page.total_is_lower_bound for page in pages)
    seen = [key for page in pages for key in keys(page)]
    assert len(seen) == 45 and len(set(seen)) == 45
    assert keys(search(backend, "école", offset=10, limit=10)) == keys(pages[1])
    dated = [
        key
        for offset in range(0, 50, 10)
        for key in keys(search(backend, "école", sort=SORT_DATE, offset=offset, limit=10))
    ]
    assert sorted(dated) == sorted(seen)


def test_excerpt_marks_the_matched_words_of_the_matched_part(backend):
    filler = "Le conseil municipal a examiné le rapport annuel sur la voirie et les réseaux. " * 30
    body = filler + "Enfin, la cantine de l'école servira des repas bio dès janvier. " + filler
    backend.index([item("page:1", "Compte rendu du conseil", body)])
    hit = search(backend, "écoles").hits[0]
    assert f"{MARK_START}école{MARK_END}" in hit.excerpt
    assert "cantine" in hit.excerpt
    assert len(hit.excerpt) < 600
    assert hit.title_marked == "Compte rendu du conseil"
    title_hit = search(backend, "conseil").hits[0]
    assert title_hit.title_marked == f"Compte rendu du {MARK_START}conseil{MARK_END}"


def test_phrase_or_exclusion_prefix(backend):
    backend.index(
        [
            item("page:1", "Jardin partagé", "Un jardin partagé près de la mairie."),
            item("page:2", "Partage du jardin", "Le jardin des voisins sera bientôt partagé ; un partagé jardin."),
            item("page:3", "Piste cyclable", "Une piste cyclable relie les écoles."),
            item("page:4", "Écologie urbaine", "Des arbres en ville."),
        ]
    )
    assert keys(search(backend, '"jardin partagé"')) == ["page:1"]
    assert sorted(keys(search(backend, "cyclable OR arbres"))) == ["page:3", "page:4"]
    assert sorted(keys(search(backend, "jardin"))) == ["page:1", "page:2"]
    assert keys(search(backend, "jardin -voisins")) == ["page:1"]
    assert sorted(keys(search(backend, "éco*"))) == ["page:3", "page:4"]
    assert keys(search(backend, "ecolog*")) == ["page:4"]


@pytest.mark.parametrize("text", JUNK, ids=range(len(JUNK)))
def test_junk_queries_never_raise(backend, text):
    backend.index([SCHOOL, COMMENT])
    results = search(backend, text)
    assert results.total == len(results.hits) or results.total > len(results.hits)
    for hit in results.hits:
        assert hit.key in {"page:1", "comment:7"}


def test_empty_query_gives_no_result(backend):
    backend.index([SCHOOL])
    for text in ("", "   ", "le la les", "!!!"):
        results = search(backend, text)
        assert results.total == 0 and results.hits == []


def test_index_replaces_by_key_and_delete(backend):
    backend.index([SCHOOL, CANTEEN])
    backend.index([item("page:1", "Gymnase municipal", "Le gymnase rouvre.")])
    assert backend.count() == 2
    assert keys(search(backend, "école")) == []
    assert keys(search(backend, "gymnase")) == ["page:1"]
    assert backend.delete(["page:1", "page:404"]) == 1
    assert keys(search(backend, "gymnase")) == []
    assert backend.count() == 1


def test_rebuild_replaces_everything(backend):
    backend.index([SCHOOL, CANTEEN])
    seen = []
    count = backend.rebuild([[COMMENT], [ENGLISH, item("page:9", "Bibliothèque")]], progress=seen.append)
    assert count == 3 and backend.count() == 3
    assert seen == [1, 3]
    assert keys(search(backend, "cantine")) == ["comment:7"]
    assert keys(search(backend, "bibliotheque")) == ["page:9"]
    backend.clear()
    assert backend.count() == 0


def test_autocomplete_on_title_word_prefixes(backend):
    backend.index([SCHOOL, CANTEEN, COMMENT, ENGLISH, item("page:4", "Écologie urbaine")])
    titles = [suggestion.title for suggestion in backend.autocomplete("eco", "fr")]
    assert titles[0] == "Écologie urbaine"  # the title starts with it
    assert set(titles) == {"Écologie urbaine", "Rénovation de l'école Jules Ferry"}  # not the comment
    assert [s.title for s in backend.autocomplete("ÉCOLE JU", "fr")] == ["Rénovation de l'école Jules Ferry"]
    assert [s.url for s in backend.autocomplete("scho", "en")] == ["/page-3/"]
    assert backend.autocomplete("scho", "fr") == []
    assert backend.autocomplete("", "fr") == []
    assert backend.autocomplete('"(*', "fr") == []


def test_a_search_taking_too_long_is_stopped(backend, settings, monkeypatch):
    """SEARCH_TIMEOUT_SECONDS stops the search and the backend says SearchUnavailable (never hangs, never a 500)."""
    import time

    from django.db import connection

    from search.backends.base import SearchUnavailable

    if backend.name != "database":
        pytest.skip("the database backend's own limit (statement_timeout / progress handler)")
    from search.backends import database

    backend.index([SCHOOL])
    settings.SEARCH_TIMEOUT_SECONDS = 0.2
    slow_sql = (
        "SELECT pg_sleep(5)"
        if connection.vendor == "postgresql"
        else "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
        "SELECT count(*) FROM (SELECT x FROM c LIMIT 500000000)"
    )
    runner = database._PostgresQuery if connection.vendor == "postgresql" else database._SQLiteQuery
    original = runner.run

    def slow_run(self):
        with connection.cursor() as cursor:
            cursor.execute(slow_sql)
        return original(self)

    monkeypatch.setattr(runner, "run", slow_run)
    started = time.monotonic()
    with pytest.raises(SearchUnavailable):
        search(backend, "école")
    assert time.monotonic() - started < 2
    # the connection is still usable, and without the slow part the search answers
    monkeypatch.setattr(runner, "run", original)
    assert keys(search(backend, "école")) == ["page:1"]
