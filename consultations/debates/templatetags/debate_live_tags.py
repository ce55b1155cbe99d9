"""`{% live_section %}`: the live polls and questions of the debate page being served (`page`, `request` from the
page's context), rendered by `debates/includes/live_section_body.html`. `debates/includes/live_section.html` (included
by the debate page) calls it, so that the page's template needs to pass nothing.

The page cache: the section shows the same thing to every anonymous visitor, and every change of polls, votes and
questions invalidates the debate page's copies (`live.live_changed`); its end (the question form going away) ends
the copy's life (`page_cache.expires_at`)."""

from django import template
from django.urls import reverse

from cms import page_cache

from .. import live, questions, rules
from ..live_views import QUESTION_FORM_KEY
from ..models import LivePoll

register = template.Library()

PHASES = [
    (LivePoll.Phase.BEFORE, LivePoll.Phase.BEFORE.label),
    (LivePoll.Phase.DURING, LivePoll.Phase.DURING.label),
    (LivePoll.Phase.AFTER, LivePoll.Phase.AFTER.label),
]


def _form_state(request, original):
    session = getattr(request, "session", None)
    if session is None or QUESTION_FORM_KEY not in session:
        return {}
    state = session.get(QUESTION_FORM_KEY) or {}
    if state.get("page") != original.pk:
        return {}
    del session[QUESTION_FORM_KEY]
    return state


def live_context(page, request):
    user = getattr(request, "user", None)
    original = rules.original(page)
    items = live.live_polls(page, user)
    listed = list(questions.public_questions(page)[:200])
    upvoted = questions.upvoted_by(user, listed)
    may_participate = rules.can_participate(user, page)
    refusal = None
    if user is not None and user.is_authenticated and not may_participate:
        try:
            live.check_participant(user, page)
        except live.PollRefused as error:
            refusal = error.message
    questions_open = questions.questions_open(page)
    page_cache.expires_at(request, questions.debate_end(page))
    state = _form_state(request, original)
    groups = []
    for phase, label in PHASES:
        phase_items = [item for item in items if item["poll"].phase == phase]
        if phase_items:
            groups.append({"phase": phase, "label": label, "items": phase_items})
    return {
        "page": page,
        "request": request,
        "groups": groups,
        "has_polls": bool(items),
        "questions": listed,
        "upvoted": upvoted,
        "user_id": getattr(user, "pk", None),
        "may_participate": may_participate,
        "refusal": refusal,
        "participants_may_write": bool(page.specific.participants_may_write),
        "questions_open": questions_open,
        "may_ask": may_participate and questions_open,
        "question_text": state.get("text", ""),
        "question_error": state.get("error"),
        "next": request.get_full_path() if request is not None else page.url,
        "live_url": reverse("api_debates_live", args=[page.pk]),
        "is_authenticated": bool(user is not None and user.is_authenticated),
        "min_secret_voters": live.min_secret_voters(),
    }


@register.inclusion_tag("debates/includes/live_section_body.html", takes_context=True)
def live_section(context):
    page, request = context.get("page"), context.get("request")
    if page is None or request is None or getattr(request, "is_preview", False) or not page.live:
        return {"hidden": True}
    return live_context(page, request)
