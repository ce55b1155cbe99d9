"""Attacks on the anonymous page cache (issue 13): each test failed before its fix."""

import time

import pytest

from django.test import Client

from wagtail.models import Locale, Page, Site

from tests.factories import ConsultationIndexPageFactory, ConsultationPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security]


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_MARGIN = 0.0


def visit(url, **extra):
    return Client().get(url, **extra)


def state(response):
    return response.get("X-Page-Cache")


def test_unpublishing_a_french_consultation_takes_it_off_the_cached_english_wall(home):
    """The English home's wall lists the French consultations that have no English version: it is not an ancestor
    of them, and it kept showing an unpublished one from the cache."""
    english = home.copy_for_translation(locale=Locale.objects.get(language_code="en"))
    english.save_revision().publish()
    index = ConsultationIndexPageFactory(parent=home, title="Consultations", slug="consultations")
    consultation = ConsultationPageFactory(parent=index, title="Le tramway retiré", slug="tramway")
    assert "Le tramway retiré" in visit("/en/").content.decode()
    assert state(visit("/en/")) == "hit"
    Page.objects.get(pk=consultation.pk).unpublish()
    assert "Le tramway retiré" not in visit("/en/").content.decode()


def test_a_script_of_query_strings_cannot_fill_the_cache_with_copies_of_one_page(home):
    """Any query string was a new entry (a page ignores what it does not read): a script asking `/?x=1`, `/?x=2`…
    stored a full copy of the page each time, for PAGE_CACHE_SECONDS, filling the shared cache (Redis's memory, or
    the culling of the database table that evicts the real entries). One page keeps a bounded number of variants;
    its address without a query string is always stored."""
    host = Site.objects.get(is_default_site=True).hostname
    legit = visit(home.url + "?page=2", HTTP_HOST=host)
    assert state(visit(home.url + "?page=2", HTTP_HOST=host)) == "hit"
    for n in range(60):
        visit(f"{home.url}?x={n}", HTTP_HOST=host)
    assert state(visit(f"{home.url}?x=59", HTTP_HOST=host)) == "miss"  # not stored
    assert state(visit(home.url + "?page=2", HTTP_HOST=host)) == "hit"  # stored before the flood
    visit(home.url, HTTP_HOST=host)
    assert state(visit(home.url, HTTP_HOST=host)) == "hit"
    assert legit.status_code == 200


def test_an_image_deleted_is_not_shown_any_more_by_the_cached_pages(home):
    """Nothing invalidated the pages that show an image when it changed or was deleted (an image taken down kept
    its `<img>` in every cached page for PAGE_CACHE_SECONDS), though Wagtail's reference index knows them."""
    import wagtail_factories

    from tests.factories import CollectiviteSpaceFactory, NewsIndexPageFactory, NewsPageFactory

    image = wagtail_factories.ImageFactory(title="Photo du marché")
    space = CollectiviteSpaceFactory(parent=home, title="Ville de Test", slug="ville-de-test")
    index = NewsIndexPageFactory(parent=space, title="Actualités", slug="actualites")
    news = NewsPageFactory(parent=index, title="Le marché rouvre", slug="marche", image=image, image_alt="Les étals")
    assert 'alt="Les étals"' in visit(news.url).content.decode()
    assert state(visit(news.url)) == "hit"
    image.delete()
    assert 'alt="Les étals"' not in visit(news.url).content.decode()


def test_forged_host_ports_cannot_fill_the_cache_with_copies_of_one_page(home):
    """ALLOWED_HOSTS checks the host without its port, and a host Wagtail has no site for is served the default
    site: `Host: site:1`, `Host: site:2`… (or any name under a `.domain` of ALLOWED_HOSTS) were each a new entry,
    outside the bound of the query-string variants. Only the address of a Wagtail site is always stored."""
    site = Site.objects.get(is_default_site=True)
    for port in range(1, 61):
        visit(home.url, HTTP_HOST=f"{site.hostname}:{port}")
    assert state(visit(home.url, HTTP_HOST=f"{site.hostname}:60")) == "miss"  # not stored
    visit(home.url, HTTP_HOST=site.hostname)
    assert state(visit(home.url, HTTP_HOST=site.hostname)) == "hit"
    visit(home.url, HTTP_HOST=f"{site.hostname}:{site.port}")
    assert state(visit(home.url, HTTP_HOST=f"{site.hostname}:{site.port}")) == "hit"


def test_an_invalidation_from_a_process_whose_clock_is_behind_still_spoils_the_render(home, settings, monkeypatch):
    """PAGE_CACHE_CLOCK_MARGIN is how far the processes' clocks may disagree, but a hit compared a tag's stamp with
    the render's start as they were: a change committed while a page rendered, stamped by a process (another web
    worker, a Celery worker releasing ballots) whose clock is 0.5 s behind, left the stale render valid for
    PAGE_CACHE_SECONDS."""
    from cms import page_cache

    settings.PAGE_CACHE_CLOCK_MARGIN = 1.0
    now = time.time()
    real = page_cache.PageCacheMiddleware._store

    def store_after_a_change(cache, key, request, response, state_):
        monkeypatch.setattr(page_cache.time, "time", lambda: now - 0.5)  # the other process's clock
        page_cache._bump({str(home.pk)})
        monkeypatch.setattr(page_cache.time, "time", lambda: now + 0.2)
        return real(cache, key, request, response, state_)

    monkeypatch.setattr(page_cache.time, "time", lambda: now)  # this process starts rendering
    monkeypatch.setattr(page_cache.PageCacheMiddleware, "_store", staticmethod(store_after_a_change))
    visit(home.url)
    monkeypatch.setattr(page_cache.PageCacheMiddleware, "_store", staticmethod(real))
    monkeypatch.setattr(page_cache.time, "time", lambda: now + 2)
    assert state(visit(home.url)) == "miss"
    monkeypatch.setattr(page_cache.time, "time", lambda: now + 3)
    assert state(visit(home.url)) == "hit"  # a render started after the margin is used
