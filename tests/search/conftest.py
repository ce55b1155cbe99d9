"""What the search page and API tests share: a fresh index, and SearchItems written to it directly (the sources'
own tests check what gets indexed)."""

import datetime

import pytest

from django.utils import timezone

from cms.registry import SearchItem


@pytest.fixture
def index(db, settings):
    """The installation's backend, emptied; `index.add(...)` writes SearchItems. They stand for no page nor
    contribution of the database: the views' re-check of their hits (`search.service`) is turned off."""
    from search.backends import get_backend

    settings.SEARCH_RECHECK_HITS = False

    backend = get_backend()
    backend.clear()

    class Index:
        def add(self, *items):
            backend.index(list(items))
            return items

    yield Index()
    backend.clear()


def item(key, title, body="", *, kind="cms.projectpage", language="fr", days_ago=0, **extra):
    return SearchItem(
        key=key,
        kind=kind,
        title=title,
        url=f"/{key.replace(':', '-')}/",
        body=body,
        language=language,
        date=timezone.now() - datetime.timedelta(days=days_ago),
        **extra,
    )


def register_contribution_kinds():
    """Make the kinds of the cahier de doléances' contributions known to the filters, as their source would (only
    when no installed source gives them: these tests do not depend on the sources'). Returns the undo."""
    from cms.registry import SearchSource, registry

    known = {kind for source in registry.search_sources() for kind in source.kinds}
    if {"comment", "free_text"} <= known:
        return lambda: None
    source = SearchSource(
        name="test_contributions",
        kinds={"comment": "Commentaire", "free_text": "Réponse libre"},
        items=lambda ids: [],
        all_ids=lambda: [],
        ids_for_pages=lambda page_ids: [],
    )
    registry.register_search_source(source)
    return lambda: registry._search_sources.pop(source.name, None)


@pytest.fixture(autouse=True)
def contribution_kinds():
    undo = register_contribution_kinds()
    yield
    undo()
