"""The anonymous page cache: public pages rendered once, served to every anonymous visitor, never stale.

What is stored: the response of Wagtail's page view (`before_serve_page` marks the request) to a GET without
`Authorization`, session or messages cookie, by an anonymous visitor, for a page with no view restriction on it or
its ancestors, status 200, HTML, setting no cookie but `csrftoken`. The CSRF tokens rendered for that request and
its CSP nonce are replaced by sentinels; a hit gives the visitor their own token (Django's CSRF machinery: their
cookie kept, or a new one set) and a fresh nonce (django-csp writes it into the header), so a hit has the headers
and the body a miss would have had.

Keys: `e:<sha256 of scheme, host, path, query string>` (tracking parameters dropped, parameters sorted): one entry
per page, language (the path) and host.

Invalidation: every entry stores the time its render started and its tags (the page's id, and `*`, the whole site);
a tag holds the time it was last invalidated. A hit needs every tag present and older than the render's start by
PAGE_CACHE_CLOCK_MARGIN (the stamping process's clock may be behind), so a change that commits while a page renders
leaves that render unusable. `page_changed(page)` invalidates the pages that show a page (cms/page_cache.py:
`pages_showing`); `invalidate_pages(ids)` exact pages; `invalidate_all()` the whole site. Time-based changes: an
entry lives `PAGE_CACHE_SECONDS` at most, less when the render called `expires_at(request, when)` (a consultation
opening or closing).

A hit reads the cache twice (the entry, then its tags in one `get_many`) and the database never.
"""

import functools
import hashlib
import logging
import re
import time
from datetime import datetime
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.http.request import split_domain_port
from django.middleware.csrf import CsrfViewMiddleware, _unmask_cipher_token, get_token
from django.utils.http import http_date, quote_etag

logger = logging.getLogger(__name__)
CSRF_SENTINEL = b"\x00aimpact-csrf\x00"
NONCE_SENTINEL = b"\x00aimpact-nonce\x00"
GLOBAL_TAG = "*"
_CSRF_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
# Query parameters that never change a page: dropped from the key (a shared link with utm_* is the same page).
_IGNORED_PARAMETERS = re.compile(r"^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|ref)$")
_MAX_QUERY = 512  # a longer query string is not cached (a key per crafted URL would fill the cache)
# Variants of one path stored per PAGE_CACHE_SECONDS: query strings (a page ignores what it does not read: without a
# bound, a script asking `?x=1`, `?x=2`… stores a full copy each time) and hosts that are no Wagtail site's (a forged
# port); the path without a query on a site's own host is always kept.
MAX_VARIANTS = 32
_NEVER_PREFIXES = ("/admin/", "/api/", "/documents/", "/static/", "/media/", "/_util/", "/anymail/", "/i18n/")
# The project's own views in every language (cms/urls.py), and its files: never Wagtail pages, no cache read.
_VIEW_PREFIXES = ("comptes/", "commentaires/", "reseau/", "lettre/", "recherche/", "_util/")
_FILES = ("/robots.txt", "/sitemap.xml", "/favicon.ico")


@functools.cache
def _never_prefixes():
    prefixes = list(_NEVER_PREFIXES) + list(_FILES)
    for code, _name in [("", ""), *((f"{code}/", name) for code, name in settings.LANGUAGES)]:
        prefixes.extend(f"/{code}{prefix}" for prefix in _VIEW_PREFIXES)
    return tuple(prefixes)


_STORED_HEADERS_SKIPPED = {"set-cookie", "etag", "last-modified", "cache-control", "expires", "content-length"}


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def max_seconds():
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 300))


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "pages")]


def _clock_margin():
    return float(getattr(settings, "PAGE_CACHE_CLOCK_MARGIN", 1.0))


# -- what a page's render tells the cache ------------------------------------------------------------------------------
class _State:
    __slots__ = ("started", "pages", "never", "expires", "no_store")

    def __init__(self, started):
        self.started = started
        self.pages = set()
        self.never = False  # something visitor-specific was rendered
        self.no_store = False  # a restricted page: no cache may keep it, not even the browser's
        self.expires = started + max_seconds()


def _state(request):
    return getattr(request, "_page_cache", None)


def mark_served(request, page):
    """Wagtail is serving `page` for this request (the `before_serve_page` hook)."""
    state = _state(request)
    if state is None:
        return
    state.pages.add(page.pk)
    # A response that will not be stored needs no query (Wagtail marks restricted pages private itself).
    if not state.never and page.get_view_restrictions().exists():
        state.never = True
        state.no_store = True


def storing(request):
    """Whether this response may still be stored: a feature computes what `expires_at` needs only then."""
    state = _state(request)
    return state is not None and not state.never


def never(request):
    """This response depends on the visitor: it is not stored (call it from any view or panel)."""
    state = _state(request)
    if state is not None:
        state.never = True


def expires_at(request, when):
    """What this response shows changes at `when` (an aware datetime or a timestamp): its entry ends then."""
    state = _state(request)
    if state is None or when is None:
        return
    stamp = when.timestamp() if isinstance(when, datetime) else float(when)
    if stamp > time.time():
        state.expires = min(state.expires, stamp)


def depends_on(request, *pages):
    """The response also shows these pages (ids or pages): invalidating any of them invalidates it."""
    state = _state(request)
    if state is not None:
        state.pages.update(getattr(page, "pk", page) for page in pages)


# -- invalidation ----------------------------------------------------------------------------------------------------
def _tag_key(tag):
    return f"t:{tag}"


def _bump(tags):
    if not tags:
        return
    now = time.time()
    try:
        _cache().set_many({_tag_key(tag): now for tag in tags}, timeout=None)
    except Exception:  # an unreachable cache must not stop a publication; its entries end by PAGE_CACHE_SECONDS
        logger.exception("The page cache could not be invalidated (tags %s)", sorted(tags)[:20])


def invalidate_tags(tags):
    """Invalidate now and once more when the current transaction commits: a render that began before the commit
    read the old data, and its start is older than the second stamp."""
    tags = {str(tag) for tag in tags}
    if not tags:
        return
    _bump(tags)
    transaction.on_commit(lambda: _bump(tags))


def invalidate_pages(ids):
    """The entries of these pages (ids), exactly; and the frontend cache's copies if one is configured."""
    ids = {int(pk) for pk in ids if pk is not None}
    if not ids:
        return
    invalidate_tags(ids)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        transaction.on_commit(lambda: _purge_frontend(ids))


def invalidate_all():
    """Every entry (site settings, theme, legal pages of the footer…)."""
    invalidate_tags([GLOBAL_TAG])
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        from wagtail.models import Page

        transaction.on_commit(
            lambda: _purge_frontend(set(Page.objects.filter(depth__gt=1).values_list("pk", flat=True)))
        )


def _purge_frontend(ids):
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache
    from wagtail.models import Page

    purge_pages_from_cache(Page.objects.filter(pk__in=ids).live().specific())


def pages_showing(page):
    """The ids of the pages whose render shows `page` (its title, URL, summary or presence), or None for every page.

    - the page and its translations, and what is below them (breadcrumbs, URLs);
    - their ancestors and the ancestors' translations (index pages, dashboards and the network home list what is
      below them, and what has no version in their language);
    - the pages that reference it (Wagtail's reference index: blocks and fields showing a page);
    - a section of a space (a child of a space) or the space itself: every page of the space (its menu, its theme);
    - the platform home and its sections: every page (the platform's menu, the footer's legal pages).
    """
    from wagtail.models import Page, ReferenceIndex

    page = page.specific_deferred if hasattr(page, "specific_deferred") else page
    translations = list(Page.objects.filter(translation_key=page.translation_key)) if page.translation_key else [page]
    if page.pk and all(p.pk != page.pk for p in translations):
        translations.append(page)
    if any(p.depth <= 3 and not _is_space(p) for p in translations):
        return None
    ids = set()
    for item in translations:
        ids.add(item.pk)
        # The ancestors in every language: a listing in another language shows the pages not translated into it
        # (the English home's wall lists the French consultations that have no English version).
        ancestors = Page.objects.filter(path__in=_ancestor_paths(item.path)).values("translation_key")
        ids.update(Page.objects.filter(translation_key__in=ancestors).values_list("pk", flat=True))
        top = _space_of(item)
        scope_path = top.path if top is not None and item.depth <= top.depth + 1 else item.path
        ids.update(Page.objects.filter(path__startswith=scope_path).values_list("pk", flat=True))
    page_type = ReferenceIndex._get_base_content_type(page)
    referencing = ReferenceIndex.objects.filter(
        to_content_type=page_type, to_object_id__in=[str(p.pk) for p in translations], base_content_type=page_type
    ).values_list("object_id", flat=True)
    ids.update(int(pk) for pk in referencing if str(pk).isdigit())
    return ids


def _ancestor_paths(path):
    steplen = 4
    return [path[:end] for end in range(steplen, len(path), steplen)]


def _is_space(page):
    return hasattr(page.specific_class or object, "get_dashboard")


def _space_of(page):
    from wagtail.models import Page

    if _is_space(page):
        return page
    for ancestor in Page.objects.filter(path__in=_ancestor_paths(page.path)).order_by("-depth"):
        if _is_space(ancestor):
            return ancestor
    return None


def page_changed(page):
    """`page` changed (published, unpublished, moved, deleted, restricted, or data it shows): invalidate every
    page that shows it."""
    ids = pages_showing(page)
    if ids is None:
        invalidate_all()
    else:
        invalidate_pages(ids)


# -- the middleware ---------------------------------------------------------------------------------------------------
def cache_key(request):
    """The entry's key, or None when the request may not be served from the cache."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return None
    if getattr(request, "is_dummy", False) or getattr(request, "is_preview", False):  # Wagtail's previews
        return None
    path = request.path
    if path.startswith(_never_prefixes()):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies:
        return None
    query = request.META.get("QUERY_STRING", "")
    if len(query) > _MAX_QUERY:
        return None
    try:
        host = request.get_host()
    except Exception:  # noqa: BLE001 - a disallowed host: Django answers it, not the cache
        return None
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = sorted((k, v) for k, v in pairs if not _IGNORED_PARAMETERS.match(k))
        # A page rendered for a tracking parameter may repeat it (the language links keep the query string): such a
        # request is served the clean copy, and its own render is never stored.
        request._page_cache_tracked = len(kept) != len(pairs)
        query = urlencode(kept)
    raw = f"{request.scheme}://{host.lower()}{path}?{query}"
    return "e:" + hashlib.sha256(raw.encode()).hexdigest()


class PageCacheMiddleware:
    """Serves anonymous visitors' GET and HEAD of Wagtail pages from `CACHES["pages"]` (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        key = cache_key(request)
        if key is None:
            request._page_cache = _State(time.time())
            request._page_cache.never = True
            return self._private(request, self.get_response(request))
        cache = _cache()
        try:
            entry = cache.get(key)
            valid = entry is not None and self._valid(cache, entry)
        except Exception:  # the cache is unreachable: the page is rendered, as without a cache
            logger.exception("The page cache could not be read")
            request._page_cache = _State(time.time())
            request._page_cache.never = True
            return self._private(request, self.get_response(request))
        if valid:
            return self._hit(request, entry)
        request._page_cache = state = _State(time.time())
        state.never = getattr(request, "_page_cache_tracked", False)
        response = self.get_response(request)
        if request.method == "GET" and self._storable(request, response, state):
            try:
                entry = self._store(cache, key, request, response, state)
            except Exception:  # noqa: BLE001 - not stored; the visitor gets their page all the same
                logger.exception("The page cache could not store %s", request.path)
                return self._private(request, response)
            return self._conditional(request, response, entry, hit=False)
        return self._private(request, response)

    # -- reading
    @staticmethod
    def _valid(cache, entry):
        if entry["expires"] <= time.time():
            return False
        tags = [_tag_key(tag) for tag in entry["tags"]]
        stamps = cache.get_many(tags)
        if len(stamps) != len(tags):
            return False
        # The stamps come from other processes' clocks, which may be up to the margin behind this render's: a change
        # stamped less than the margin before the render started may have committed after it.
        started = entry["started"] - _clock_margin()
        return all(stamp < started for stamp in stamps.values())

    def _hit(self, request, entry):
        body = entry["body"]
        if entry["nonce"]:
            body = body.replace(NONCE_SENTINEL, str(request.csp_nonce).encode())
        if entry["csrf"]:
            self.csrf.process_request(request)
            parts = body.split(CSRF_SENTINEL)
            body = parts[0] + b"".join(get_token(request).encode() + part for part in parts[1:])
        response = HttpResponse(b"" if request.method == "HEAD" else body, status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(body))
        response["X-Page-Cache"] = "hit"
        if entry["csrf"]:
            self.csrf.process_response(request, response)
        return self._conditional(request, response, entry, hit=True)

    # -- writing
    @staticmethod
    def _storable(request, response, state):
        if not state.pages or state.never or response.status_code != 200 or response.streaming:
            return False
        if not response.get("Content-Type", "").startswith("text/html"):
            return False
        if response.has_header("Cache-Control"):  # the view said how it may be kept
            return False
        if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        session = getattr(request, "session", None)
        return session is None or session.is_empty()  # messages: kept in a cookie or the session, refused above

    @staticmethod
    def _store(cache, key, request, response, state):
        body = response.content
        tokens = 0
        secret = request.META.get("CSRF_COOKIE")
        if secret:

            def replace(match):
                nonlocal tokens
                token = match.group(0).decode()
                if _unmask_cipher_token(token) == secret:
                    tokens += 1
                    return CSRF_SENTINEL
                return match.group(0)

            body = _CSRF_TOKEN.sub(replace, body)
        nonce = getattr(request, "_csp_nonce", None)
        has_nonce = bool(nonce) and nonce.encode() in body
        if has_nonce:
            body = body.replace(nonce.encode(), NONCE_SENTINEL)
        headers = [(name, value) for name, value in response.items() if name.lower() not in _STORED_HEADERS_SKIPPED]
        entry = {
            "body": body,
            "headers": headers,
            "status": response.status_code,
            "started": state.started,
            "expires": state.expires,
            "tags": [*sorted(str(pk) for pk in state.pages), GLOBAL_TAG],
            "csrf": tokens > 0,
            "nonce": has_nonce,
            "etag": hashlib.sha256(body).hexdigest()[:32],
        }
        timeout = int(state.expires - time.time())
        if timeout > 0 and (request.META.get("QUERY_STRING") or not _site_address(request)):
            # One more variant of this path (a query string, or a host that is not a Wagtail site's: a forged port,
            # a name under a `.domain` of ALLOWED_HOSTS): a counter per path, for PAGE_CACHE_SECONDS.
            counter = "v:" + hashlib.sha256(f"{request.scheme}:{request.path}".encode()).hexdigest()
            cache.add(counter, 0, timeout=max_seconds())
            try:
                if cache.incr(counter) > MAX_VARIANTS:
                    timeout = 0
            except ValueError:  # the counter expired between add and incr: counted again from the next one
                pass
        if timeout > 0:
            # A tag nobody invalidated yet: it starts before this render (a missing tag makes every entry a miss).
            for tag in entry["tags"]:
                cache.add(_tag_key(tag), state.started - _clock_margin() - 0.001, timeout=None)
            cache.set(key, entry, timeout=timeout)
        return entry

    # -- headers
    @staticmethod
    def _conditional(request, response, entry, hit):
        """ETag, Last-Modified, Cache-Control; 304 when the visitor's copy is this one."""
        etag = entry["etag"]
        personal = entry["csrf"] or entry["nonce"]
        if entry["csrf"]:
            # The body carries the visitor's token: their copy is valid while their CSRF cookie is the same.
            etag = hashlib.sha256(f"{etag}:{request.META.get('CSRF_COOKIE', '')}".encode()).hexdigest()[:32]
        etag = quote_etag(etag)
        if personal:
            response["Cache-Control"] = "private, no-cache"
        else:
            shared = int(getattr(settings, "PAGE_CACHE_SHARED_MAX_AGE", 0))
            response["Cache-Control"] = f"public, max-age=0, s-maxage={shared}, must-revalidate"
        response["ETag"] = etag
        response["Last-Modified"] = http_date(entry["started"])
        if not hit:
            response["X-Page-Cache"] = "miss"
        if etag in _if_none_match(request):
            not_modified = HttpResponseNotModified()
            for name in ("ETag", "Last-Modified", "Cache-Control", "Vary", "X-Page-Cache"):
                if response.has_header(name):
                    not_modified[name] = response[name]
            # The visitor keeps the body they have, nonce included: the stored header with that nonce must stay.
            not_modified._csp_exempt = True
            for cookie in response.cookies.values():
                not_modified.cookies[cookie.key] = cookie
            return not_modified
        return response

    @staticmethod
    def _private(request, response):
        """A Wagtail page that was not stored (logged in, a session, restricted, personal): no shared copy."""
        state = _state(request)
        if state is None or not state.pages or response.has_header("Cache-Control"):
            return response
        response["Cache-Control"] = "private, no-store" if state.no_store else "private, no-cache"
        from django.utils.cache import patch_vary_headers

        patch_vary_headers(response, ("Cookie",))
        return response


def _site_address(request):
    """Whether the request's host is the Wagtail site's that served it, or a name ALLOWED_HOSTS spells out (not a
    `.domain` or `*`), with no port or the site's."""
    site = getattr(request, "_wagtail_site", None)
    if site is None:
        return False
    hostname, port = split_domain_port(request.get_host().lower())
    named = {site.hostname.lower()} | {host.lower() for host in settings.ALLOWED_HOSTS if host[:1] not in (".", "*")}
    return hostname in named and (not port or port == str(site.port))


def _if_none_match(request):
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    return {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}
