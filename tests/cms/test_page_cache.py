"""The anonymous page cache (cms/page_cache.py): hits and misses, per-visitor tokens, headers, invalidation by every
signal and data change, its precision, the time cap, and the privacy proofs: nothing a logged-in citizen, a visitor
with a session or an editor sees is ever served from another visitor's copy."""

import re
import time

import pytest

from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from wagtail.models import Page, PageViewRestriction, Site

from cms import page_cache
from tests.factories import (
    CitizenFactory,
    CollectiviteSpaceFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
)
from tests.newsletters.subscriptions.factories import NewsletterPageFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
NONCE = re.compile(r'<style nonce="([^"]+)">')


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_MARGIN = 0.0


@pytest.fixture
def space(home):
    return CollectiviteSpaceFactory(parent=home, title="Ville de Test", slug="ville-de-test")


@pytest.fixture
def other_space(home):
    return CollectiviteSpaceFactory(parent=home, title="Autre Ville", slug="autre-ville")


@pytest.fixture
def news(space):
    index = NewsIndexPageFactory(parent=space, title="Actualités", slug="actualites")
    return NewsPageFactory(parent=index, title="Le marché rouvre", slug="marche")


def state(response):
    return response.get("X-Page-Cache")


def visit(url, **extra):
    """A new anonymous visitor (no cookie at all)."""
    return Client().get(url, **extra)


def publish(page, **changes):
    page = Page.objects.get(pk=page.pk).specific
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


# -- hits and misses ---------------------------------------------------------------------------------------------------
def test_a_second_anonymous_visitor_gets_the_stored_page_without_any_query(space, django_assert_num_queries):
    first = visit(space.url)
    assert (first.status_code, state(first)) == (200, "miss")
    with django_assert_num_queries(0):
        second = visit(space.url)
    assert (second.status_code, state(second)) == (200, "hit")
    assert NONCE.sub("", first.content.decode()) == NONCE.sub("", second.content.decode())


def test_a_hit_reads_the_cache_twice(space, monkeypatch):
    """The entry, then its tags in one get_many: two round trips to Redis, whatever the number of tags."""
    visit(space.url)
    cache, calls, depth = page_cache._cache(), [], []

    def counted(name, real):
        def call(*args, **kwargs):
            if not depth:  # the backend's own calls inside get_many (local memory loops over get) are not trips
                calls.append(name)
            depth.append(name)
            try:
                return real(*args, **kwargs)
            finally:
                depth.pop()

        return call

    for name in ("get", "get_many", "set", "add", "set_many", "delete"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
    assert state(visit(space.url)) == "hit"
    assert calls == ["get", "get_many"]


def test_a_hit_has_the_headers_of_a_miss(space):
    first, second = visit(space.url), visit(space.url)
    assert state(second) == "hit"
    volatile = {"Content-Security-Policy", "X-Page-Cache"}
    assert {k: v for k, v in first.items() if k not in volatile} == {
        k: v for k, v in second.items() if k not in volatile
    }
    for response in (first, second):
        assert response["Cache-Control"] == "private, no-cache"  # a CSP nonce in the page: no shared cache
        assert response["ETag"] and response["Last-Modified"]
        assert "Cookie" in response["Vary"]


def test_the_query_string_is_part_of_the_key_but_tracking_parameters_are_not(space):
    tracked = visit(space.url + "?fbclid=clic-de-marie")
    assert state(tracked) is None  # rendered, not stored
    assert "clic-de-marie" in tracked.content.decode()  # the language links keep the query string
    untracked = visit(space.url)
    assert state(untracked) == "miss" and "clic-de-marie" not in untracked.content.decode()  # never stored
    hit = visit(space.url + "?utm_source=facebook&fbclid=clic-de-paul")
    assert state(hit) == "hit" and "clic-de-paul" not in hit.content.decode()
    assert state(visit(space.url + "?page=2")) == "miss"
    assert state(visit(space.url + "?page=2")) == "hit"


def test_head_is_answered_from_the_cache(space):
    visit(space.url)
    response = Client().head(space.url)
    assert (response.status_code, state(response), response.content) == (200, "hit", b"")


def test_english_pages_and_other_hosts_are_other_entries(space, home):
    visit(space.url)
    assert state(visit(space.url, HTTP_HOST="ville-de-test.example")) == "miss"
    Site.objects.create(hostname="ville.example", port=80, root_page=space, site_name="Ville")
    assert state(visit("/", HTTP_HOST="ville.example")) == "miss"
    assert state(visit("/", HTTP_HOST="ville.example")) == "hit"
    english = home.copy_for_translation(
        locale=__import__("wagtail.models", fromlist=["Locale"]).Locale.objects.get(language_code="en")
    )
    english.save_revision().publish()
    french, english_response = visit("/"), visit("/en/")
    assert state(english_response) == "miss"
    assert french.content != english_response.content


# -- per-visitor tokens ------------------------------------------------------------------------------------------------
def test_a_stored_form_carries_each_visitors_own_csrf_token_and_passes_csrf(space):
    NewsletterPageFactory(parent=space, title="La lettre")
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first = alice.get(space.url)
    second = bob.get(space.url)
    assert (state(first), state(second)) == ("miss", "hit")
    alice_secret, bob_secret = first.cookies["csrftoken"].value, second.cookies["csrftoken"].value
    assert alice_secret != bob_secret
    tokens = TOKEN.findall(second.content.decode())
    assert tokens
    assert all(_unmask_cipher_token(token) == bob_secret for token in tokens)
    assert not any(_unmask_cipher_token(token) == alice_secret for token in tokens)
    assert page_cache.CSRF_SENTINEL.decode() not in second.content.decode()
    newsletter = Page.objects.get(slug__startswith="lettre")
    response = bob.post(
        "/lettre/inscription/",
        {
            "newsletter": newsletter.pk,
            "email": "bob@example.org",
            "language": "fr",
            "consent": "on",
            "next": space.url,
            "csrfmiddlewaretoken": tokens[0],
        },
    )
    assert response.status_code == 302


def test_a_visitor_who_has_a_csrf_cookie_keeps_it(space):
    NewsletterPageFactory(parent=space, title="La lettre")
    visit(space.url)
    bob = Client()
    bob.get("/comptes/login/")
    secret = bob.cookies["csrftoken"].value
    response = bob.get(space.url)
    assert state(response) == "hit"
    assert all(_unmask_cipher_token(token) == secret for token in TOKEN.findall(response.content.decode()))


def test_the_csp_nonce_is_new_on_every_response_and_matches_the_header(space):
    nonces = []
    for _ in range(3):
        response = visit(space.url)
        nonce = NONCE.search(response.content.decode()).group(1)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert len(set(nonces)) == 3


def test_conditional_get_answers_304_for_the_same_copy(space):
    client = Client()
    first = client.get(space.url)
    again = client.get(space.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert "Content-Security-Policy" not in again  # the visitor's stored header keeps the nonce of their copy
    publish(space, title="Ville de Test renommée")
    assert client.get(space.url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


# -- invalidation ------------------------------------------------------------------------------------------------------
def test_publishing_a_page_invalidates_it_its_ancestors_and_leaves_other_spaces_cached(space, other_space, news):
    projects = ProjectIndexPageFactory(parent=other_space, slug="projets")
    project = ProjectPageFactory(parent=projects, slug="piscine")
    urls = [news.url, space.url, news.get_parent().url, project.url, other_space.url]
    for url in urls:
        visit(url)
    publish(news, title="Le marché rouvre samedi")
    assert [state(visit(url)) for url in urls] == ["miss", "miss", "miss", "hit", "hit"]
    assert "Le marché rouvre samedi" in visit(news.url).content.decode()


def test_a_section_of_a_space_invalidates_the_whole_space_for_its_menu(space, other_space, news):
    other_news = NewsIndexPageFactory(parent=other_space, slug="nouvelles")
    projects = ProjectIndexPageFactory(parent=space, slug="projets")
    for url in (news.url, other_news.url):
        visit(url)
    publish(projects, title="Nos grands projets")
    assert state(visit(news.url)) == "miss"
    assert "Nos grands projets" in visit(news.url).content.decode()
    assert state(visit(other_news.url)) == "hit"


def test_unpublishing_moving_and_deleting_invalidate(space, other_space, news):
    index = news.get_parent()
    visit(index.url)
    Page.objects.get(pk=news.pk).unpublish()
    assert "Le marché rouvre" not in visit(index.url).content.decode()
    publish(news)
    visit(index.url), visit(news.url)
    other_index = NewsIndexPageFactory(parent=other_space, slug="nouvelles")
    visit(other_index.url)
    Page.objects.get(pk=news.pk).move(other_index, pos="last-child")
    assert "Le marché rouvre" not in visit(index.url).content.decode()
    assert "Le marché rouvre" in visit(other_index.url).content.decode()
    visit(other_index.url)
    Page.objects.get(pk=news.pk).delete()
    assert "Le marché rouvre" not in visit(other_index.url).content.decode()


def test_a_view_restriction_added_is_never_served_from_the_cache(space, news):
    assert "Le marché rouvre" in visit(news.url).content.decode()
    assert state(visit(news.url)) == "hit"
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)
    response = visit(news.url)
    assert response.status_code == 302 and state(response) is None


def test_site_settings_invalidate_every_page(space, other_space):
    visit(space.url), visit(other_space.url)
    page_cache.invalidate_all()
    assert (state(visit(space.url)), state(visit(other_space.url))) == ("miss", "miss")


def test_a_render_that_started_before_an_invalidation_is_not_used(space, monkeypatch):
    """The invalidation lands while the page renders: the entry stored by that render is already stale."""
    real = page_cache.PageCacheMiddleware._store

    def store_after_a_change(cache, key, request, response, state_):
        page_cache.invalidate_pages([space.pk])
        return real(cache, key, request, response, state_)

    monkeypatch.setattr(page_cache.PageCacheMiddleware, "_store", staticmethod(store_after_a_change))
    visit(space.url)
    monkeypatch.setattr(page_cache.PageCacheMiddleware, "_store", staticmethod(real))
    assert state(visit(space.url)) == "miss"


def test_a_missing_tag_is_a_miss(space):
    visit(space.url)
    page_cache._cache().delete(f"t:{space.pk}")
    assert state(visit(space.url)) == "miss"


# -- time ------------------------------------------------------------------------------------------------------------
def test_an_entry_lives_page_cache_seconds_at_most(space, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 60
    visit(space.url)
    assert state(visit(space.url)) == "hit"
    now = time.time()
    monkeypatch.setattr(page_cache.time, "time", lambda: now + 61)
    assert state(visit(space.url)) == "miss"


def test_a_page_may_end_its_entry_earlier(space, monkeypatch):
    from django.utils import timezone

    def soon(page, request, serve_args, serve_kwargs):
        page_cache.expires_at(request, timezone.now() + timezone.timedelta(seconds=30))

    from wagtail import hooks

    with hooks.register_temporarily("before_serve_page", soon):
        visit(space.url)
    assert state(visit(space.url)) == "hit"
    now = time.time()
    monkeypatch.setattr(page_cache.time, "time", lambda: now + 31)
    assert state(visit(space.url)) == "miss"


# -- privacy ---------------------------------------------------------------------------------------------------------
def test_the_header_profile_link_is_never_shared(space):
    citizen = CitizenFactory(username="camille")
    logged_in = Client()
    logged_in.force_login(citizen)
    anonymous_first = visit(space.url)
    assert "Se connecter" in anonymous_first.content.decode()
    mine = logged_in.get(space.url)
    assert state(mine) is None
    assert "Mon profil" in mine.content.decode() and "Se connecter" not in mine.content.decode()
    assert mine["Cache-Control"] == "private, no-cache" and "Cookie" in mine["Vary"]
    page_cache.invalidate_all()
    logged_in.get(space.url)  # a logged-in visit first: never stored
    anonymous = visit(space.url)
    assert state(anonymous) == "miss"
    assert "Mon profil" not in anonymous.content.decode() and "Se connecter" in anonymous.content.decode()


def test_a_visitor_with_a_session_is_never_served_nor_stored(space):
    client = Client()
    session = client.session
    session["anything"] = 1
    session.save()
    client.cookies["sessionid"] = session.session_key
    assert state(client.get(space.url)) is None
    assert state(visit(space.url)) == "miss"


def test_an_access_code_page_is_never_stored_and_the_unlocked_copy_never_leaks(home):
    space = CollectiviteSpaceFactory(parent=home, title="Ville", slug="ville", access_code="SOLEIL2026")
    index = NewsIndexPageFactory(parent=space)
    private = NewsPageFactory(parent=index, title="Réunion", summary="Compte rendu réservé")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    for _ in range(2):
        response = visit(private.url)
        assert response.status_code == 403 and state(response) is None
    resident = Client()
    resident.post(space.access_code_url(), {"code": "SOLEIL2026", "next": private.url})
    unlocked = resident.get(private.url)
    assert "Compte rendu réservé" in unlocked.content.decode()
    assert state(unlocked) is None
    assert "private" in unlocked["Cache-Control"] and "no-store" in unlocked["Cache-Control"]
    assert "Compte rendu réservé" not in visit(private.url).content.decode()
    assert state(visit(private.url)) is None


def test_the_admin_preview_is_never_stored_nor_served(space, news):
    editor = UserFactory(is_superuser=True, is_staff=True)
    visit(news.url)
    draft = Page.objects.get(pk=news.pk).specific
    draft.title = "Brouillon secret"
    draft.save_revision()
    client = Client()
    client.force_login(editor)
    preview = client.get(f"/admin/pages/{news.pk}/view_draft/")
    assert preview.status_code == 200 and state(preview) is None
    assert "Brouillon secret" in preview.content.decode()
    response = visit(news.url)
    assert state(response) == "hit" and "Brouillon secret" not in response.content.decode()
    # A preview rendered without the editor's request (no cookie): never answered from the cache.
    dummy = draft.make_preview_request()
    assert "Brouillon secret" in dummy.content.decode() and state(dummy) is None


def test_the_api_and_the_admin_are_never_cached(space):
    for url in ("/api/v2/pages/", "/admin/login/"):
        visit(url)
        assert state(visit(url)) is None


class RecordingBackend:
    """A frontend cache (CDN) that records the URLs it is asked to purge."""

    purged = []

    def __init__(self, params):
        pass

    def purge(self, url):
        self.purged.append(url)

    def purge_batch(self, urls):
        self.purged.extend(urls)

    def invalidates_hostname(self, hostname):
        return True


def test_a_configured_frontend_cache_is_purged_of_the_invalidated_pages(
    settings, space, other_space, news, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "tests.cms.test_page_cache.RecordingBackend"}}
    RecordingBackend.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(news, title="Le marché rouvre samedi")
    purged = {url.split("://", 1)[1].split("/", 1)[1] for url in RecordingBackend.purged}
    assert {"ville-de-test/", "ville-de-test/actualites/", "ville-de-test/actualites/marche/"} <= purged
    assert not any(url.startswith("autre-ville") for url in purged)


def test_an_unreachable_cache_serves_the_page_rendered_and_does_not_stop_a_publication(space, news, monkeypatch):
    cache = page_cache._cache()

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    for name in ("get", "get_many", "set", "set_many", "add"):
        monkeypatch.setattr(cache, name, down)
    response = visit(news.url)
    assert response.status_code == 200 and state(response) is None
    publish(news, title="Publié pendant la panne")
    assert "Publié pendant la panne" in visit(news.url).content.decode()
