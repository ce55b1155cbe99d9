"""What the cahier de doléances keeps about a person: the carryings they made (and the answers they recorded).

- **Export**: each consultation they carried, to whom, when, with their message.
- **Erase**: a carrying is public history of the consultation, so it stays, without its author (`carried_by` and
  `answer_recorded_by` set to nothing); the archive then says only that it was carried by its author or its editors.
"""

from .models import Carrying


def export(user):
    carryings = Carrying.objects.filter(carried_by=user).select_related("entry", "territory").order_by("carried_at")
    return {
        "carryings": [
            {
                "consultation": carrying.entry.title,
                "recipient": carrying.recipient,
                "as": carrying.role,
                "message": carrying.message,
                "carried_at": carrying.carried_at.isoformat(),
            }
            for carrying in carryings
        ]
    }


def erase(user):
    Carrying.objects.filter(carried_by=user).update(carried_by=None)
    Carrying.objects.filter(answer_recorded_by=user).update(answer_recorded_by=None)
