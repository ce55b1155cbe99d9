"""The debates API (on `cms.api`): the debates with their registration state, and registering or cancelling.

The same rules and messages as the web forms (`services`): a debate the client may not read is a 404, registering
needs an account (401) with a verified address (403), an invitation for a private debate (403), open registrations
(403); already registered is a 409.
"""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.api.errors import APIError, ErrorSerializer, error_response
from cms.api.pagination import Pagination
from cms.api.views import PlatformAPIView

from . import services
from .models import DebatePage, Registration
from .serializers import (
    DebateDetailSerializer,
    DebateListSerializer,
    DebateSerializer,
    RegistrationRequestSerializer,
    RegistrationResponseSerializer,
)

MAX_PAGE_ID = 2**31


def _debate_data(debate, request):
    space = debate.collectivite_space
    return {
        "id": debate.pk,
        "title": debate.title,
        "summary": debate.summary,
        "url": debate.get_url(request) or "",
        "language": debate.locale.language_code,
        "theme": debate.theme,
        "format": debate.format,
        "place": debate.place,
        "stream_url": debate.stream_url,
        "starts_at": debate.starts_at,
        "ends_at": debate.ends_at,
        "duration_minutes": debate.duration_minutes,
        "access": debate.access,
        "participants_may_speak": debate.participants_may_speak,
        "participants_may_write": debate.participants_may_write,
        "space": space.pk if space is not None else None,
    }


def _detail(debate, request):
    state = services.registration_state(debate, request.user)
    return {
        **_debate_data(debate, request),
        "speakers": [{"name": s.name, "role": s.role} for s in debate.speakers.all()],
        "recording_url": debate.recording_url if debate.has_ended() else "",
        "report": str(debate.report) if debate.has_ended() else "",
        "registration_state": state,
    }


def _readable(request, page_id):
    debate = DebatePage.objects.live().filter(pk=page_id).first() if 0 < page_id < MAX_PAGE_ID else None
    if debate is None or not all(r.accept_request(request) for r in debate.get_view_restrictions()):
        raise Http404
    return debate


class DebateListView(PlatformAPIView):
    @extend_schema(
        summary="Debates (live, public): upcoming soonest first, or past latest first",
        parameters=[
            OpenApiParameter("when", str, enum=["upcoming", "past"], description="upcoming (default) or past"),
            OpenApiParameter("space", int, description="A collectivité space's page id."),
            OpenApiParameter("limit", int, description="Debates per page (20 by default, 100 at most)."),
            OpenApiParameter("offset", int, description="Where the page starts."),
        ],
        responses={200: DebateListSerializer, 400: ErrorSerializer},
    )
    def get(self, request):
        when = request.query_params.get("when", "upcoming")
        if when not in ("upcoming", "past"):
            return error_response(
                "invalid", _("Valeurs possibles de when : upcoming, past."), 400, errors={"when": ["upcoming, past"]}
            )
        debates = DebatePage.objects.live().public().select_related("locale")
        space = request.query_params.get("space")
        if space is not None:
            if not space.isdigit() or not 0 < int(space) < MAX_PAGE_ID:
                return error_response(
                    "invalid", _("space : l'identifiant d'un espace."), 400, errors={"space": ["integer"]}
                )
            from cms.models import CollectiviteSpace

            space_page = CollectiviteSpace.objects.filter(pk=int(space)).first()
            debates = debates.none() if space_page is None else debates.descendant_of(space_page)
        now = timezone.now()
        if when == "upcoming":
            debates = debates.filter(starts_at__gt=now).order_by("starts_at", "pk")
        else:
            debates = debates.filter(starts_at__lte=now).order_by("-starts_at", "-pk")
        paginator = Pagination()
        items = paginator.paginate_queryset(debates, request, view=self)
        return Response(
            {
                "count": paginator.count,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "results": DebateSerializer([_debate_data(d, request) for d in items], many=True).data,
            }
        )


class DebateDetailView(PlatformAPIView):
    @extend_schema(
        summary="A debate, with its registration state and the caller's own registration",
        responses={200: DebateDetailSerializer, 404: ErrorSerializer},
    )
    def get(self, request, page_id):
        debate = _readable(request, page_id)
        return Response(DebateDetailSerializer(_detail(debate, request)).data)


def _refused(refusal):
    extra = {"errors": {refusal.field: [refusal.message]}} if refusal.field else {}
    return error_response(refusal.code, str(refusal.message), refusal.status, **extra)


class RegistrationView(PlatformAPIView):
    def _answer(self, debate, request, message, http_status):
        state = services.registration_state(debate, request.user)
        return Response(
            RegistrationResponseSerializer({"message": message, "registration_state": state}).data, status=http_status
        )

    @extend_schema(
        summary="Register for a debate (confirmed, or on the waiting list when it is full)",
        request=RegistrationRequestSerializer,
        responses={
            201: RegistrationResponseSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: OpenApiResponse(ErrorSerializer, description="address not verified, not invited, closed"),
            409: OpenApiResponse(ErrorSerializer, description="already registered or waiting"),
            429: OpenApiResponse(ErrorSerializer, description="too many registrations today for this account"),
        },
    )
    def post(self, request, page_id):
        debate = _readable(request, page_id)
        data = request.data if isinstance(request.data, dict) else None
        if data is None:
            raise APIError("invalid", _("Envoyez un objet JSON %(example)s.") % {"example": '{"attendance": "…"}'}, 400)
        body = RegistrationRequestSerializer(data=data)
        if not body.is_valid():
            raise APIError("invalid", _("La requête est mal formée."), 400, errors=body.errors)
        try:
            registration = services.register(debate, request.user, body.validated_data.get("attendance"))
        except services.RegistrationRefused as refusal:
            return _refused(refusal)
        message = (
            _("Votre inscription est confirmée.")
            if registration.status == Registration.Status.CONFIRMED
            else _("Le débat est complet : vous êtes sur la liste d'attente.")
        )
        return self._answer(debate, request, message, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Cancel one's registration (a seat freed goes to the first one waiting)",
        request=None,
        responses={
            200: RegistrationResponseSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def delete(self, request, page_id):
        debate = _readable(request, page_id)
        try:
            services.cancel(debate, request.user)
        except services.RegistrationRefused as refusal:
            return _refused(refusal)
        return self._answer(debate, request, _("Votre inscription est annulée."), status.HTTP_200_OK)


__all__ = ["DebateDetailView", "DebateListView", "RegistrationView"]
