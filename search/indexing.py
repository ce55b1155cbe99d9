"""When the index follows the database: what changed is noted during the transaction, and read again after it.

- Pages: published, unpublished, moved, renamed (a new slug), deleted, a view restriction set or lifted, a space's
  territory changed. Each page concerned (with its descendants when their address or visibility follows it) is read
  again: indexed if it is searchable now (`search.pages`), removed from the index otherwise. The contributions on
  those pages follow (`SearchSource.ids_for_pages`): a page unpublished takes its comments and free texts out.
- Contributions: a feature calls `cms.registry.registry.search_changed(source, ids)` (signal `search_items_changed`);
  those ids are read again through the source: an id `items()` does not give back leaves the index.

Nothing is read or written before the commit: the ids are collected per transaction (a set, so that a hundred
signals make one task), and when it commits one Celery task per kind of work is queued (`search.update_pages`,
`search.update_items`, in chunks) through `cms.queue.enqueue`; without a broker they run in-process, at once. The
tasks trust no payload but ids: they read the database again. A change rolled back queues nothing.

A failure of the index (a server down) never undoes nor breaks what the editor or the citizen did: it is logged, and
`manage.py rebuild_search_index` catches up.
"""

import logging
import threading

from django.db import transaction

from cms.registry import registry

from . import pages as search_pages

logger = logging.getLogger(__name__)

CHUNK = 500


class _Pending(threading.local):
    def __init__(self):
        self.pages = set()
        self.items = {}
        self.callback = None


_pending = _Pending()


def _scheduled():
    """Whether a flush is registered on the current transaction and has not run (nor been rolled back)."""
    callback = _pending.callback
    if callback is None:
        return False
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(entry[1] is callback for entry in connection.run_on_commit)


def _schedule():
    if _scheduled():
        return

    def flush():
        if _pending.callback is flush:
            _pending.callback = None
        _flush()

    _pending.callback = flush
    transaction.on_commit(flush)


def _forget_rolled_back():
    """Before noting anything: with no flush waiting on the current transaction, what is pending was noted by a
    transaction (or savepoint) that rolled back, on this thread, maybe for another request: forget it (it would
    otherwise be read again needlessly, and make `on_page_deleted` take a page for already handled)."""
    if not _scheduled():
        discard_pending()


def pages_changed(page_ids):
    """Read these pages again once the transaction commits."""
    ids = {int(pk) for pk in page_ids if pk is not None}
    if ids:
        _forget_rolled_back()
        _pending.pages.update(ids)
        _schedule()


def items_changed(source, ids):
    """Read these items of `source` again once the transaction commits."""
    ids = set(ids)
    if ids:
        _forget_rolled_back()
        _pending.items.setdefault(source, set()).update(ids)
        _schedule()


def discard_pending():
    """Forget what this transaction noted (after a full rebuild inside it, which already read all of it)."""
    _pending.pages = set()
    _pending.items = {}


def _flush():
    page_ids, _pending.pages = sorted(_pending.pages), set()
    items, _pending.items = _pending.items, {}
    from cms.queue import enqueue

    try:
        for start in range(0, len(page_ids), CHUNK):
            enqueue("search.update_pages", page_ids[start : start + CHUNK], if_unavailable="run")
        for source, ids in sorted(items.items()):
            ids = sorted(ids, key=str)
            for start in range(0, len(ids), CHUNK):
                enqueue("search.update_items", source, ids[start : start + CHUNK], if_unavailable="run")
    except Exception:  # the change is committed: the index catches up with the next rebuild
        logger.exception("The search index could not be updated (%d pages, sources %s)", len(page_ids), list(items))


# -- what the tasks do -----------------------------------------------------------------------------------------------
def _backend():
    from .backends import get_backend

    return get_backend()


def update_pages(page_ids, backend=None):
    """Index those pages that are searchable, remove the others, then re-read the contributions on all of them.
    Returns (indexed, removed) for the pages."""
    backend = backend or _backend()
    page_ids = sorted({int(pk) for pk in page_ids})
    indexed = removed = 0
    for start in range(0, len(page_ids), CHUNK):
        chunk = page_ids[start : start + CHUNK]
        items = search_pages.page_items(chunk)
        if items:
            indexed += backend.index(items)
        kept = {item.key for item in items}
        gone = [search_pages.page_key(pk) for pk in chunk if search_pages.page_key(pk) not in kept]
        if gone:
            removed += backend.delete(gone)
        for source in registry.search_sources():
            update_items(source.name, list(source.ids_for_pages(chunk)), backend=backend)
    return indexed, removed


def update_items(source_name, ids, backend=None):
    """Index those items of the source that are searchable, remove the others. Returns (indexed, removed)."""
    source = registry.search_source(source_name)
    ids = list(dict.fromkeys(ids))
    if source is None or not ids:
        return 0, 0
    backend = backend or _backend()
    indexed = removed = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        items = list(source.items(chunk))
        if items:
            indexed += backend.index(items)
        kept = {item.key for item in items}
        gone = [key for key in (source.key(pk) for pk in chunk) if key not in kept]
        if gone:
            removed += backend.delete(gone)
    return indexed, removed


# -- the rebuild -----------------------------------------------------------------------------------------------------
def _chunks(iterable, size):
    chunk = []
    for value in iterable:
        chunk.append(value)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def count_all():
    """How many ids the rebuild will read: searchable pages, then each source's."""
    total = search_pages.searchable_pages().count()
    for source in registry.search_sources():
        total += source.count() if source.count else sum(1 for _pk in source.all_ids())
    return total


def all_batches(size=1000, read=None):
    """Every searchable item, as lists of `SearchItem`: pages then each source, `size` ids read at a time.
    `read(n)` is told how many ids each batch read (a progress bar counts ids, some of which give no item)."""
    for chunk in _chunks(search_pages.all_page_ids(), size):
        yield search_pages.page_items(chunk)
        if read:
            read(len(chunk))
    for source in registry.search_sources():
        for chunk in _chunks(source.all_ids(), size):
            yield list(source.items(chunk))
            if read:
                read(len(chunk))


# -- the signals -----------------------------------------------------------------------------------------------------
def _with_descendants(page):
    from wagtail.models import Page

    return Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True)


def on_page_published(sender, instance, **kwargs):
    pages_changed([instance.pk])


def on_page_unpublished(sender, instance, **kwargs):
    pages_changed(_with_descendants(instance))


def on_page_moved_or_renamed(sender, instance, **kwargs):
    """Moved (`post_page_move`) or its slug changed (`page_slug_changed`): its address and those below it."""
    pages_changed(_with_descendants(instance))


def on_page_deleted(sender, instance, **kwargs):
    """Before a page goes: it, its descendants and the contributions on them (their rows go with the page)."""
    from wagtail.models import Page

    _forget_rolled_back()
    if not isinstance(instance, Page) or not instance.pk or instance.depth <= 1 or instance.pk in _pending.pages:
        return  # a subtree's deletion sends this for every page in it (and each specific row): read it once
    ids = list(_with_descendants(instance))
    pages_changed(ids)
    for source in registry.search_sources():
        items_changed(source.name, source.ids_for_pages(ids))


def on_restriction_changed(sender, instance, raw=False, **kwargs):
    from wagtail.models import Page

    if raw:
        return
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is not None:
        pages_changed(_with_descendants(page))


def on_space_saving(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    instance._search_territory_before = (
        type(instance).objects.filter(pk=instance.pk).values_list("territory_id", flat=True).first()
    )


def on_space_saved(sender, instance, created, raw=False, **kwargs):
    """A space's territory changed: every page of the space (and what was said on them) gets the new one."""
    if raw or created:
        return
    before = getattr(instance, "_search_territory_before", None)
    if before is not None and before != instance.territory_id:
        pages_changed(_with_descendants(instance))


def on_search_items_changed(sender, source, ids, **kwargs):
    items_changed(source, ids)


def connect():
    from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    from cms.models import CollectiviteSpace
    from cms.registry import search_items_changed

    page_published.connect(on_page_published, dispatch_uid="search_page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="search_page_unpublished")
    post_page_move.connect(on_page_moved_or_renamed, dispatch_uid="search_page_moved")
    page_slug_changed.connect(on_page_moved_or_renamed, dispatch_uid="search_page_renamed")
    pre_delete.connect(on_page_deleted, dispatch_uid="search_page_deleted")
    post_save.connect(on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search_restriction_set")
    post_delete.connect(on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search_restriction_gone")
    pre_save.connect(on_space_saving, sender=CollectiviteSpace, dispatch_uid="search_space_saving")
    post_save.connect(on_space_saved, sender=CollectiviteSpace, dispatch_uid="search_space_saved")
    search_items_changed.connect(on_search_items_changed, dispatch_uid="search_items_changed")
