"""Rate limits of the consultations, shared by the site and the API.

Confirmation emails are limited twice: per client (so that one client cannot mail the world) and per mailbox (so
that many clients, or one behind many addresses, cannot flood one inbox). The client's address is DRF's `get_ident`,
which trusts `X-Forwarded-For` only through `REST_FRAMEWORK["NUM_PROXIES"]` (set in production).
"""

import hashlib

from rest_framework.throttling import SimpleRateThrottle

from .voting import canonical_email


class EmailConfirmationThrottle(SimpleRateThrottle):
    """Ten confirmation emails an hour per client address, logged in or not, on the site and in the API together."""

    scope = "email_confirmation"
    rate = "10/hour"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class MailboxThrottle(SimpleRateThrottle):
    """Three confirmation emails an hour to one mailbox, whoever asks, in any spelling of the address."""

    scope = "email_confirmation_mailbox"
    rate = "3/hour"

    def __init__(self, email):
        self.email = email
        super().__init__()

    def get_cache_key(self, request, view):
        # A digest: the cache never holds the address itself.
        digest = hashlib.sha256(canonical_email(self.email).encode("utf-8")).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": digest}
