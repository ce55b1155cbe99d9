"""The per-client limits cannot be dodged by a forged X-Forwarded-For when no proxy is trusted (held), nor by
rotating the IPv6 addresses of one /64 (a finding: the API counted each address apart)."""

import pytest

from django.core.cache import cache

from ..conftest import item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_minute(monkeypatch):
    """Every request in the same fixed window of the page's limit (a run across a minute's end would reset it)."""
    monkeypatch.setattr("search.limits.time.time", lambda: 1_800_000_000.0)


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


@pytest.mark.security
@pytest.mark.parametrize("url", ["/api/search/", "/api/search/autocomplete/"])
def test_issue14_rotating_ipv6_addresses_of_one_subscriber_do_not_reset_the_api_throttle(client, index, url):
    """One subscriber holds a whole /64: the page's limit counts it as one client (`cms.http.client_ip`), so must
    the API's throttles, or a script changes its address at each request and is never stopped."""
    cache.clear()
    index.add(item("page:1", "École", "école"))
    statuses = [client.get(url, {"q": "école"}, REMOTE_ADDR=f"2001:db8:1:2::{n:x}").status_code for n in range(1, 250)]
    assert 429 in statuses


def test_issue14_rotating_ipv6_addresses_do_not_reset_the_page_limit(client, index):
    index.add(item("page:1", "École", "école"))
    statuses = [
        client.get("/recherche/", {"q": "école"}, REMOTE_ADDR=f"2001:db8:1:3::{n:x}").status_code for n in range(1, 65)
    ]
    assert statuses[-1] == 429
