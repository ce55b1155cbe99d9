"""A citizen's proposal: turned into a draft consultation under the national consultations index and submitted to
the moderation workflow (one transaction); changed and resubmitted while the moderators ask for changes; withdrawn.

Who may do what is here too: only the author changes or withdraws their proposal, and only while it waits
(`ProposalRefused` says why not).
"""

import datetime
import html
import re
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cms.models import PlatformHomePage
from cms.ratelimit import FailureLimiter
from consultations.models import ConsultationIndexPage, ConsultationPage, Eligibility, ResultsVisibility, Secrecy
from consultations.questions import QuestionType, question

from .checks import similar_titles
from .forms import CHOICE_TYPES
from .models import Proposal, ProposalState, Scope


class ProposalRefused(Exception):
    def __init__(self, message, code="refused", status=400):
        super().__init__(message)
        self.message, self.code, self.status = message, code, status


class AccountLimiter(FailureLimiter):
    """The project's limiter (`cms.ratelimit`), counted per account instead of per session: the API's token clients
    have no session, and a new session must not give new tries."""

    def _session_key(self, request, create=False):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return self._key("account", str(user.pk))


PROPOSALS = AccountLimiter(
    scope="network-proposal",
    per_client=10,
    per_session=3,
    window=24 * 60 * 60,
    message=_(
        "Vous avez déjà proposé 3 consultations aujourd'hui : c'est le maximum. Revenez demain, ou complétez une "
        "de vos propositions en attente."
    ),
)


def national_index():
    """The national network's consultations index (under the platform home), or None."""
    home = PlatformHomePage.objects.filter(locale__language_code="fr").first() or PlatformHomePage.objects.first()
    if home is None:
        return None
    return ConsultationIndexPage.objects.child_of(home).first()


NO_INDEX_MESSAGE = _(
    "Les propositions de consultations ne sont pas encore ouvertes sur le réseau national. Revenez bientôt."
)


# -- what the page holds -------------------------------------------------------------------------------------------


def description_stream(text):
    """Plain text as paragraphs of the page's description (escaped: never markup of the citizen's)."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]
    return [
        {"type": "paragraph", "value": "<p>" + "<br/>".join(escape(line) for line in part.splitlines()) + "</p>",
         "id": str(uuid.uuid4())}
        for part in paragraphs
    ]  # fmt: skip


def description_text(page):
    """The page's description back as plain text (for the edit form)."""
    parts = []
    for child in page.description:
        if child.block_type != "paragraph":
            continue
        source = child.value.source if hasattr(child.value, "source") else str(child.value)
        source = re.sub(r"<br\s*/?>", "\n", source)
        parts.append(html.unescape(re.sub(r"<[^>]+>", "", source)).strip())
    return "\n\n".join(part for part in parts if part)


def survey_stream(questions):
    raw = []
    for item in questions:
        qtype = item["type"]
        if qtype in CHOICE_TYPES:
            raw.append(
                question(
                    qtype,
                    item["label"],
                    choices=item["choices"],
                    choice_ids=[str(uuid.uuid4()) for _c in item["choices"]],
                )
            )
        elif qtype == QuestionType.SCALE:
            raw.append(question(qtype, item["label"], scale_max="5"))
        elif qtype == QuestionType.YES_NO:
            raw.append(question(qtype, item["label"], allow_abstain=True))
        else:
            raw.append(question(qtype, item["label"]))
    return raw


def survey_rows(page):
    """The page's questions as the form's rows."""
    rows = []
    for child in page.survey:
        choices = child.value.get("choices")
        labels = [item.value for item in choices.bound_blocks] if choices is not None else []
        rows.append({"type": child.block_type, "label": child.value.get("label", ""), "choices": "\n".join(labels)})
    return rows


def _dates(start_date, duration_days):
    tz = timezone.get_current_timezone()
    opens_at = datetime.datetime.combine(start_date, datetime.time.min, tzinfo=tz)
    return opens_at, opens_at + datetime.timedelta(days=duration_days)


def _apply(page, values):
    page.title = values["title"]
    page.summary = values["summary"]
    page.theme = values["theme"]
    page.description = description_stream(values["description"])
    page.survey = survey_stream(values["questions"])
    page.opens_at, page.closes_at = _dates(values["start_date"], values["duration_days"])
    page.territory = values["territory"] if values["scope"] != Scope.NATIONAL else None
    # A citizen's consultation: secret ballot, results once it closed, the territory's residents (any account for a
    # national one).
    page.secrecy = Secrecy.SECRET
    page.results_visibility = ResultsVisibility.AFTER_CLOSE
    page.eligibility = Eligibility.RESIDENTS if page.territory is not None else Eligibility.ACCOUNT


def _unique_slug(parent, title):
    base = (slugify(title)[:60].strip("-")) or "consultation"
    slug, number = base, 1
    siblings = parent.get_children()
    while siblings.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def moderation_workflow(index):
    from .moderation import ensure_moderation

    return ensure_moderation(index)


# -- the citizen's actions -----------------------------------------------------------------------------------------


def create_proposal(user, values, language="fr"):
    """A draft consultation under the national index, its `Proposal`, and the moderation workflow started: all or
    nothing. Raises ProposalRefused when there is no national index."""
    index = national_index()
    if index is None:
        raise ProposalRefused(NO_INDEX_MESSAGE, code="proposals_closed", status=503)
    with transaction.atomic():
        # One proposal at a time per account (a double submit, two tabs): the account's row is the lock.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        waiting = Proposal.objects.filter(
            author=user, state__in=[ProposalState.PENDING, ProposalState.CHANGES_REQUESTED]
        ).select_related("page")
        if any(similar_titles(values["title"], proposal.page.title) for proposal in waiting):
            raise ProposalRefused(
                _("Vous avez déjà envoyé cette proposition : elle attend la modération (voir votre profil)."),
                code="already_proposed",
                status=409,
            )
        workflow = moderation_workflow(index)
        page = ConsultationPage(owner=user, live=False, slug=_unique_slug(index, values["title"]))
        _apply(page, values)
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        proposal = Proposal.objects.create(
            page=page,
            author=user,
            scope=values["scope"],
            duration_days=values["duration_days"],
            language=(language or "fr")[:8],
        )
        _citizen_gets_our_emails_only(user)
        workflow.start(page, user)
    return proposal


def _citizen_gets_our_emails_only(user):
    """Wagtail mails the requester of a workflow when it is approved or rejected, with links into the admin a
    citizen cannot open: the network's own email (in their language, with their account's links) replaces it."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    if profile.approved_notifications or profile.rejected_notifications:
        profile.approved_notifications = profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])


def own_proposal(user, proposal_id, *, for_update=False):
    """The user's proposal with this id; ProposalRefused (404) for anyone else's: its existence is not told."""
    proposals = Proposal.objects.select_related("page")
    if for_update:
        proposals = proposals.select_for_update()
    proposal = proposals.filter(pk=proposal_id, author=user).first() if user.is_authenticated else None
    if proposal is None:
        raise ProposalRefused(_("Cette proposition n'existe pas ou n'est pas la vôtre."), code="not_found", status=404)
    return proposal


def resubmit(user, proposal_id, values):
    """Save the changed proposal as a new revision and resume the moderation where it asked for changes."""
    with transaction.atomic():
        proposal = own_proposal(user, proposal_id, for_update=True)
        if not proposal.editable:
            raise ProposalRefused(
                _("Cette proposition ne peut plus être modifiée : elle n'attend pas de modification (%(state)s).")
                % {"state": proposal.get_state_display()},
                code="not_editable",
                status=409,
            )
        page = ConsultationPage.objects.get(pk=proposal.page_id)
        _apply(page, values)
        page.save()
        page.save_revision(user=user, log_action=True)
        state = page.current_workflow_state
        if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
            state.resume(user=user)
        else:
            moderation_workflow(page.get_parent()).start(page, user)
        proposal.state = ProposalState.PENDING
        proposal.scope = values["scope"]
        proposal.duration_days = values["duration_days"]
        proposal.save(update_fields=["state", "scope", "duration_days", "updated_at"])
    return proposal


def withdraw(user, proposal_id):
    """The author withdraws a proposal still waiting: the moderation ends, the page stays a draft."""
    with transaction.atomic():
        proposal = own_proposal(user, proposal_id, for_update=True)
        if not proposal.withdrawable:
            raise ProposalRefused(
                _("Cette proposition ne peut plus être retirée (%(state)s).") % {"state": proposal.get_state_display()},
                code="not_withdrawable",
                status=409,
            )
        state = proposal.page.current_workflow_state
        if state is not None:
            state.cancel(user=user)
        proposal.state = ProposalState.WITHDRAWN
        proposal.save(update_fields=["state", "updated_at"])
    return proposal


def proposal_initial(proposal):
    """The form's initial values and question rows from the proposal's latest revision."""
    page = proposal.page.get_latest_revision_as_object()
    territory = page.territory
    return (
        {
            "title": page.title,
            "summary": page.summary,
            "description": description_text(page),
            "theme": page.theme,
            "start_date": max(timezone.localtime(page.opens_at).date(), timezone.localdate()),
            "duration_days": proposal.duration_days,
            "scope": proposal.scope,
            "territory": f"{territory.name} ({territory.code})" if territory else "",
        },
        survey_rows(page),
    )
