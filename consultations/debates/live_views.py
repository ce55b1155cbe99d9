"""The web forms of a debate's live section (plain POSTs to /debats/…: everything works without JavaScript): vote in
a poll, ask, support and withdraw a question. Each sends the visitor back to the debate page (`next`, on this site
only) at the section's anchor, with a message; a refused question comes back next to its field with the text as
typed (kept in the session for that one display)."""

from urllib.parse import urlsplit, urlunsplit

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.models import Page

from cms.http import safe_next_url
from consultations.comments.services import may_view, readable_version

from . import live, questions, rules
from .models import DebatePage, LivePoll, Question

QUESTION_FORM_KEY = "debates_question_form"
ANCHOR = "direct"


def _back(request, page, anchor=ANCHOR):
    parts = urlsplit(safe_next_url(request, page.get_url(request) or "/"))
    return redirect(urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, anchor)))


def _readable(request, debate_id):
    original = get_object_or_404(Page, pk=debate_id)
    page = readable_version(original, request)
    if page is None or not issubclass(page.specific_class or Page, DebatePage) or not rules.debates_enabled(page):
        raise Http404
    return page


def _login(request, page):
    parts = urlsplit(safe_next_url(request, page.get_url(request) or "/"))
    return redirect_to_login(urlunsplit(("", "", parts.path, parts.query, ANCHOR)))


@require_POST
def vote_view(request, poll_id):
    poll = get_object_or_404(LivePoll.objects.exclude(state=LivePoll.State.DRAFT), pk=poll_id)
    page = _readable(request, poll.debate_id)
    if not request.user.is_authenticated:
        return _login(request, page)
    raw = request.POST.get("choice", "")
    choice = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 3 else None
    if choice is None:
        messages.error(request, _("Choisissez une des réponses proposées avant de voter."))
        return _back(request, page, f"sondage-{poll.pk}")
    try:
        live.vote(poll, request.user, choice)
    except live.PollRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Votre vote est enregistré."))
    return _back(request, page, f"sondage-{poll.pk}")


@require_POST
def ask_view(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if not may_view(page, request) or not issubclass(page.specific_class or Page, DebatePage):
        raise Http404
    if not rules.debates_enabled(page):
        raise Http404
    if not request.user.is_authenticated:
        return _login(request, page)
    text = request.POST.get("text", "")
    try:
        question = questions.ask(page, request.user, text)
    except questions.QuestionRefused as refusal:
        request.session[QUESTION_FORM_KEY] = {
            "page": rules.original(page).pk,
            "text": text[:2000],
            "error": str(refusal.message),
        }
        return _back(request, page, "poser-une-question")
    messages.success(request, _("Votre question est publiée."))
    return _back(request, page, f"question-{question.pk}")


@require_POST
def upvote_view(request, question_id):
    question = get_object_or_404(Question, pk=question_id, status__in=questions.PUBLIC_STATUSES)
    page = _readable(request, question.debate_id)
    if not request.user.is_authenticated:
        return _login(request, page)
    try:
        questions.upvote(question, request.user)
    except questions.QuestionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Votre soutien est enregistré."))
    return _back(request, page, f"question-{question.pk}")


@require_POST
def withdraw_view(request, question_id):
    question = get_object_or_404(Question, pk=question_id)
    page = _readable(request, question.debate_id)
    if not request.user.is_authenticated:
        return _login(request, page)
    try:
        questions.withdraw(question.pk, request.user)
    except questions.QuestionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Votre question est retirée."))
    return _back(request, page)
