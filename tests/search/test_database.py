"""The database backend's own choices, beyond the contract (tests/search/test_contract.py)."""

import pytest

from search.backends.base import SORT_DATE
from search.backends.database import DatabaseBackend, pg_tsquery, sqlite_match
from search.query import parse

from .test_contract import item, keys, search, when


@pytest.fixture
def backend(db):
    instance = DatabaseBackend()
    instance.clear()
    return instance


@pytest.mark.postgres
def test_postgres_ranks_and_counts_a_window_of_the_newest_matches(backend, settings):
    settings.SEARCH_DATABASE_WINDOW = 5
    backend.index([item(f"page:{n}", f"École {n}", date=when(n)) for n in range(12)])
    backend.index([item("page:99", "École ancienne", "École, école, école.", date=when(400))])  # best, but oldest
    first = search(backend, "école", limit=4)
    assert first.total == 5 and first.total_is_lower_bound
    assert "page:99" not in keys(first)  # relevance ranks only the 5 newest matches
    pages = [keys(search(backend, "école", offset=offset, limit=4)) for offset in range(0, 16, 4)]
    seen = [key for page in pages for key in page]
    assert len(seen) == 13 and len(set(seen)) == 13  # beyond the window, by date: every match, once
    assert seen[5:] == [f"page:{n}" for n in range(5, 12)] + ["page:99"]
    dated = [key for o in range(0, 16, 4) for key in keys(search(backend, "école", sort=SORT_DATE, offset=o, limit=4))]
    assert dated == [f"page:{n}" for n in range(12)] + ["page:99"]


def test_queries_carry_user_words_only_as_parameters():
    parsed = parse('école\' OR x:* -"pub" "jardin partagé" eco*')
    sql, params = pg_tsquery(parsed, "en")
    assert "'" not in sql.replace("'aimpact_english'::regconfig", "").replace("'aimpact_french'::regconfig", "")
    assert "ecole" not in sql and "jardin" not in sql
    assert "'eco':*" in params and "jardin partage" in params
    match = sqlite_match(parsed, "fr")
    for token in match.replace("{title context body} :", "").replace("(", " ").replace(")", " ").split():
        assert token in {"OR", "AND", "NOT", "+"} or (token.startswith('"') and token.rstrip("*").endswith('"')), token


def test_undated_items_come_last_newest_first(backend):
    backend.index([item("page:1", "École", date=None), item("page:2", "École", date=when(3))])
    assert keys(search(backend, "école", sort=SORT_DATE)) == ["page:2", "page:1"]
