"""Suppressing an address everywhere (a hard bounce, a complaint, a provider's refusal) and the provider's own
unsubscription, each with its consent record, in the caller's transaction (or one of its own)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ConsentRecord, Subscription, Suppression, normalise_email


def _record(subscription, action):
    newsletter = subscription.newsletter
    ConsentRecord.objects.create(
        subscription=subscription,
        action=action,
        source=ConsentRecord.Source.PROVIDER,
        list_title=newsletter.title,
        language=subscription.language,
        themes=list(subscription.themes or []),
    )


def suppress(address, reason, detail=""):
    """The address on the suppression list, and every subscription of it still PENDING or ACTIVE made SUPPRESSED,
    with a ConsentRecord (source PROVIDER) each. Safe to call twice. Returns the subscriptions it suspended."""
    key = normalise_email(address)
    if not key:
        return 0
    with transaction.atomic():
        try:
            with transaction.atomic():
                Suppression.objects.get_or_create(email_key=key, defaults={"reason": reason, "detail": detail[:500]})
        except IntegrityError:  # suppressed at the same moment by another event
            pass
        subscriptions = list(
            Subscription.objects.select_for_update()
            .filter(email_key=key, status__in=[Subscription.Status.PENDING, Subscription.Status.ACTIVE])
            .select_related("newsletter")
        )
        for subscription in subscriptions:
            subscription.status = Subscription.Status.SUPPRESSED
            subscription.save(update_fields=["status"])
            _record(subscription, ConsentRecord.Action.SUPPRESSED)
    return len(subscriptions)


def unsubscribe(subscription_id):
    """The provider reported an unsubscription (its own link or the mailbox's button): this list only."""
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .filter(pk=subscription_id, status__in=[Subscription.Status.PENDING, Subscription.Status.ACTIVE])
            .select_related("newsletter")
            .first()
        )
        if subscription is None:
            return False
        subscription.status = Subscription.Status.UNSUBSCRIBED
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["status", "unsubscribed_at"])
        _record(subscription, ConsentRecord.Action.UNSUBSCRIBED)
    return True
