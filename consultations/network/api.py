"""The network API (on `cms.api`): the wall, the citizen's proposals (made, read, changed and resubmitted with the
same checks and messages as the web form), and the opening emails' preference."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from django.core.paginator import EmptyPage, Paginator
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.models import Locale

from cms.api.errors import ErrorSerializer, error_response
from cms.api.views import PlatformAPIView
from cms.choices import PublicPolicyTheme
from consultations.models import Status
from consultations.voting import email_verified

from .forms import ProposalForm, QuestionFormSet, WallFilterForm, check_proposal
from .models import OpeningEmailPreference, Proposal
from .serializers import (
    NetworkWallSerializer,
    OpeningEmailsPreferenceSerializer,
    ProposalSerializer,
    ProposalWriteSerializer,
)
from .services import PROPOSALS, ProposalRefused, create_proposal, own_proposal, resubmit
from .wall import PER_PAGE, filter_wall, sort_wall, wall_queryset

MAX_PAGE = 10_000


def _form_errors(form):
    return {field: [str(message) for message in messages] for field, messages in form.errors.items()}


class WallView(PlatformAPIView):
    @extend_schema(
        summary="The wall: live public consultations of the network",
        parameters=[
            OpenApiParameter("territory", str, description="A région, département or commune: name or INSEE code"),
            OpenApiParameter("theme", str, enum=PublicPolicyTheme.values),
            OpenApiParameter("status", str, enum=Status.values),
            OpenApiParameter("sort", str, enum=["newest", "closing"]),
            OpenApiParameter("page", int, description=f"1 to {MAX_PAGE}"),
        ],
        responses={200: NetworkWallSerializer, 400: OpenApiResponse(ErrorSerializer, description="a bad filter value")},
    )
    def get(self, request):
        params = {name: request.query_params.get(name, "") for name in ("territory", "theme", "status", "sort")}
        form = WallFilterForm(params)
        errors = {} if form.is_valid() else _form_errors(form)
        raw_page = request.query_params.get("page", "1")
        if not (raw_page.isascii() and raw_page.isdigit() and 1 <= int(raw_page) <= MAX_PAGE):
            errors["page"] = [_("Indiquez un numéro de page entre 1 et %(max)d.") % {"max": MAX_PAGE}]
        if errors:
            return error_response(
                "invalid", _("Les filtres de la requête sont incorrects."), status.HTTP_400_BAD_REQUEST, errors=errors
            )
        data = form.cleaned_data
        locale = Locale.objects.filter(language_code=translation.get_language()).first()
        queryset = wall_queryset(locale.pk if locale else None)
        queryset = filter_wall(queryset, data.get("territory"), data.get("theme"), data.get("status"))
        queryset = sort_wall(queryset, data.get("sort"))
        paginator = Paginator(queryset, PER_PAGE)
        try:
            page = paginator.page(int(raw_page))
            items = list(page.object_list)
        except EmptyPage:
            items = []
        return Response(
            NetworkWallSerializer(
                {"count": paginator.count, "page": int(raw_page), "pages": paginator.num_pages, "results": items}
            ).data
        )


def _validated_proposal(request, exclude_page_id=None):
    """(values, None) for a valid proposal body, or (None, error response) with the web form's messages."""
    if not isinstance(request.data, dict):
        return None, error_response("invalid", _("Envoyez un objet JSON."), status.HTTP_400_BAD_REQUEST)
    body = ProposalWriteSerializer(data=request.data)
    if not body.is_valid():
        return None, error_response(
            "invalid", _("La requête est mal formée."), status.HTTP_400_BAD_REQUEST, errors=body.errors
        )
    data = body.validated_data
    form_data = {name: data[name] for name in ("title", "summary", "description", "theme", "scope", "territory")}
    form_data["start_date"] = data["start_date"].isoformat()
    form_data["duration_days"] = str(data["duration_days"])
    questions = data["questions"]
    form_data.update({"questions-TOTAL_FORMS": str(len(questions)), "questions-INITIAL_FORMS": "0"})
    for number, item in enumerate(questions):
        form_data[f"questions-{number}-type"] = item["type"]
        form_data[f"questions-{number}-label"] = item["label"]
        form_data[f"questions-{number}-choices"] = "\n".join(item.get("choices") or [])
    form = ProposalForm(form_data, exclude_page_id=exclude_page_id)
    formset = QuestionFormSet(form_data, prefix="questions")
    values = None
    if form.is_valid() & formset.is_valid():
        values = check_proposal(form, formset)
    if values is not None:
        return values, None
    errors = _form_errors(form)
    question_errors = [str(message) for message in formset.non_form_errors()]
    for number, question_form in enumerate(formset.forms, start=1):
        for field, messages in question_form.errors.items():
            question_errors += [f"{number}. {field}: {message}" for message in messages]
    if question_errors:
        errors["questions"] = question_errors
    response = error_response(
        "checks_failed",
        _("La proposition n'est pas envoyée : corrigez ce qui est signalé."),
        status.HTTP_400_BAD_REQUEST,
        errors=errors,
    )
    if form.duplicate:
        response.data["duplicate"] = form.duplicate
    return None, response


def _verified_or_error(request):
    if not email_verified(request.user):
        return error_response(
            "email_unverified",
            _(
                "Confirmez d'abord votre adresse e-mail : seules les personnes à l'adresse vérifiée proposent des "
                "consultations."
            ),
            status.HTTP_403_FORBIDDEN,
        )
    return None


def _proposals(user):
    return Proposal.objects.filter(author=user).select_related("page").prefetch_related("decisions")


class ProposalListView(PlatformAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="My proposals", responses={200: ProposalSerializer(many=True)})
    def get(self, request):
        return Response(ProposalSerializer(_proposals(request.user), many=True).data)

    @extend_schema(
        summary="Propose a consultation (the automatic checks run, then it goes to moderation)",
        request=ProposalWriteSerializer,
        responses={
            201: ProposalSerializer,
            400: OpenApiResponse(ErrorSerializer, description="a check failed: messages per field"),
            403: OpenApiResponse(ErrorSerializer, description="email address not verified"),
            409: OpenApiResponse(ErrorSerializer, description="the same proposal is already awaiting moderation"),
            429: OpenApiResponse(ErrorSerializer, description="too many proposals today"),
            503: OpenApiResponse(ErrorSerializer, description="proposals are not open on the network"),
        },
    )
    def post(self, request):
        refusal = _verified_or_error(request)
        if refusal:
            return refusal
        values, error = _validated_proposal(request)
        if error:
            return error
        if PROPOSALS.blocked(request) or not PROPOSALS.attempt(request):
            return error_response("throttled", str(PROPOSALS.message), status.HTTP_429_TOO_MANY_REQUESTS)
        try:
            proposal = create_proposal(request.user, values, language=translation.get_language())
        except ProposalRefused as refused:
            PROPOSALS.succeeded(request)
            return error_response(refused.code, str(refused.message), refused.status)
        proposal = _proposals(request.user).get(pk=proposal.pk)
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


class ProposalDetailView(PlatformAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="One of my proposals", responses={200: ProposalSerializer, 404: ErrorSerializer})
    def get(self, request, proposal_id):
        try:
            own_proposal(request.user, proposal_id)
        except ProposalRefused as refused:
            return error_response(refused.code, str(refused.message), refused.status)
        return Response(ProposalSerializer(_proposals(request.user).get(pk=proposal_id)).data)

    @extend_schema(
        summary="Change and resubmit a proposal the moderators asked to change",
        request=ProposalWriteSerializer,
        responses={
            200: ProposalSerializer,
            400: OpenApiResponse(ErrorSerializer, description="a check failed: messages per field"),
            404: ErrorSerializer,
            409: OpenApiResponse(ErrorSerializer, description="the proposal does not wait for changes"),
        },
    )
    def put(self, request, proposal_id):
        try:
            proposal = own_proposal(request.user, proposal_id)
        except ProposalRefused as refused:
            return error_response(refused.code, str(refused.message), refused.status)
        if not proposal.editable:
            return error_response(
                "not_editable",
                _("Cette proposition n'attend pas de modification : elle ne peut pas être changée."),
                status.HTTP_409_CONFLICT,
            )
        values, error = _validated_proposal(request, exclude_page_id=proposal.page_id)
        if error:
            return error
        try:
            resubmit(request.user, proposal_id, values)
        except ProposalRefused as refused:
            return error_response(refused.code, str(refused.message), refused.status)
        return Response(ProposalSerializer(_proposals(request.user).get(pk=proposal_id)).data)


class PreferenceView(PlatformAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Whether I get an email when a consultation of my territory opens",
        responses=OpeningEmailsPreferenceSerializer,
    )
    def get(self, request):
        preference = OpeningEmailPreference.objects.filter(user=request.user).first()
        return Response({"opening_emails": bool(preference and preference.opening_emails)})

    @extend_schema(
        summary="Opt in or out of the opening emails",
        request=OpeningEmailsPreferenceSerializer,
        responses={200: OpeningEmailsPreferenceSerializer, 400: ErrorSerializer},
    )
    def put(self, request):
        if not isinstance(request.data, dict):
            return error_response("invalid", _("Envoyez un objet JSON."), status.HTTP_400_BAD_REQUEST)
        body = OpeningEmailsPreferenceSerializer(data=request.data)
        if not body.is_valid():
            return error_response(
                "invalid", _("La requête est mal formée."), status.HTTP_400_BAD_REQUEST, errors=body.errors
            )
        wanted = body.validated_data["opening_emails"]
        OpeningEmailPreference.objects.update_or_create(
            user=request.user, defaults={"opening_emails": wanted, "language": translation.get_language() or "fr"}
        )
        return Response({"opening_emails": wanted})
