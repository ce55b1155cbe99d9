"""What the platform's API views are built on: the error shape (`cms.api.errors`), the language
(`cms.api.language`), the authentication order (a token first), JSON bodies only, and the schema's documented errors
(`cms.api.schema.PlatformAutoSchema`). Pagination comes from settings (`REST_FRAMEWORK`)."""

from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .authentication import VerifiedTokenAuthentication
from .errors import APIError, ErrorFormatMixin
from .language import LanguageMixin
from .parsers import SafeJSONParser
from .schema import PlatformAutoSchema


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
    # JSON only: no page of the site posts a form to the API, and a schema that also offered forms and multipart
    # (DRF's default) made generated clients send nested bodies (a ballot's answers) as multipart, which fails.
    parser_classes = [SafeJSONParser]
    schema = PlatformAutoSchema()

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


@csrf_exempt
def not_found(request, path=""):
    """Every /api/ address no API view answers, whatever the method: a 404 in the API's error shape (through the
    project's 404 handler, `cms.http.page_not_found`). Without it, Wagtail's catch-all page route took them, and
    refused a POST or DELETE with Django's HTML CSRF page (a 403) before any 404. An address of a view without its
    final slash is redirected to it, as APPEND_SLASH did (a GET only: a redirected POST loses its body)."""
    if not request.path_info.endswith("/") and request.method in ("GET", "HEAD"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    raise Http404
