"""The index's Celery tasks: they receive ids only and read the database again (`search.indexing`).

A search server or database that does not answer is retried with a growing delay (up to about ten minutes between
tries, five times): an Elasticsearch restart must not leave a hidden comment in the index. What still fails is logged
and caught up by `manage.py rebuild_search_index`; meanwhile the page and the API leave out hits that are no longer
searchable (`search.service`)."""

from celery import shared_task

from django.db import OperationalError

from . import indexing
from .backends.base import SearchUnavailable

RETRY = {
    "autoretry_for": (SearchUnavailable, OperationalError, ConnectionError, TimeoutError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(name="search.update_pages", **RETRY)
def update_pages(page_ids):
    """Index those pages that are searchable now, remove the others, and follow the contributions on them."""
    return indexing.update_pages(page_ids)


@shared_task(name="search.update_items", **RETRY)
def update_items(source, ids):
    """Index those items of a registered search source that are searchable now, remove the others."""
    return indexing.update_items(source, ids)
