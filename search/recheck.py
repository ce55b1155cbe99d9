"""What the search shows is checked against the database once more, hit by hit.

The index follows the database after each commit (`search.indexing`), but it may lag: a task not run yet, a worker
lost, a backend down when a moderator hid a comment or an editor put a page behind an access code (the failure is
logged and the next rebuild catches up). Until then the index still holds the old text; the page, the API and the
autocomplete must not show it. So the hits of one answer (a page of 20 to 50 at most, 10 suggestions) are read again
through the same rules as the indexing (`cms.searchable`, each source's `items()`), and those no longer readable are
left out. Counts and facets come from the index as it is (they may count a hidden thing for a while; they never show
its text nor its title)."""

from django.conf import settings

from cms.registry import registry

from . import pages as search_pages


def enabled():
    return getattr(settings, "SEARCH_RECHECK_HITS", True)


def _id(value):
    try:
        return int(value)
    except ValueError:
        return value


def readable_keys(keys):
    """Those of these index keys whose page or contribution is searchable now."""
    by_prefix = {}
    for key in keys:
        prefix, _sep, pk = (key or "").partition(":")
        if pk:
            by_prefix.setdefault(prefix, []).append(_id(pk))
    found = set()
    page_ids = [pk for pk in by_prefix.pop(search_pages.KEY_PREFIX.rstrip(":"), []) if isinstance(pk, int)]
    if page_ids:
        readable = search_pages.searchable_pages().filter(pk__in=page_ids).values_list("pk", flat=True)
        found |= {search_pages.page_key(pk) for pk in readable}
    for source in registry.search_sources():
        ids = by_prefix.pop(source.key_prefix or source.name, None)
        if ids:
            found |= {item.key for item in source.items(ids)}
    return found


def keep_readable(things, key=lambda thing: thing.key):
    """`things` (hits, suggestions) without those whose key is no longer readable (all kept when turned off)."""
    things = list(things)
    if not enabled() or not things:
        return things
    readable = readable_keys([key(thing) for thing in things])
    return [thing for thing in things if key(thing) in readable]
