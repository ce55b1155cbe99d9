"""What the debates keep about a person, for the GDPR rights of the account page (`cms.accounts`).

- **Export**: the person's registrations (debate, state, attendance, dates).
- **Erase**: the registrations are deleted; a confirmed seat of an upcoming debate goes, in the same transaction, to
  the first one waiting (`services.release`). Questions and poll participations belong to the live part.
"""

from .models import Registration
from .services import release


def export(user):
    registrations = Registration.objects.filter(user=user).select_related("debate").order_by("queued_at", "pk")
    return {
        "registrations": [
            {
                "debate": registration.debate.title,
                "debate_id": registration.debate_id,
                "status": registration.status,
                "attendance": registration.attendance,
                "registered_at": registration.queued_at.isoformat(),
                "confirmed_at": registration.confirmed_at.isoformat() if registration.confirmed_at else None,
                "cancelled_at": registration.cancelled_at.isoformat() if registration.cancelled_at else None,
                "language": registration.language,
            }
            for registration in registrations
        ]
    }


def erase(user):
    for registration in Registration.objects.filter(user=user).order_by("pk"):
        if registration.status == Registration.Status.CONFIRMED:
            release(registration)
        else:
            registration.delete()
