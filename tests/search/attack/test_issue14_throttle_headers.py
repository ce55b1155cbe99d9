"""The per-client limits cannot be dodged by a forged X-Forwarded-For when no proxy is trusted."""

import pytest

from django.core.cache import cache

from ..conftest import item

pytestmark = [pytest.mark.django_db, pytest.mark.security]


def test_forged_forwarded_for_does_not_reset_the_page_limit(client, index, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    index.add(item("page:1", "École", "école"))
    statuses = [
        client.get("/recherche/", {"q": "école"}, HTTP_X_FORWARDED_FOR=f"10.0.{n // 250}.{n % 250}").status_code
        for n in range(65)
    ]
    assert statuses[-1] == 429


def test_forged_forwarded_for_does_not_reset_the_api_throttle(client, index, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    cache.clear()
    index.add(item("page:1", "École", "école"))
    statuses = [
        client.get("/api/search/", {"q": "école"}, HTTP_X_FORWARDED_FOR=f"10.1.{n // 250}.{n % 250}").status_code
        for n in range(65)
    ]
    assert statuses[-1] == 429
