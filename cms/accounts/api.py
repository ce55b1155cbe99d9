"""The GDPR rights in the API (the mobile app): GET /api/auth/me/export/ (my data, as the site's download) and
DELETE /api/auth/me/ with {"password": ...} (delete my account, as the site's form). Authenticated by
`Authorization: Token <key>` (or the session, with its CSRF token). The work is `cms.accounts.personal_data`'s.

And the commune suggestions of the sign-up and profile forms: GET /api/territories/communes/?q=… (anonymous allowed,
throttled; `cms.accounts.communes.suggest_communes`).
"""

from allauth.account.adapter import get_adapter
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.api.errors import APIError, ErrorSerializer
from cms.api.parsers import SafeJSONParser
from cms.api.views import PlatformAPIView

from . import personal_data
from .communes import MAX_QUERY_LENGTH, MAX_SUGGESTIONS, InvalidQuery, commune_label, suggest_communes
from .throttling import CommuneSuggestionThrottle


class DeleteAccountSerializer(serializers.Serializer):
    password = serializers.CharField(help_text="The account's password, asked again.", style={"input_type": "password"})


class ExportMyDataView(PlatformAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Download my personal data (GDPR access and portability)",
        description=(
            "The same JSON file as the profile page's « Télécharger mes données », as an attachment: the account, its "
            "email addresses and whether they are verified, the profile, consents with their dates, API tokens' "
            "creation dates, then one object per feature (`consultations`: participations, never the content of a "
            "secret ballot; `academie`: lessons done and quiz attempts)."
        ),
        responses={200: OpenApiTypes.OBJECT, 401: ErrorSerializer},
    )
    def get(self, request):
        now = timezone.now()
        response = HttpResponse(personal_data.export_json(request.user, now=now), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{personal_data.export_filename(request.user, now)}"'
        response["Cache-Control"] = "no-store"
        return response


class MyAccountView(PlatformAPIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [SafeJSONParser]

    @extend_schema(
        summary="Delete my account (GDPR erasure)",
        description=(
            "Asks for the password again. In one transaction: personal data erased, participations kept without the "
            "account (a keyed hash of the address keeps « one ballot per person »), ballots untouched, then the "
            "account, its addresses and its API tokens deleted. Administration accounts are refused (403)."
        ),
        request=DeleteAccountSerializer,
        responses={
            204: OpenApiResponse(description="The account is deleted."),
            400: OpenApiResponse(ErrorSerializer, description="Password missing or wrong."),
            401: ErrorSerializer,
            403: OpenApiResponse(ErrorSerializer, description="An administration account."),
            429: OpenApiResponse(ErrorSerializer, description="Too many wrong passwords."),
        },
    )
    def delete(self, request):
        user = request.user
        data = request.data if isinstance(request.data, dict) else {}
        password = data.get("password")
        if not isinstance(password, str) or not password:
            raise APIError(
                "password_required",
                _("Indiquez votre mot de passe pour supprimer votre compte."),
                status.HTTP_400_BAD_REQUEST,
            )
        if not personal_data.can_delete(user):
            raise APIError(
                "administration_account",
                _(
                    "Un compte d'administration ne se supprime pas ici : demandez à un administrateur de la "
                    "plateforme de le supprimer depuis l'administration."
                ),
                status.HTTP_403_FORBIDDEN,
            )
        try:
            confirmed = get_adapter(request._request).reauthenticate(user, password)
        except ValidationError:
            raise APIError(
                "too_many_attempts",
                _("Trop de tentatives. Réessayez dans quelques minutes."),
                status.HTTP_429_TOO_MANY_REQUESTS,
            ) from None
        if not confirmed:
            raise APIError("wrong_password", _("Ce mot de passe n'est pas le bon."), status.HTTP_400_BAD_REQUEST)
        personal_data.delete_account(user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CommuneSuggestionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The INSEE code (not the postal code): 44109, 2A004.")
    name = serializers.CharField()
    departement = serializers.CharField(allow_null=True, help_text="The name of the commune's département.")
    departement_code = serializers.CharField(allow_null=True)
    label = serializers.CharField(
        help_text="What to put in a form's commune field: « Nantes (44109) » designates this commune alone."
    )


class CommuneSuggestionsSerializer(serializers.Serializer):
    results = CommuneSuggestionSerializer(many=True)


def commune_suggestion(commune):
    parent = commune.parent
    return {
        "code": commune.code,
        "name": commune.name,
        "departement": parent.name if parent else None,
        "departement_code": parent.code if parent else None,
        "label": commune_label(commune),
    }


class CommuneSuggestionsView(PlatformAPIView):
    permission_classes = [AllowAny]
    throttle_classes = [CommuneSuggestionThrottle]

    @extend_schema(
        summary="Suggest communes for what a citizen types (autocomplete)",
        description=(
            "The communes a name, part of a name or the beginning of an INSEE code may designate, the likeliest "
            "first: the exact name (without case, accents, hyphens or leading article, « St » read « Saint »), then "
            "names starting so, then close names (typos), each by population. Anonymous requests are allowed "
            "(sign-up) and throttled per client. Put a result's `label` in the sign-up or profile form's commune "
            "field."
        ),
        parameters=[
            OpenApiParameter(
                "q",
                str,
                required=True,
                description=f"A commune's name or the beginning of its INSEE code: 2 to {MAX_QUERY_LENGTH} characters",
            ),
            OpenApiParameter("limit", int, description=f"1 to {MAX_SUGGESTIONS} (10 by default)"),
        ],
        responses={
            200: CommuneSuggestionsSerializer,
            400: OpenApiResponse(ErrorSerializer, description="`q` missing, too short or too long; a bad `limit`."),
            429: OpenApiResponse(ErrorSerializer, description="Too many lookups from this client: wait a minute."),
        },
    )
    def get(self, request):
        errors = {}
        raw_limit = request.query_params.get("limit", "10")
        if not (raw_limit.isascii() and raw_limit.isdigit() and 1 <= int(raw_limit) <= MAX_SUGGESTIONS):
            errors["limit"] = [_("Indiquez un nombre de suggestions entre 1 et %(max)d.") % {"max": MAX_SUGGESTIONS}]
        query = request.query_params.get("q", "")
        found = []
        try:
            found = suggest_communes(query, limit=int(raw_limit) if not errors else 10)
        except InvalidQuery as invalid:
            errors["q"] = [invalid.message]
        if errors:
            raise APIError(
                "invalid", _("La recherche de commune est incorrecte."), status.HTTP_400_BAD_REQUEST, errors=errors
            )
        return Response(CommuneSuggestionsSerializer({"results": [commune_suggestion(c) for c in found]}).data)
