"""The index's Celery tasks: they receive ids only and read the database again (`search.indexing`)."""

from celery import shared_task

from . import indexing


@shared_task(name="search.update_pages")
def update_pages(page_ids):
    """Index those pages that are searchable now, remove the others, and follow the contributions on them."""
    return indexing.update_pages(page_ids)


@shared_task(name="search.update_items")
def update_items(source, ids):
    """Index those items of a registered search source that are searchable now, remove the others."""
    return indexing.update_items(source, ids)
