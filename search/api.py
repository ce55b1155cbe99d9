"""The search API, under /api/search/: the search (`GET /api/search/`) and the titles' autocomplete
(`GET /api/search/autocomplete/`). Anonymous, throttled per client (`search.limits`), in the platform's error shape
(`cms.api`): a wrong parameter is a 400 with its message (the same French messages as the search page), a search
the index could not answer a 503 `search_unavailable`."""

import datetime
import unicodedata

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from django.utils import timezone
from django.utils.translation import gettext as _

from cms.api.errors import APIError, ErrorSerializer
from cms.api.views import PlatformAPIView

from . import facets as search_facets
from . import highlight, service
from . import query as search_query
from .backends.base import SORTS, SearchUnavailable
from .forms import API_MAX_LIMIT, MAX_RESULTS, MAX_YEAR, MIN_YEAR, PAGE_SIZE, SearchAPIForm
from .kinds import kind_label
from .limits import AutocompleteThrottle, SearchThrottle
from .serializers import SearchResultsSerializer, SuggestionsSerializer

SUGGEST_MIN_LENGTH = 2
SUGGEST_MAX_LENGTH = 100
SUGGEST_MAX = 10
SUGGEST_DEFAULT = 8


def unavailable():
    return APIError(
        "search_unavailable",
        _(
            "La recherche n'a pas pu aboutir : le service est momentanément indisponible ou très sollicité. "
            "Réessayez dans quelques instants."
        ),
        status.HTTP_503_SERVICE_UNAVAILABLE,
    )


def _language(request):
    return (getattr(request, "LANGUAGE_CODE", "") or "fr").split("-")[0]


def _day(value):
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value if isinstance(value, datetime.date) else None


UNAVAILABLE_RESPONSE = OpenApiResponse(
    ErrorSerializer, description="The search could not answer in time, or its index is down (`search_unavailable`)."
)
THROTTLED_RESPONSE = OpenApiResponse(ErrorSerializer, description="Too many searches from this client: wait a minute.")


class SearchView(PlatformAPIView):
    permission_classes = [AllowAny]
    throttle_classes = [SearchThrottle]

    @extend_schema(
        summary="Search the site and the cahier de doléances",
        description=(
            "Pages in the language of the answer (`?lang=` or Accept-Language) and citizens' published contributions "
            "(free-text answers, comments), matched in French (accents and case folded, plurals and endings "
            "stemmed), ranked by relevance or date, with highlighted excerpts and facets (counts by type, territory, "
            'theme, year). Syntax: « "a phrase" », `-word` to exclude, `OR` between words, `word*` for a prefix; '
            "anything else is ignored. Anonymous requests are allowed, throttled per client. "
            f"At most the first {MAX_RESULTS} results can be paged through (`offset + limit`)."
        ),
        parameters=[
            OpenApiParameter("q", str, description="What to search: at most 500 characters. Empty: no result."),
            OpenApiParameter(
                "type",
                str,
                many=True,
                explode=True,
                description="Only these types of content (repeat, or separate by commas): the facet `kind`'s values.",
            ),
            OpenApiParameter("territory", str, description="Only this territory: an INSEE code (44109, 2A004, 44…)."),
            OpenApiParameter(
                "theme", str, description="Only this theme of public action (the facet `theme`'s values)."
            ),
            OpenApiParameter("year", int, description=f"Only this year ({MIN_YEAR} to {MAX_YEAR})."),
            OpenApiParameter(
                "sort", str, enum=list(SORTS), description="`relevance` (the default) or `date`, newest first."
            ),
            OpenApiParameter(
                "limit", int, description=f"Results per answer: 1 to {API_MAX_LIMIT} ({PAGE_SIZE} by default)."
            ),
            OpenApiParameter("offset", int, description="Results to skip (0 by default)."),
        ],
        responses={
            200: SearchResultsSerializer,
            400: OpenApiResponse(
                ErrorSerializer, description="A wrong parameter: `errors` names it, with its message."
            ),
            429: THROTTLED_RESPONSE,
            503: UNAVAILABLE_RESPONSE,
        },
    )
    def get(self, request):
        form = SearchAPIForm(request.query_params)
        if not form.is_valid():
            errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
            raise APIError("invalid", _("La recherche est incorrecte."), status.HTTP_400_BAD_REQUEST, errors=errors)
        data = form.cleaned_data
        empty = {
            "count": 0,
            "count_is_lower_bound": False,
            "results": [],
            "facets": {name: [] for name in search_facets.FACET_ORDER},
        }
        if not data["q"]:
            return Response(SearchResultsSerializer(empty).data)
        query = form.search_query(_language(request), offset=data["offset"], limit=data["limit"])
        try:
            results = service.search(query)
        except SearchUnavailable:
            raise unavailable() from None
        facets = search_facets.labelled(results.facets)
        body = {
            "count": results.total,
            "count_is_lower_bound": results.total_is_lower_bound,
            "results": [
                {
                    "kind": hit.kind,
                    "kind_label": kind_label(hit.kind),
                    "title": hit.title,
                    "title_highlighted": str(highlight.to_html(hit.title_marked or hit.title)),
                    "url": request.build_absolute_uri(hit.url),
                    "excerpt": highlight.to_text(hit.excerpt),
                    "excerpt_highlighted": str(highlight.to_html(hit.excerpt)),
                    "date": _day(hit.date),
                    "territory": hit.territory_name or "",
                    "theme": hit.theme or "",
                    "context_title": hit.context_title or "",
                }
                for hit in results.hits
            ],
            "facets": {
                name: [{"value": each.value, "label": each.label, "count": each.count} for each in values]
                for name, values in facets.items()
            },
        }
        return Response(SearchResultsSerializer(body).data)


class AutocompleteView(PlatformAPIView):
    permission_classes = [AllowAny]
    throttle_classes = [AutocompleteThrottle]

    @extend_schema(
        summary="Suggest titles for what is being typed (autocomplete)",
        description=(
            "Titles of pages (in the language of the answer) and of consultations whose words start with what was "
            "typed, accents and case folded. Anonymous requests are allowed, throttled per client. Open a result's "
            "`url`, or search its title with GET /api/search/."
        ),
        parameters=[
            OpenApiParameter(
                "q",
                str,
                required=True,
                description=f"The start of a title's word: {SUGGEST_MIN_LENGTH} to {SUGGEST_MAX_LENGTH} characters.",
            ),
            OpenApiParameter("limit", int, description=f"1 to {SUGGEST_MAX} ({SUGGEST_DEFAULT} by default)."),
        ],
        responses={
            200: SuggestionsSerializer,
            400: OpenApiResponse(ErrorSerializer, description="`q` missing, too short or too long; a bad `limit`."),
            429: OpenApiResponse(
                ErrorSerializer, description="Too many suggestions asked by this client: wait a minute."
            ),
            503: UNAVAILABLE_RESPONSE,
        },
    )
    def get(self, request):
        errors = {}
        raw_limit = request.query_params.get("limit", str(SUGGEST_DEFAULT))
        if not (raw_limit.isascii() and raw_limit.isdigit() and 1 <= int(raw_limit) <= SUGGEST_MAX):
            errors["limit"] = [_("Indiquez un nombre de suggestions entre 1 et %(max)d.") % {"max": SUGGEST_MAX}]
        text = search_query.CONTROL_RE.sub(" ", request.query_params.get("q", ""))
        text = " ".join(unicodedata.normalize("NFC", text).split())
        if not SUGGEST_MIN_LENGTH <= len(text) <= SUGGEST_MAX_LENGTH:
            errors["q"] = [
                _("Tapez entre %(min)d et %(max)d caractères.") % {"min": SUGGEST_MIN_LENGTH, "max": SUGGEST_MAX_LENGTH}
            ]
        if errors:
            raise APIError(
                "invalid", _("La demande de suggestions est incorrecte."), status.HTTP_400_BAD_REQUEST, errors=errors
            )
        try:
            found = service.autocomplete(text, _language(request), limit=int(raw_limit))
        except SearchUnavailable:
            raise unavailable() from None
        results = [
            {
                "title": each.title,
                "url": request.build_absolute_uri(each.url),
                "kind": each.kind,
                "kind_label": kind_label(each.kind),
            }
            for each in found
        ]
        return Response(SuggestionsSerializer({"results": results}).data)
