"""One limiter for every form where a code is typed (issue 10, finding 2).

The space's access code, Wagtail's page password form (its pages use the space's code) and the Académie's code all
count their failures here, under one scope: failing at one form counts at the others. Failures are counted per
client address (`cms.http.client_ip`: the real client behind the trusted proxies, an IPv6 /64 as one) and per
session, in the shared cache (Redis in production, the database otherwise), by fixed windows. A citizen behind the
same address as an attacker is only held by the address count; the session count stops one browser earlier.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .http import client_ip


@dataclass(frozen=True)
class FailureLimiter:
    scope: str
    per_client: int
    per_session: int
    window: int  # seconds
    message: str

    def _keys(self, request, create_session=False):
        window = int(time.time() // self.window)
        keys = [self._key("client", client_ip(request), window)]
        session = getattr(request, "session", None)
        if session is not None:
            if session.session_key is None and create_session:
                session.save()
            if session.session_key:
                keys.append(self._key("session", session.session_key, window))
        return keys

    def _key(self, kind, value, window):
        digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]  # the cache never holds an address
        return f"failures:{self.scope}:{kind}:{digest}:{window}"

    def _limits(self, keys):
        return [self.per_client, self.per_session][: len(keys)]

    def blocked(self, request):
        """True when this client or this session has used up its failures for the current window."""
        keys = self._keys(request)
        counts = cache.get_many(keys)
        return any(counts.get(key, 0) >= limit for key, limit in zip(keys, self._limits(keys), strict=True))

    def failed(self, request):
        """Count one failure (atomic on Redis: `add` then `incr`)."""
        for key in self._keys(request, create_session=True):
            cache.add(key, 0, self.window)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, self.window)


ACCESS_CODES = FailureLimiter(
    scope="access-code",
    per_client=20,
    per_session=10,
    window=60 * 60,
    message=_("Trop de codes erronés. Réessayez dans une heure ou demandez le code à votre mairie."),
)
