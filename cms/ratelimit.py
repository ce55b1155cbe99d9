"""One limiter for every form where a code is typed (issue 10, finding 2).

The space's access code, Wagtail's page password form (its pages use the space's code) and the Académie's code all
count here, under one scope: failing at one form counts at the others. Attempts are counted per client address
(`cms.http.client_ip`: the real client behind the trusted proxies, an IPv6 /64 as one) and per session, by fixed
windows, in the database (`AttemptCounter`): every process shares it, and a count grows by an atomic UPDATE.

An attempt is counted *before* the code is checked (`attempt()`), and given back when the code was right
(`succeeded()`): parallel requests cannot all pass the check and be counted afterwards, and citizens typing the
right code behind one address (a school, a town hall's Wi-Fi) do not use up each other's tries.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .http import client_ip


def count(key, window, delta):
    """Add `delta` to `key`'s counter (created at 0 for `window` seconds); return the new count.

    The one atomic counter of the project: `FailureLimiter` below, and the features' own limits (comments,
    newsletters), count with it in the one `AttemptCounter` table."""
    from .models import AttemptCounter

    now = timezone.now()
    with transaction.atomic():
        current = AttemptCounter.objects.filter(key=key, expires_at__gt=now)
        if delta < 0:
            current = current.filter(count__gte=-delta)
            current.update(count=F("count") + delta)
            return current.values_list("count", flat=True).first() or 0
        updated = current.update(count=F("count") + delta)
        if not updated:
            AttemptCounter.objects.filter(expires_at__lte=now).delete()  # ended windows, this key's and others'
            try:
                with transaction.atomic():
                    AttemptCounter.objects.create(key=key, count=delta, expires_at=now + timedelta(seconds=window))
            except IntegrityError:  # created by a parallel request meanwhile
                AttemptCounter.objects.filter(key=key).update(count=F("count") + delta)
        return AttemptCounter.objects.filter(key=key).values_list("count", flat=True).first() or 0


@dataclass(frozen=True)
class FailureLimiter:
    scope: str
    per_client: int
    per_session: int
    window: int  # seconds
    message: str

    def _key(self, kind, value):
        window = int(time.time() // self.window)
        digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]  # the table never holds an address
        return f"{self.scope}:{kind}:{digest}:{window}"

    def _client_key(self, request):
        return self._key("client", client_ip(request))

    def _session_key(self, request, create=False):
        session = getattr(request, "session", None)
        if session is None:
            return None
        if session.session_key is None and create:
            session.save()
        return self._key("session", session.session_key) if session.session_key else None

    def blocked(self, request):
        """True when this client or this session has used up its tries for the current window (counts nothing)."""
        from .models import AttemptCounter

        limits = {self._client_key(request): self.per_client}
        session_key = self._session_key(request)
        if session_key:
            limits[session_key] = self.per_session
        counts = AttemptCounter.objects.filter(key__in=limits, expires_at__gt=timezone.now())
        return any(count >= limits[key] for key, count in counts.values_list("key", "count"))

    def attempt(self, request):
        """Count one try before the code is checked; False (and nothing to check) once a limit is passed."""
        if count(self._client_key(request), self.window, 1) > self.per_client:
            return False
        session_key = self._session_key(request, create=True)
        return not (session_key and count(session_key, self.window, 1) > self.per_session)

    def succeeded(self, request):
        """Give back the try of a right code."""
        keys = [self._client_key(request), self._session_key(request)]
        for key in filter(None, keys):
            count(key, self.window, -1)


ACCESS_CODES = FailureLimiter(
    scope="access-code",
    per_client=20,
    per_session=10,
    window=60 * 60,
    message=_("Trop de codes erronés. Réessayez dans une heure ou demandez le code à votre mairie."),
)
