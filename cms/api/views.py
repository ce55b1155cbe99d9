"""What the platform's API views are built on: the error shape (`cms.api.errors`) and the language
(`cms.api.language`). Authentication, parsers and pagination come from settings (`REST_FRAMEWORK`)."""

from rest_framework.views import APIView

from .errors import ErrorFormatMixin
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


class PlatformAPIView(PlatformAPIMixin, APIView):
    pass
