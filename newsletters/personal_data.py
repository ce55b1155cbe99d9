"""What the newsletters keep about a person, for the GDPR rights of the account page (`cms.accounts`).

A person's subscriptions are those their account made and those to one of their verified addresses (a subscription
made before they had an account, or without logging in, is theirs too once the address is proven theirs).

- **Export**: each subscription (list, address, state, language, themes, dates) with its consent records (what was
  agreed to or withdrawn, when, from where, with the exact text shown).
- **Erase**: the subscriptions go (their consent records with them, by cascade), and the address is blanked on the
  delivery rows of every issue sent to them (the rows stay, without address, for the issues' statistics). An address
  in the suppression list stays there: it is kept so that nothing is ever sent to it again.
"""

from django.db.models import Q

from .models import Delivery
from .subscriptions import subscriptions_of, verified_addresses


def export(user):
    subscriptions = subscriptions_of(user).prefetch_related("consents").order_by("created_at", "pk")
    return {
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
        ]
    }


def erase(user):
    """Called inside the account's deletion transaction, before the user row goes."""
    subscriptions = subscriptions_of(user)
    keys = verified_addresses(user)
    ids = list(subscriptions.values_list("pk", flat=True))
    Delivery.objects.filter(Q(subscription_id__in=ids) | Q(email__in=keys)).exclude(email="").update(email="")
    subscriptions.delete()
