"""What the page and the API call: the backend's answer, with every hit checked against the database.

The index follows the database after each commit, through a Celery task (`search.indexing`): between the commit and
the task — or for ever, when a worker lost the task — a comment hidden by a moderator or a page unpublished would
still be in the index. So the hits a visitor is about to see (a page of results, a few suggestions) are read again:
a page must still be searchable (`cms.searchable.searchable_pages`), a contribution still given back by its source's
`items()`. A stale hit is left out of the page and queued to be read again (the index heals itself); the counts and
facets, which come from the index, may be off by those until the task runs. Two or three small queries per search.
"""

import logging
from collections import defaultdict
from dataclasses import replace

from django.conf import settings

from cms.registry import registry

from .backends import get_backend

logger = logging.getLogger(__name__)


def enabled():
    """`SEARCH_RECHECK_HITS` (on; the tests of the page and the API that feed the index items standing for nothing in
    the database turn it off)."""
    return getattr(settings, "SEARCH_RECHECK_HITS", True)


def _sources_by_prefix():
    return {source.key_prefix or source.name: source for source in registry.search_sources()}


def _parse_id(raw):
    return int(raw) if raw.lstrip("-").isdigit() else raw


def still_searchable(keys):
    """The subset of `keys` that is searchable now (pages `page:<id>` and registered sources' keys)."""
    from cms.searchable import searchable_pages

    wanted = defaultdict(list)
    for key in keys:
        prefix, _, raw = key.partition(":")
        wanted[prefix].append(_parse_id(raw))
    alive = set()
    page_ids = [pk for pk in wanted.pop("page", []) if isinstance(pk, int)]
    if page_ids:
        alive.update(f"page:{pk}" for pk in searchable_pages().filter(pk__in=page_ids).values_list("pk", flat=True))
    sources = _sources_by_prefix()
    for prefix, ids in wanted.items():
        source = sources.get(prefix)
        if source is not None:  # a key of no registered source is not searchable
            alive.update(item.key for item in source.items(ids))
    return alive


def _heal(stale):
    """Queue the stale keys to be read again (removed from the index unless searchable again)."""
    from . import indexing

    sources = _sources_by_prefix()
    for key in stale:
        prefix, _, raw = key.partition(":")
        if prefix == "page" and raw.isdigit():
            indexing.pages_changed([int(raw)])
        elif prefix in sources:
            indexing.items_changed(sources[prefix].name, [_parse_id(raw)])
    logger.info("Search: %d stale hits left out and queued again: %s", len(stale), sorted(stale)[:10])


def search(query, backend=None):
    """`backend.search(query)` with the hits no longer searchable left out (see the module)."""
    results = (backend or get_backend()).search(query)
    keys = [hit.key for hit in results.hits]
    if not keys or not enabled():
        return results
    alive = still_searchable(keys)
    stale = [key for key in keys if key not in alive]
    if stale:
        _heal(stale)
        results = replace(results, hits=[hit for hit in results.hits if hit.key in alive])
    return results


def autocomplete(text, language, limit=8, backend=None):
    """The backend's suggestions (pages), those no longer searchable left out."""
    suggestions = (backend or get_backend()).autocomplete(text, language, limit=limit)
    if not suggestions or not enabled():
        return suggestions
    keys = {getattr(suggestion, "key", "") for suggestion in suggestions}
    if "" in keys:
        return suggestions
    alive = still_searchable(keys)
    return [suggestion for suggestion in suggestions if suggestion.key in alive]
