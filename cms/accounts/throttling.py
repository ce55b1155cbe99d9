"""The limit of the commune suggestions (the API's autocomplete and its page without JavaScript, counted together):
anonymous visitors may ask (they are signing up), but one client cannot read the commune list in a loop. The
client's address is DRF's `get_ident` (REMOTE_ADDR, set through the trusted proxies by cms/middleware.py)."""

from rest_framework.throttling import SimpleRateThrottle


class CommuneSuggestionThrottle(SimpleRateThrottle):
    """120 lookups a minute per client address: a citizen types a name in a few (one per pause of the keyboard),
    a town hall's shared connection signs up dozens of people an hour."""

    scope = "commune_suggestions"
    rate = "120/minute"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
