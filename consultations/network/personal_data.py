"""What the network keeps about a person, for the GDPR rights of the account page (`cms.accounts`).

- **Export**: their proposals (title, state, scope, dates, the moderators' messages) and their opening emails'
  preference.
- **Erase**: proposed consultations stay (other citizens may have voted in them) without their author
  (`Proposal.author` set to null; the page's owner too); the preference and the opening emails' rows go.
"""

from consultations.models import ConsultationPage

from .models import OpeningEmailPreference, OpeningNotification, Proposal


def export(user):
    proposals = Proposal.objects.filter(author=user).select_related("page").prefetch_related("decisions")
    preference = OpeningEmailPreference.objects.filter(user=user).first()
    return {
        "proposals": [
            {
                "id": proposal.pk,
                "title": proposal.page.title,
                "state": proposal.state,
                "scope": proposal.scope,
                "proposed_at": proposal.created_at,
                "moderation": [
                    {"decision": decision.action, "message": decision.reason, "at": decision.at}
                    for decision in proposal.decisions.all()
                ],
            }
            for proposal in proposals
        ],
        "opening_emails": bool(preference and preference.opening_emails),
    }


def erase(user):
    page_ids = list(Proposal.objects.filter(author=user).values_list("page_id", flat=True))
    Proposal.objects.filter(author=user).update(author=None)
    ConsultationPage.objects.filter(pk__in=page_ids, owner=user).update(owner=None)
    OpeningEmailPreference.objects.filter(user=user).delete()
    OpeningNotification.objects.filter(user=user).delete()
