"""The consultations API (DRF): list, detail, ballots, results and their CSV export.

Built on the shared plumbing of `cms.api`: errors always have the shape {"code", "message"[, "reason"][, "errors"]}
(the message for the citizen, French by default, English with Accept-Language: en; the code for the program),
authentication, parsers and pagination come from settings.
"""

import re

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.models import Locale

from cms.api.errors import ErrorSerializer, error_response
from cms.api.views import PlatformAPIMixin, PlatformAPIView
from cms.models import Territory
from cms.queue import enqueue

from .analysis import render_findings, render_recommendations
from .models import ConsultationPage, Eligibility, Participation
from .results import can_see_results, get_results
from .serializers import (
    BallotRequestSerializer,
    BallotResponseSerializer,
    ConsultationDetailSerializer,
    ConsultationSerializer,
    EmailConfirmationRequestSerializer,
)
from .survey import InvalidAnswers
from .tasks import send_email_confirmation
from .throttling import EmailConfirmationThrottle, MailboxThrottle
from .views import results_csv
from .voting import VoteRefused, box_config, vote

INSEE_CODE = re.compile(r"[0-9A-Za-z]{2,9}")


def _localized(page):
    """The version of the consultation in the request's language, when it is translated and live."""
    language = translation.get_language() or "fr"
    if page.locale.language_code == language:
        return page
    translated = (
        ConsultationPage.objects.live()
        .public()
        .filter(translation_key=page.translation_key, locale__language_code=language)
        .first()
    )
    return translated or page


def get_consultation(consultation_id):
    """The live, public consultation whose ballot box has this id, in the request's language."""
    if not 0 < consultation_id < 2**31:
        raise Http404
    page = ConsultationPage.objects.live().public().filter(pk=consultation_id).first()
    if page is None or page.ballot_box.pk != page.pk:
        raise Http404
    return _localized(page)


class ConsultationListView(PlatformAPIMixin, generics.ListAPIView):
    serializer_class = ConsultationSerializer

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return [_localized(consultation) for consultation in page] if page is not None else None

    @extend_schema(
        summary="Consultations",
        parameters=[
            OpenApiParameter(
                "status", str, enum=["open", "closed", "upcoming"], description="open, closed or upcoming"
            ),
            OpenApiParameter(
                "territory",
                str,
                description=_(
                    "Code INSEE d'un territoire : les consultations de ce territoire "
                    "et des territoires qui le contiennent."
                ),
            ),
        ],
    )
    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except ValidationError as error:
            return error_response(
                "invalid",
                _("Les filtres de la requête sont incorrects."),
                status.HTTP_400_BAD_REQUEST,
                errors=error.detail,
            )

    def get_queryset(self):
        queryset = ConsultationPage.objects.live().public().listed()
        queryset = queryset.select_related("territory", "locale").order_by("-opens_at")
        default_locale = Locale.get_default()
        queryset = queryset.filter(locale=default_locale)
        status_filter = self.request.query_params.get("status")
        if status_filter:
            if status_filter not in ("open", "closed", "upcoming"):
                raise ValidationError({"status": [_("Valeurs possibles : open, closed, upcoming.")]})
            queryset = queryset.with_status(status_filter)
        code = self.request.query_params.get("territory")
        if code and not INSEE_CODE.fullmatch(code):
            raise ValidationError({"territory": [_("Un code INSEE est fait de 2 à 9 chiffres ou lettres.")]})
        if code:
            related = Territory.objects.filter(code=code).containing_ids()
            if not related:
                raise ValidationError(
                    {"territory": [_("Aucun territoire n'a le code INSEE « %(code)s ».") % {"code": code}]}
                )
            queryset = queryset.concerning(Territory.objects.filter(pk__in=related))
        return queryset


class ConsultationDetailView(PlatformAPIView):
    @extend_schema(summary="Consultation, with its questions", responses=ConsultationDetailSerializer)
    def get(self, request, consultation_id):
        page = get_consultation(consultation_id)
        return Response(ConsultationDetailSerializer(page, context={"request": request}).data)


class BallotView(PlatformAPIView):
    @extend_schema(
        summary="Vote",
        request=BallotRequestSerializer,
        responses={
            201: BallotResponseSerializer,
            400: OpenApiResponse(ErrorSerializer, description="invalid answers, per question"),
            403: OpenApiResponse(ErrorSerializer, description="not open yet, closed, or not eligible (reason)"),
            409: OpenApiResponse(ErrorSerializer, description="already voted"),
        },
    )
    def post(self, request, consultation_id):
        # No page lookup here: what a vote needs of the consultation is kept per published revision (voting.py).
        if box_config(consultation_id) is None:
            raise Http404
        data = self.validated_body(BallotRequestSerializer)
        try:
            vote(
                consultation_id,
                data["answers"],
                user=request.user,
                channel=Participation.Channel.API,
                invitation_code=data.get("invitation_code"),
                email_token=data.get("email_token"),
                public_only=True,
            )
        except VoteRefused as refusal:
            if refusal.status == status.HTTP_404_NOT_FOUND:
                raise Http404 from None
            return error_response(refusal.code, refusal.message, refusal.status, reason=refusal.reason)
        except InvalidAnswers as invalid:
            return error_response(
                "invalid_answers",
                _("Votre vote n'est pas enregistré : corrigez les réponses signalées."),
                status.HTTP_400_BAD_REQUEST,
                errors=invalid.errors,
            )
        return Response(
            {"status": "recorded", "message": _("Merci, votre vote est enregistré.")}, status=status.HTTP_201_CREATED
        )


class ResultsView(PlatformAPIView):
    @extend_schema(
        summary="Results and their analysis",
        responses={
            200: OpenApiTypes.OBJECT,
            403: OpenApiResponse(ErrorSerializer, description="results published at closing only"),
            503: OpenApiResponse(ErrorSerializer, description="closed, and being counted: retry in a few seconds"),
        },
    )
    def get(self, request, consultation_id):
        page = get_consultation(consultation_id)
        if not can_see_results(request, page):
            return error_response(
                "results_hidden",
                _("Les résultats seront publiés à la clôture de la consultation."),
                status.HTTP_403_FORBIDDEN,
            )
        results, analysis, snapshot = get_results(page)
        is_editor = request.user.is_authenticated and page.permissions_for_user(request.user).can_edit()
        if results is None:
            return error_response(
                "counting",
                _("Le dépouillement est en cours : les résultats seront disponibles dans quelques instants."),
                status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response(
            {
                **results,
                "final": snapshot is not None,
                "frozen_at": snapshot.created_at if snapshot else None,
                "analysis": analysis,
                "findings": render_findings(analysis, results),
                # Advice on presenting the results is for the consultation's editors, not for the public.
                "recommendations": render_recommendations(analysis, results) if is_editor else [],
            }
        )


class ResultsCSVView(PlatformAPIView):
    @extend_schema(summary="Results as CSV (open data)", responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request, consultation_id):
        page = get_consultation(consultation_id)
        return results_csv(request._request, page)


class EmailConfirmationView(PlatformAPIView):
    throttle_classes = [EmailConfirmationThrottle]

    @extend_schema(
        summary="Receive a link (and a token) confirming an email address, to vote without an account",
        request=EmailConfirmationRequestSerializer,
        responses={202: BallotResponseSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
    )
    def post(self, request, consultation_id):
        page = get_consultation(consultation_id)
        if page.eligibility != Eligibility.EMAIL:
            return error_response(
                "email_not_accepted",
                _("Cette consultation n'accepte pas le vote par adresse e-mail confirmée."),
                status.HTTP_400_BAD_REQUEST,
            )
        body = EmailConfirmationRequestSerializer(data=request.data)
        if not body.is_valid():
            return error_response(
                "invalid", _("Saisissez une adresse e-mail valide."), status.HTTP_400_BAD_REQUEST, errors=body.errors
            )
        if not MailboxThrottle(body.validated_data["email"]).allow_request(request, self):
            return error_response(
                "throttled",
                _("Trop de demandes de confirmation pour cette adresse : réessayez dans une heure."),
                status.HTTP_429_TOO_MANY_REQUESTS,
            )
        # With the task queue down, the email is sent from here rather than lost or waited for.
        enqueue(
            send_email_confirmation,
            page.pk,
            body.validated_data["email"],
            translation.get_language(),
            if_unavailable="run",
        )
        return Response(
            {"status": "sent", "message": _("Un lien de confirmation a été envoyé à cette adresse.")},
            status=status.HTTP_202_ACCEPTED,
        )


__all__ = [
    "BallotView",
    "ConsultationDetailView",
    "ConsultationListView",
    "EmailConfirmationView",
    "ResultsCSVView",
    "ResultsView",
]
