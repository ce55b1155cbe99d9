"""The GDPR rights in the API (the mobile app): GET /api/auth/me/export/ (my data, as the site's download) and
DELETE /api/auth/me/ with {"password": ...} (delete my account, as the site's form). Authenticated by
`Authorization: Token <key>` (or the session, with its CSRF token). The work is `cms.accounts.personal_data`'s.
"""

from allauth.account.adapter import get_adapter
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.api.errors import APIError, ErrorSerializer
from cms.api.parsers import SafeJSONParser
from cms.api.views import PlatformAPIView

from . import personal_data


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
