"""The API speaks the language asked for (`?lang=en` or Accept-Language), French by default.

Unprefixed URLs are French for pages (i18n_patterns without a default prefix); the API is not under those patterns,
so it reads the client's preference itself, and says which language it answered in (Content-Language).
"""

from django.conf import settings
from django.utils import translation


def requested_language(request):
    """`?lang=`, else Accept-Language, when it is one of the site's languages; else the default one."""
    language = request.query_params.get("lang") or translation.get_language_from_request(request, check_path=False)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class LanguageMixin:
    """For an API view: activates the requested language before the view runs, and answers with Content-Language."""

    def initial(self, request, *args, **kwargs):
        language = requested_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response
