"""Rate limits of the consultations, shared by the site and the API."""

from rest_framework.throttling import SimpleRateThrottle


class EmailConfirmationThrottle(SimpleRateThrottle):
    """Ten confirmation emails an hour per client address, logged in or not, on the site and in the API together."""

    scope = "email_confirmation"
    rate = "10/hour"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
