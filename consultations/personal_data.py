"""What the consultations keep about a person, for the GDPR rights of the account page (`cms.accounts`).

- **Export**: the consultations the person took part in, when and through which channel, and whether the ballot was
  secret. Never what a secret ballot says: nothing in the database links a sealed ballot to its participation (see
  `consultations.models.ballots`), and a web process cannot open one anyway (it holds only the public key).
- **Erase**: participations are not deleted. They are what makes "one ballot per person" hold, and the ballots they
  counted stay in the results. What named the person goes: the account (`user`, set to NULL when the row is deleted)
  and the account's key `user:<id>`, replaced by the keyed hash of the account's address (`email_voter_key()`, the
  key a confirmed address votes with). A new account opened later with the same mailbox resolves to that key too
  (`eligibility._account_voter`), so it cannot vote a second time in the same consultation.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Participation, Secrecy
from .voting.eligibility import email_voter_key


def account_key(user):
    return f"user:{user.pk}"


def export(user):
    participations = (
        Participation.objects.filter(Q(user=user) | Q(voter_key=account_key(user)))
        .select_related("consultation")
        .order_by("created_at", "pk")
    )
    return {
        "participations": [
            {
                "consultation": participation.consultation.title,
                "consultation_id": participation.consultation_id,
                "voted_at": participation.created_at,
                "channel": participation.channel,
                "secret_ballot": participation.consultation.secrecy == Secrecy.SECRET,
            }
            for participation in participations
        ],
        "note": _(
            "Un bulletin secret est scellé sans aucun lien avec votre participation : personne, pas même nous, ne peut "
            "retrouver le vôtre. Son contenu ne figure donc pas dans ce fichier."
        ),
    }


def erase(user):
    """Detach the person's participations from them, keeping "one ballot per person" with a keyed hash."""
    mailbox_key = email_voter_key(user.email) if user.email else None
    participations = Participation.objects.filter(Q(user=user) | Q(voter_key=account_key(user)))
    for participation in participations.select_for_update():
        participation.user = None
        if mailbox_key and participation.voter_key == account_key(user):
            taken = (
                Participation.objects.filter(consultation_id=participation.consultation_id, voter_key=mailbox_key)
                .exclude(pk=participation.pk)
                .exists()
            )
            # Already keyed by the mailbox in this consultation (it voted through a confirmed address once): that
            # row keeps the mailbox out already, this one keeps its meaningless number.
            if not taken:
                participation.voter_key = mailbox_key
        participation.save(update_fields=["user", "voter_key"])
