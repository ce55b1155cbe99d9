"""How often one client may search: the API's DRF throttles and the search page's own limit, both per client as
`cms.http.client_ip` reads it (an IPv6 address's /64), the page's counted in the project's one limiter table
(`cms.ratelimit.count`, fixed windows shared by every process).

A citizen searches a few times a minute, a town hall's shared connection a few dozen; a script reading the whole
index page after page is stopped. Autocomplete asks once per pause of the keyboard, hence its larger share."""

import hashlib
import time

from rest_framework.throttling import SimpleRateThrottle

from cms.http import client_ip
from cms.ratelimit import count

PAGE_LIMIT = 60  # searches a minute per client, on the page
PAGE_WINDOW = 60


def page_allowed(request):
    """Count one search of the page by this client; False once it has had its share for the minute."""
    digest = hashlib.sha256(client_ip(request).encode("utf-8")).hexdigest()[:32]  # the table never holds an address
    key = f"search-page:{digest}:{int(time.time() // PAGE_WINDOW)}"
    return count(key, PAGE_WINDOW, 1) <= PAGE_LIMIT


class _PerClientThrottle(SimpleRateThrottle):
    def get_cache_key(self, request, view):
        # The page's client (`client_ip`: an IPv6 address's /64, which one subscriber holds whole), not DRF's
        # `get_ident` (the whole IPv6 address: a script would change it at each request and never be stopped).
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


class SearchThrottle(_PerClientThrottle):
    """60 searches a minute per client address (GET /api/search/)."""

    scope = "search"
    rate = "60/minute"


class AutocompleteThrottle(_PerClientThrottle):
    """240 suggestions a minute per client address (GET /api/search/autocomplete/): one per pause of the keyboard."""

    scope = "search_autocomplete"
    rate = "240/minute"
