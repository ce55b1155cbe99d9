"""The signed links of the newsletters, usable without logging in.

A token names a subscription and carries its `secret` (so that changing the secret voids every link already sent)
and, for an unsubscribe link, the delivery it came from (so that the issue's statistics count it). Tokens are signed
with the project's SECRET_KEY, one salt per action: a confirmation link cannot be used to unsubscribe, nor the reverse.
Confirmation links expire (`CONFIRM_MAX_AGE`); unsubscribe and preferences links do not (an old email must still
work). A tampered, unknown or expired token gives None: the views answer with a polite page and change nothing.
"""

from dataclasses import dataclass

from django.core import signing

CONFIRM = "confirm"
UNSUBSCRIBE = "unsubscribe"
PREFERENCES = "preferences"
ACTIONS = {CONFIRM, UNSUBSCRIBE, PREFERENCES}
CONFIRM_MAX_AGE = 7 * 24 * 3600  # seconds


@dataclass(frozen=True)
class TokenData:
    subscription: object
    delivery_id: int | None = None


def _salt(action):
    if action not in ACTIONS:
        raise ValueError(action)
    return f"aimpact.newsletters.{action}"


def make_token(subscription, action, delivery_id=None):
    payload = {"s": subscription.pk, "k": subscription.secret}
    if delivery_id is not None:
        payload["d"] = delivery_id
    return signing.dumps(payload, salt=_salt(action), compress=False)


def read_token(token, action):
    """The subscription (and delivery id) a token names, or None when it is tampered, expired or unknown."""
    from .models import Subscription

    if not isinstance(token, str) or not token or len(token) > 500:
        return None
    try:
        if action == CONFIRM:
            payload = signing.loads(token, salt=_salt(action), max_age=CONFIRM_MAX_AGE)
        else:
            payload = signing.loads(token, salt=_salt(action))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(payload, dict):
        return None
    pk, secret, delivery = payload.get("s"), payload.get("k"), payload.get("d")
    if not isinstance(pk, int) or not isinstance(secret, str):
        return None
    subscription = Subscription.objects.filter(pk=pk, secret=secret).select_related("newsletter").first()
    if subscription is None:
        return None
    return TokenData(subscription, delivery if isinstance(delivery, int) else None)
