"""The search backend of this installation: `settings.SEARCH_BACKEND` (a dotted path), the database one by default,
Elasticsearch when `ELASTICSEARCH_URL` is set (cms/settings/base.py)."""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string


@lru_cache(maxsize=1)
def get_backend():
    return import_string(settings.SEARCH_BACKEND)()


def _reset(setting, **kwargs):
    if setting in {"SEARCH_BACKEND", "ELASTICSEARCH_URL", "SEARCH_INDEX_PREFIX"}:
        get_backend.cache_clear()


setting_changed.connect(_reset)
