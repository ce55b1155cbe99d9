"""The live polls' and questions' API (on `cms.api`), mounted under /api/debates/ by `urls.py`.

The same rules as the web forms (`live`, `questions`): a debate the client may not read is a 404, voting and asking
need an account (401 without one, 403 unverified or not registered to a debate by invitation), one vote per account
(409), the questions' posting limit (429 with Retry-After); organisers (`rules.can_organise`) open and close polls and
moderate questions (403 for others). Writes are throttled per client (`cms.http.client_ip`)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from django.http import Http404
from django.utils.translation import gettext as _

from wagtail.models import Page

from cms.api.errors import APIError, ErrorSerializer, error_response
from cms.api.views import PlatformAPIView
from cms.http import client_ip
from consultations.comments.services import may_view, readable_version

from . import live, questions, rules
from .models import QUESTION_MAX_LENGTH, DebatePage, LivePoll, Question

MAX_ID = 2**31


class _PerClientThrottle(SimpleRateThrottle):
    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


class LiveReadThrottle(_PerClientThrottle):
    """The page's script asks every ten seconds; a room behind one address (a town hall's Wi-Fi) shares this."""

    scope = "debates_live_read"
    rate = "1200/minute"


class LiveWriteThrottle(_PerClientThrottle):
    scope = "debates_live_write"
    rate = "300/minute"


# -- bodies --------------------------------------------------------------------------------------------------------


class ChoiceResultSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    label = serializers.CharField()
    votes = serializers.IntegerField(allow_null=True, help_text="Null while the results are not visible.")
    percent = serializers.FloatField(allow_null=True, help_text="Share of the votes, one decimal.")


class ShiftRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    before = serializers.FloatField(help_text="Percent in the compared (before) poll.")
    after = serializers.FloatField(help_text="Percent in this poll.")
    change = serializers.FloatField(help_text="Change in percentage points.")


class ShiftSerializer(serializers.Serializer):
    before_poll = serializers.IntegerField()
    rows = ShiftRowSerializer(many=True)


class LivePollSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    question = serializers.CharField()
    phase = serializers.ChoiceField(choices=LivePoll.Phase.values)
    mode = serializers.ChoiceField(choices=LivePoll.Mode.values, help_text="open: counts move; secret: at closing.")
    state = serializers.ChoiceField(choices=["open", "closed"])
    participants = serializers.IntegerField()
    results_visible = serializers.BooleanField()
    results_withheld = serializers.BooleanField(
        help_text="A secret poll counted with fewer voters than the platform's minimum: its results are never shown."
    )
    choices = ChoiceResultSerializer(many=True)
    has_voted = serializers.BooleanField(help_text="Whether the caller voted (never what, for a secret poll).")
    compare_with = serializers.IntegerField(allow_null=True)
    shift = ShiftSerializer(allow_null=True, help_text="How opinion moved since `compare_with`, when both are visible.")


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    author = serializers.CharField(help_text="First name and initial.")
    status = serializers.ChoiceField(choices=["visible", "answered"])
    upvotes_count = serializers.IntegerField()
    upvoted = serializers.BooleanField(help_text="Whether the caller supports it.")
    mine = serializers.BooleanField(help_text="Whether the caller asked it.")
    created_at = serializers.DateTimeField()


class LiveSerializer(serializers.Serializer):
    debate = serializers.IntegerField()
    may_participate = serializers.BooleanField()
    may_ask = serializers.BooleanField(help_text="Whether the caller may post a question now.")
    questions_open = serializers.BooleanField()
    polls = LivePollSerializer(many=True)
    questions = QuestionSerializer(many=True)


class VoteRequestSerializer(serializers.Serializer):
    choice = serializers.IntegerField(min_value=0, max_value=7, help_text="The choice's index, from 0.")


class QuestionRequestSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=QUESTION_MAX_LENGTH * 2,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Plain text, 500 at most.",
    )


class ModerationRequestSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(questions.MODERATION_ACTIONS))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=questions.HIDE_REASON_MAX_LENGTH)


class DoneSerializer(serializers.Serializer):
    status = serializers.CharField()
    message = serializers.CharField()


class PollStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=LivePoll.State.values)


class QuestionStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Question.Status.values)
    upvotes_count = serializers.IntegerField()


# -- reading -------------------------------------------------------------------------------------------------------


def _debate_for(request, page_id):
    """The debate page `page_id` if the caller may read it, else 404."""
    page = Page.objects.filter(pk=page_id).first() if 0 < page_id < MAX_ID else None
    if page is None or not issubclass(page.specific_class or Page, DebatePage) or not may_view(page, request):
        raise Http404
    if not rules.debates_enabled(page):
        raise Http404
    return page


def _readable(request, debate_id):
    original = Page.objects.filter(pk=debate_id).first()
    page = readable_version(original, request) if original is not None else None
    if page is None or not rules.debates_enabled(page):
        raise Http404
    return page


def _poll_for(request, poll_id, organiser=False):
    poll = LivePoll.objects.filter(pk=poll_id).first() if poll_id < 2**63 else None
    if poll is None:
        raise Http404
    if organiser:
        page = Page.objects.get(pk=poll.debate_id)
        if rules.can_organise(request.user, page):
            return poll, page
        page = _readable(request, poll.debate_id)
        if poll.state == LivePoll.State.DRAFT:
            raise Http404
        return poll, page
    page = _readable(request, poll.debate_id)
    if poll.state == LivePoll.State.DRAFT:
        raise Http404
    return poll, page


def _question_for(request, question_id, organiser=False):
    question = Question.objects.filter(pk=question_id).first() if question_id < 2**63 else None
    if question is None:
        raise Http404
    page = Page.objects.get(pk=question.debate_id)
    if organiser and rules.can_organise(request.user, page):
        return question, page
    page = _readable(request, question.debate_id)
    if question.status not in questions.PUBLIC_STATUSES and question.author_id != getattr(request.user, "pk", None):
        raise Http404
    return question, page


def live_data(page, user):
    """The live section's data as plain JSON-ready dicts (the API, and the page's script through it)."""
    items = live.live_polls(page, user)
    listed = list(questions.public_questions(page)[:200])
    upvoted = questions.upvoted_by(user, listed)
    may_participate = rules.can_participate(user, page)
    is_open = questions.questions_open(page)
    user_id = getattr(user, "pk", None)
    return {
        "debate": rules.original(page).pk,
        "may_participate": may_participate,
        "may_ask": bool(may_participate and is_open),
        "questions_open": is_open,
        "polls": [
            {
                "id": item["poll"].pk,
                "question": item["poll"].question,
                "phase": item["poll"].phase,
                "mode": item["poll"].mode,
                "state": item["poll"].state,
                "participants": item["results"]["participants"],
                "results_visible": item["results"]["visible"],
                "results_withheld": item["results"]["withheld"],
                "choices": item["results"]["choices"],
                "has_voted": item["has_voted"],
                "compare_with": item["poll"].compare_with_id,
                "shift": (
                    {
                        "before_poll": item["poll"].compare_with_id,
                        "rows": [
                            {key: row[key] for key in ("label", "before", "after", "change")}
                            for row in item["shift"]["rows"]
                        ],
                    }
                    if item["shift"]
                    else None
                ),
            }
            for item in items
        ],
        "questions": [
            {
                "id": question.pk,
                "text": question.text,
                "author": str(questions.author_name(question.author)),
                "status": question.status,
                "upvotes_count": question.upvotes_count,
                "upvoted": question.pk in upvoted,
                "mine": user_id is not None and question.author_id == user_id,
                "created_at": question.created_at,
            }
            for question in listed
        ],
    }


def _require_account(request):
    if not request.user.is_authenticated:
        raise NotAuthenticated(_("Connectez-vous pour participer au débat."))


def _body(request, serializer_class, example):
    if not isinstance(request.data, dict):
        raise APIError("invalid", _("Envoyez un objet JSON %(example)s.") % {"example": example}, 400)
    body = serializer_class(data=request.data)
    if not body.is_valid():
        raise APIError("invalid", _("La requête est mal formée."), 400, errors=body.errors)
    return body.validated_data


def _refused(refusal):
    extra = {"errors": refusal.errors} if refusal.errors else {}
    response = error_response(refusal.code, refusal.message, refusal.status, **extra)
    retry_after = getattr(refusal, "retry_after", None)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


class _WriteView(PlatformAPIView):
    throttle_classes = [LiveWriteThrottle]


# -- views ---------------------------------------------------------------------------------------------------------


class LiveView(PlatformAPIView):
    throttle_classes = [LiveReadThrottle]

    @extend_schema(
        summary="A debate's live polls (with results when visible, and whether the caller voted) and questions",
        responses={200: LiveSerializer},
    )
    def get(self, request, page_id):
        page = _debate_for(request, page_id)
        response = Response(live_data(page, request.user))
        response["Cache-Control"] = "no-store"
        return response


class VoteView(_WriteView):
    @extend_schema(
        summary="Vote in an open live poll (once per account)",
        request=VoteRequestSerializer,
        responses={
            201: DoneSerializer,
            400: OpenApiResponse(ErrorSerializer, description="not one of the poll's choices"),
            403: OpenApiResponse(ErrorSerializer, description="address not verified, not registered (invitation)"),
            409: OpenApiResponse(ErrorSerializer, description="already voted, or the poll is not open"),
        },
    )
    def post(self, request, poll_id):
        poll, _page = _poll_for(request, poll_id)
        _require_account(request)
        data = _body(request, VoteRequestSerializer, '{"choice": 0}')
        try:
            live.vote(poll, request.user, data["choice"])
        except live.PollRefused as refusal:
            return _refused(refusal)
        return Response({"status": "voted", "message": _("Vous avez voté.")}, status=status.HTTP_201_CREATED)


class QuestionsView(_WriteView):
    @extend_schema(
        summary="Ask the debate a question",
        request=QuestionRequestSerializer,
        responses={
            201: QuestionSerializer,
            400: OpenApiResponse(ErrorSerializer, description="empty or too long"),
            403: OpenApiResponse(ErrorSerializer, description="not a participant, or questions closed"),
            429: OpenApiResponse(ErrorSerializer, description="posting limit reached: the message says until when"),
        },
    )
    def post(self, request, page_id):
        page = _debate_for(request, page_id)
        _require_account(request)
        data = _body(request, QuestionRequestSerializer, '{"text": "…"}')
        try:
            question = questions.ask(page, request.user, data["text"])
        except questions.QuestionRefused as refusal:
            return _refused(refusal)
        return Response(
            {
                "id": question.pk,
                "text": question.text,
                "author": str(questions.author_name(request.user)),
                "status": question.status,
                "upvotes_count": 0,
                "upvoted": False,
                "mine": True,
                "created_at": question.created_at,
            },
            status=status.HTTP_201_CREATED,
        )


class UpvoteView(_WriteView):
    @extend_schema(
        summary="Support a question (once per account; sending it again changes nothing)",
        request=None,
        responses={
            200: QuestionStateSerializer,
            403: OpenApiResponse(ErrorSerializer, description="own question, answered or hidden, not a participant"),
        },
    )
    def post(self, request, question_id):
        question, _page = _question_for(request, question_id)
        _require_account(request)
        try:
            questions.upvote(question, request.user)
        except questions.QuestionRefused as refusal:
            return _refused(refusal)
        question.refresh_from_db()
        return Response({"id": question.pk, "status": question.status, "upvotes_count": question.upvotes_count})


class WithdrawView(_WriteView):
    @extend_schema(
        summary="Withdraw one's own question (its text is erased)",
        request=None,
        responses={200: QuestionStateSerializer},
    )
    def post(self, request, question_id):
        question, _page = _question_for(request, question_id)
        _require_account(request)
        try:
            question = questions.withdraw(question.pk, request.user)
        except questions.QuestionRefused as refusal:
            return _refused(refusal)
        return Response({"id": question.pk, "status": question.status, "upvotes_count": question.upvotes_count})


class _PollActionView(_WriteView):
    action = None

    def post(self, request, poll_id):
        poll, _page = _poll_for(request, poll_id, organiser=True)
        _require_account(request)
        try:
            poll = (live.open_poll if self.action == "open" else live.close_poll)(poll.pk, request.user)
        except live.PollRefused as refusal:
            return _refused(refusal)
        return Response({"id": poll.pk, "state": poll.state})


class OpenPollView(_PollActionView):
    action = "open"

    @extend_schema(
        summary="Organisers: open a draft live poll",
        request=None,
        responses={
            200: PollStateSerializer,
            403: OpenApiResponse(ErrorSerializer, description="not an organiser of the debate"),
            409: OpenApiResponse(ErrorSerializer, description="already opened"),
        },
    )
    def post(self, request, poll_id):
        return super().post(request, poll_id)


class ClosePollView(_PollActionView):
    action = "close"

    @extend_schema(
        summary="Organisers: close an open live poll (a secret one is then counted by the workers)",
        request=None,
        responses={
            200: PollStateSerializer,
            403: OpenApiResponse(ErrorSerializer, description="not an organiser of the debate"),
            409: OpenApiResponse(ErrorSerializer, description="not open"),
        },
    )
    def post(self, request, poll_id):
        return super().post(request, poll_id)


class ModerationView(_WriteView):
    @extend_schema(
        summary="Organisers: mark a question answered, hide it (with a reason) or restore it",
        request=ModerationRequestSerializer,
        responses={
            200: QuestionStateSerializer,
            400: OpenApiResponse(ErrorSerializer, description="unknown action, reason missing or too long"),
            403: OpenApiResponse(ErrorSerializer, description="not an organiser of the debate"),
            409: OpenApiResponse(ErrorSerializer, description="the question is not in a state for this action"),
        },
    )
    def post(self, request, question_id):
        question, page = _question_for(request, question_id, organiser=True)
        _require_account(request)
        if not rules.can_organise(request.user, page):
            return error_response(
                "forbidden", _("Seuls les organisateurs du débat modèrent ses questions."), status.HTTP_403_FORBIDDEN
            )
        data = _body(request, ModerationRequestSerializer, '{"action": "answered"}')
        try:
            question = questions.moderate(question.pk, request.user, data["action"], data.get("reason", ""))
        except questions.QuestionRefused as refusal:
            return _refused(refusal)
        return Response({"id": question.pk, "status": question.status, "upvotes_count": question.upvotes_count})
