"""The page cache on Redis (Django's RedisCache, as in production): a hit without any query, the visitor's own CSRF
token, invalidation, and a second process's view of it (another client of the same Redis)."""

import os

import pytest

from django.core.cache import caches
from django.test import Client

from wagtail.models import Page

from cms import page_cache
from tests.factories import CollectiviteSpaceFactory, NewsIndexPageFactory, NewsPageFactory
from tests.newsletters.subscriptions.factories import NewsletterPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture(autouse=True)
def redis_pages(settings):
    url = os.environ.get("CACHE_URL") or os.environ["CELERY_BROKER_URL"]
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": "t-pages"},
    }
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_MARGIN = 0.0
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def state(response):
    return response.get("X-Page-Cache")


def test_hit_token_and_invalidation_on_redis(home, django_assert_num_queries):
    space = CollectiviteSpaceFactory(parent=home, title="Ville", slug="ville")
    NewsletterPageFactory(parent=space, title="La lettre")
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=space), title="Le marché", slug="marche")
    assert "RedisCache" in type(page_cache._cache()).__name__
    first = Client().get(space.url)
    with django_assert_num_queries(0):
        second = Client().get(space.url)
    assert (state(first), state(second)) == ("miss", "hit")
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    page = Page.objects.get(pk=news.pk).specific
    page.title = "Le marché rouvre"
    page.save_revision().publish()
    response = Client().get(space.url)
    assert state(response) == "miss"
    assert state(Client().get(space.url)) == "hit"


def test_an_invalidation_seen_by_another_connection(home):
    """Another web process (another connection to Redis) stamps the tag: this one's entry is a miss."""
    import pickle
    import time

    import redis

    space = CollectiviteSpaceFactory(parent=home, title="Ville", slug="ville")
    Client().get(space.url)
    cache = page_cache._cache()
    other = redis.Redis.from_url(os.environ.get("CACHE_URL") or os.environ["CELERY_BROKER_URL"])
    key = cache.make_and_validate_key(f"t:{space.pk}")
    other.set(key, pickle.dumps(time.time()))
    assert state(Client().get(space.url)) == "miss"
