"""What the newsletters keep about a person, for the GDPR rights of the account page (`cms.accounts`).

A person's subscriptions are those their account made and those to one of their verified addresses (a subscription
made before they had an account, or without logging in, is theirs too once the address is proven theirs).

- **Export**: each subscription (list, address, state, language, themes, dates) with its consent records (what was
  agreed to or withdrawn, when, from where, with the exact text shown).
- **Export** also lists the delivery rows (which issue, when sent, delivered, opened, clicked: the tracking).
- **Erase**: the subscriptions go (their consent records with them, by cascade), and the address is blanked on the
  delivery rows of every issue sent to them (any spelling of case) and on the provider's events kept (the rows
  stay, without address, for the issues' statistics). An address
  in the suppression list stays there: it is kept so that nothing is ever sent to it again.
"""

from django.db.models import Q
from django.db.models.functions import Lower

from .models import Delivery, DeliveryEvent
from .subscriptions import subscriptions_of, verified_addresses


def _deliveries(user, subscriptions):
    """The account's delivery rows: of its subscriptions, or to one of its addresses (any spelling of case)."""
    keys = verified_addresses(user) | set(subscriptions.values_list("email_key", flat=True))
    ids = list(subscriptions.values_list("pk", flat=True))
    return Delivery.objects.annotate(address_key=Lower("email")).filter(
        Q(subscription_id__in=ids) | Q(address_key__in=keys)
    ), keys


def export(user):
    subscriptions = subscriptions_of(user).prefetch_related("consents").order_by("created_at", "pk")
    deliveries, _keys = _deliveries(user, subscriptions_of(user))
    return {
        # Which issues were sent to the person and what the provider's tracking recorded (delivered, opened, links).
        "deliveries": [
            {
                "issue": delivery.issue.title,
                "issue_id": delivery.issue_id,
                "email": delivery.email,
                "status": delivery.status,
                "language": delivery.language,
                "sent_at": delivery.sent_at,
                "delivered_at": delivery.delivered_at,
                "opened_at": delivery.opened_at,
                "clicked_at": delivery.clicked_at,
                "bounced_at": delivery.bounced_at,
                "complained_at": delivery.complained_at,
                "unsubscribed_at": delivery.unsubscribed_at,
            }
            for delivery in deliveries.select_related("issue").order_by("created_at", "pk")
        ],
        "subscriptions": [
            {
                "newsletter": subscription.newsletter.title,
                "newsletter_id": subscription.newsletter_id,
                "email": subscription.email,
                "status": subscription.status,
                "language": subscription.language,
                "themes": list(subscription.themes),
                "created_at": subscription.created_at,
                "confirmed_at": subscription.confirmed_at,
                "unsubscribed_at": subscription.unsubscribed_at,
                "consents": [
                    {
                        "action": record.action,
                        "source": record.source,
                        "at": record.at,
                        "list": record.list_title,
                        "text": record.consent_text,
                        "language": record.language,
                        "themes": list(record.themes),
                    }
                    for record in subscription.consents.all()
                ],
            }
            for subscription in subscriptions
        ],
    }


def erase(user):
    """Called inside the account's deletion transaction, before the user row goes."""
    subscriptions = subscriptions_of(user)
    deliveries, keys = _deliveries(user, subscriptions)
    delivery_ids = list(deliveries.values_list("pk", flat=True))
    # The provider's events keep the recipient's address too: blanked, the events stay for the statistics.
    DeliveryEvent.objects.filter(Q(delivery_id__in=delivery_ids) | Q(recipient_key__in=keys)).exclude(
        recipient_key=""
    ).update(recipient_key="")
    Delivery.objects.filter(pk__in=delivery_ids).exclude(email="").update(email="")
    subscriptions.delete()
