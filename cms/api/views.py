"""What the platform's API views are built on: the error shape (`cms.api.errors`), the language
(`cms.api.language`) and the authentication order (a token first). Parsers and pagination come from settings
(`REST_FRAMEWORK`)."""

from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView

from django.utils.translation import gettext as _

from .authentication import VerifiedTokenAuthentication
from .errors import APIError, ErrorFormatMixin
from .language import LanguageMixin


class PlatformAPIMixin(ErrorFormatMixin, LanguageMixin):
    # For any DRF view of the platform's API (an APIView, a generic view). drf-spectacular publishes this docstring
    # as the description of every endpoint whose view and method have none: keep it for the client.
    """The API speaks the language asked for (`?lang=en` or Accept-Language), French by default.

    Unprefixed URLs are French for pages (i18n_patterns without a default prefix); the API is
    not under those patterns, so it reads the client's preference itself. DRF's own errors (an
    unknown token, a page not found, malformed JSON, throttling) get the same {"code", "message"}
    shape as the API's; a token is tried first, so that a wrong or revoked one is a 401.
    """

    # A token first, then the session: a wrong or revoked token is a 401 even next to a session. (Settings' default
    # list, the session first, stays that of the Wagtail page API and the schema.)
    authentication_classes = [VerifiedTokenAuthentication, SessionAuthentication]

    def validated_body(self, serializer_class):
        """The request's JSON object validated by `serializer_class` (its validated data), else a 400 "invalid",
        with the serializer's errors when the object is there but wrong. The message names the answers object: the
        body of the POSTs that use this (a ballot, a quiz)."""
        if not isinstance(self.request.data, dict):
            raise APIError("invalid", _('Envoyez un objet JSON {"answers": {...}}.'), status.HTTP_400_BAD_REQUEST)
        body = serializer_class(data=self.request.data)
        if not body.is_valid():
            raise APIError("invalid", _("La requête est mal formée."), status.HTTP_400_BAD_REQUEST, errors=body.errors)
        return body.validated_data


class PlatformAPIView(PlatformAPIMixin, APIView):
    # The platform's base view: the mixin on DRF's APIView, nothing more. No docstring on purpose: drf-spectacular
    # publishes the first docstring of a view's ancestry as every endpoint's description (the mixin's is kept).
    pass
