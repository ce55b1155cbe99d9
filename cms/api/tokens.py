"""API tokens for the mobile app.

POST /api/auth/token/ with {"login": <email or username>, "password": ...} (the keys "email" and "username" are
accepted too) answers {"token": ...}; send it as `Authorization: Token <token>`. DELETE /api/auth/token/ with that
header revokes it. Failed attempts count towards allauth's login rate limit, like the login form's; accounts whose
email address is not verified yet are refused. Errors have the API's shape (`cms.api.errors`): {"code", "message"},
the message in French, for the citizen.
"""

from allauth.account.adapter import get_adapter
from allauth.account.utils import has_verified_email
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cms.accounts.forms import MAX_LOGIN_LENGTH

from .authentication import VerifiedTokenAuthentication
from .errors import ErrorFormatMixin, error_response
from .parsers import SafeJSONParser
from .schema import PlatformAutoSchema


class TokenRequestSerializer(serializers.Serializer):
    login = serializers.CharField(help_text="Email address or username (keys `email` or `username` work too).")
    password = serializers.CharField(style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


# The API's error shape (`cms.api.errors.ErrorSerializer`) as these endpoints use it: never a reason or errors.
# (No docstring: drf-spectacular would publish it in the schema.)
class AuthErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


# DRF's own errors (a missing or unknown token) in the API's {"code", "message"} shape. Not `LanguageMixin`: these
# messages follow the site's language (French), as they always have, not the client's. (No docstring: drf-spectacular
# would publish it as the endpoints' description.)
class AuthTokenView(ErrorFormatMixin, APIView):
    # Differs from settings on purpose: only the token authenticates here; no session, hence no CSRF check and no
    # cookie-based login.
    authentication_classes = [VerifiedTokenAuthentication]
    permission_classes = [AllowAny]
    parser_classes = [SafeJSONParser]  # JSON only, like the rest of the platform's API (cms/api/views.py)
    schema = PlatformAutoSchema()

    @extend_schema(
        summary="Get an API token (mobile app)",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(AuthErrorSerializer, description="Missing or wrong credentials."),
            403: OpenApiResponse(AuthErrorSerializer, description="Email address not verified, or account disabled."),
            429: OpenApiResponse(AuthErrorSerializer, description="Too many failed attempts."),
        },
        auth=[],
    )
    def post(self, request):
        data = request.data if hasattr(request.data, "get") else {}
        login = str(data.get("login") or data.get("email") or data.get("username") or "").strip()
        password = str(data.get("password") or "")
        if not login or not password:
            return error_response(
                "missing_credentials",
                _("Indiquez votre adresse e-mail (ou votre nom d'utilisateur) et votre mot de passe."),
                status.HTTP_400_BAD_REQUEST,
            )
        if len(login) > MAX_LOGIN_LENGTH:
            # No account has such a login (an email address has at most 254 characters): answered as a wrong login,
            # without a database lookup (SQLite refuses a LIKE pattern of 100,000 characters with an error).
            return error_response(
                "invalid_credentials",
                _("Adresse e-mail, nom d'utilisateur ou mot de passe incorrect."),
                status.HTTP_400_BAD_REQUEST,
            )
        credentials = {"email" if "@" in login else "username": login, "password": password}
        django_request = request._request
        try:
            user = get_adapter(django_request).authenticate(django_request, **credentials)
        except ValidationError:
            return error_response(
                "too_many_attempts",
                _("Trop de tentatives de connexion. Réessayez dans quelques minutes."),
                status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None:
            return error_response(
                "invalid_credentials",
                _("Adresse e-mail, nom d'utilisateur ou mot de passe incorrect."),
                status.HTTP_400_BAD_REQUEST,
            )
        if not user.is_active:
            return error_response("inactive_account", _("Ce compte est désactivé."), status.HTTP_403_FORBIDDEN)
        if not has_verified_email(user):
            return error_response(
                "email_not_verified",
                _(
                    "Votre adresse e-mail n'est pas encore vérifiée. Ouvrez le lien que nous vous avons envoyé par "
                    "e-mail à l'inscription (ou connectez-vous sur le site pour en recevoir un nouveau), puis "
                    "réessayez."
                ),
                status.HTTP_403_FORBIDDEN,
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @extend_schema(
        summary="Revoke the API token used",
        request=None,
        responses={204: None, 401: AuthErrorSerializer},
    )
    def delete(self, request):
        if request.auth is None:
            raise NotAuthenticated()
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
