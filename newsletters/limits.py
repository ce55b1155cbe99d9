"""How often the subscription form may be used, so that it cannot bomb someone's mailbox with confirmation emails.

Two limits, counted in the project's one limiter table (`cms.ratelimit`: fixed windows, atomic UPDATEs, shared by
every process), inside the transaction of the request they count:

- **per client address** (`cms.http.client_ip`): 20 requests an hour, whatever the addresses typed. Passing it is
  said plainly (a French message next to the form, a 429 in the API): it tells nothing about any address.
- **per target address**: 3 confirmation emails a day to one address, whichever lists and clients asked. Passing it
  changes nothing the person sees (the answer stays the same for every address: no enumeration), only no email goes.
"""

import hashlib
import time
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cms.http import client_ip
from cms.ratelimit import count as _count  # the limiter's atomic counter (one table, one way to count)


@dataclass(frozen=True)
class Window:
    scope: str
    limit: int
    window: int  # seconds

    def key(self, value, now):
        digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]  # the table never holds an address
        return f"{self.scope}:{digest}:{int(now // self.window)}"

    def count(self, value):
        """Count one use of `value`; False once the window's limit is passed."""
        return _count(self.key(value, time.time()), self.window, 1) <= self.limit


PER_CLIENT = Window(scope="newsletter-subscribe-client", limit=20, window=60 * 60)
PER_ADDRESS = Window(scope="newsletter-confirm-address", limit=3, window=24 * 60 * 60)

CLIENT_LIMIT_MESSAGE = _(
    "Trop de demandes d'inscription ont été envoyées depuis votre connexion. Réessayez dans une heure."
)


class ClientLimited(Exception):
    """This client has sent its share of subscription requests for the hour."""

    message = CLIENT_LIMIT_MESSAGE
    retry_after = PER_CLIENT.window


def count_client(request):
    """Count one subscription request of this client; raise ClientLimited past the limit. Without a request (a
    service called from code), nothing is counted."""
    if request is not None and not PER_CLIENT.count(client_ip(request)):
        raise ClientLimited()


def may_mail(email_key):
    """Count one confirmation email to this address: False when it has had its share today (send nothing)."""
    return PER_ADDRESS.count(f"address:{email_key}")
