"""The provider's webhooks: anymail checks the signature (its views under /anymail/, a bad one is refused with a
400 before any signal) and sends `anymail.signals.tracking`; `on_tracking` (connected by `plugins.register_sending`)
moves the delivery row on.

- The row is found by the metadata every message carries (`delivery`: its id), else by the provider's message id
  and the recipient; an event naming a delivery whose address is not the event's recipient changes nothing.
- Every event is kept as a `DeliveryEvent`; an `event_id` seen before is ignored (providers retry webhooks).
- The status never goes backwards: SENT → DELIVERED → BOUNCED/COMPLAINED (a bounce may come after the receiving
  server accepted the message), never the reverse (a late "delivered" after a bounce changes nothing), and a final
  refusal (FAILED) stays. Opened and clicked only stamp their first time.
- Any event about a row still QUEUED means the provider accepted the message: the row becomes SENT (the sending
  process died between the provider's answer and its commit; without this, the sweep would send it again).
- Bounced and complained suppress the address everywhere (`suppressions.suppress`); rejected (the provider's refusal
  to send, e.g. its own suppression list) fails the row and suppresses too; unsubscribed unsubscribes from this list.
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .models import Delivery, DeliveryEvent, Suppression
from .suppressions import suppress, unsubscribe

logger = logging.getLogger(__name__)

S = Delivery.Status
ACCEPTED = [S.QUEUED]  # rows a sign of acceptance moves to SENT
# event type: (new status, the statuses it may replace, the time field it stamps)
MOVES = {
    "queued": (S.SENT, [S.QUEUED], None),
    "sent": (S.SENT, [S.QUEUED], None),
    "deferred": (S.SENT, [S.QUEUED], None),
    "delivered": (S.DELIVERED, [S.QUEUED, S.SENT], "delivered_at"),
    "bounced": (S.BOUNCED, [S.QUEUED, S.SENT, S.DELIVERED], "bounced_at"),
    "complained": (S.COMPLAINED, [S.QUEUED, S.SENT, S.DELIVERED, S.BOUNCED], "complained_at"),
    "rejected": (S.FAILED, [S.QUEUED, S.SENT], None),
    "failed": (S.FAILED, [S.QUEUED, S.SENT], None),
    "opened": (S.SENT, [S.QUEUED], "opened_at"),
    "clicked": (S.SENT, [S.QUEUED], "clicked_at"),
    "unsubscribed": (S.SENT, [S.QUEUED], "unsubscribed_at"),
    "autoresponded": (S.SENT, [S.QUEUED], None),
}
SUPPRESSING = {
    "bounced": Suppression.Reason.BOUNCED,
    "complained": Suppression.Reason.COMPLAINED,
    "rejected": Suppression.Reason.REJECTED,
}


def _same_address(a, b):
    return (a or "").strip().lower() == (b or "").strip().lower()


def find_delivery(event):
    """The delivery an event is about, or None."""
    metadata = event.metadata or {}
    raw = metadata.get("delivery")
    if raw is not None:
        try:
            delivery = Delivery.objects.filter(pk=int(raw)).first()
        except (TypeError, ValueError):
            delivery = None
        if delivery is not None and (not event.recipient or _same_address(delivery.email, event.recipient)):
            return delivery
        if delivery is not None:
            logger.warning("Webhook for delivery %s names another recipient: ignored", raw)
            return None
    if event.message_id and event.recipient:
        return (
            Delivery.objects.filter(message_id=str(event.message_id)[:255])
            .filter(Q(email__iexact=event.recipient.strip()))
            .first()
        )
    return None


def on_tracking(sender, event, esp_name, **kwargs):
    """anymail's tracking signal: record the event once, move the row, suppress or unsubscribe."""
    delivery = find_delivery(event)
    event_type = event.event_type
    with transaction.atomic():
        try:
            with transaction.atomic():
                DeliveryEvent.objects.create(
                    delivery=delivery,
                    esp_name=str(esp_name)[:32],
                    event_type=str(event_type)[:32],
                    event_id=str(event.event_id)[:255] if event.event_id else None,
                    message_id=str(event.message_id or "")[:255],
                    recipient_key=(event.recipient or "").strip().lower()[:254],
                    timestamp=event.timestamp,
                    description=str(event.description or event.mta_response or event.reject_reason or "")[:500],
                )
        except IntegrityError:
            return  # the same event again (providers retry): already handled
        if delivery is not None:
            move(delivery, event_type, event.timestamp or timezone.now(), event)
        address = (delivery.email if delivery is not None else "") or event.recipient
        if event_type in SUPPRESSING and address:
            suppress(address, SUPPRESSING[event_type], detail=str(event.description or event.reject_reason or ""))
        if event_type == "unsubscribed" and delivery is not None and delivery.subscription_id:
            unsubscribe(delivery.subscription_id)


def move(delivery, event_type, at, event=None):
    """The row's new status and first-time stamp, by atomic UPDATEs that only move forward."""
    if event_type not in MOVES:
        return
    status, allowed, stamp = MOVES[event_type]
    rows = Delivery.objects.filter(pk=delivery.pk)
    fields = {"status": status}
    if status == S.SENT:
        fields["sent_at"] = at
    if status == S.FAILED:
        fields["error"] = f"{event_type}: {(event and (event.description or event.reject_reason)) or ''}"[:500]
    rows.filter(status__in=allowed).update(**fields)
    if stamp:
        rows.filter(**{f"{stamp}__isnull": True}).update(**{stamp: at})
