"""The API plumbing every app's API is built on (cms/api/): error shape, language, pagination, authentication."""

import pytest
from rest_framework import generics, serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.mixins import ListModelMixin
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.test import APIRequestFactory

from django.http import Http404
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from wagtail.api.v2.views import BaseAPIViewSet

from cms.api.authentication import VerifiedTokenAuthentication
from cms.api.errors import APIError, ErrorSerializer, error_response
from cms.api.pagination import Pagination
from cms.api.tokens import AuthTokenView
from cms.api.views import PlatformAPIMixin, PlatformAPIView
from tests.factories import CitizenFactory

factory = APIRequestFactory()


class Raises(PlatformAPIView):
    exception = None  # made when the view runs, in the request's language

    def get(self, request):
        raise self.exception()


def raising(exception):
    return type("View", (Raises,), {"exception": staticmethod(exception)})


class Speaks(PlatformAPIView):
    def get(self, request):
        return Response({"language": translation.get_language(), "request": request.LANGUAGE_CODE})


class NumberSerializer(serializers.Serializer):
    n = serializers.IntegerField()


class Numbers(PlatformAPIMixin, generics.ListAPIView):
    serializer_class = NumberSerializer

    def get_queryset(self):
        return [{"n": n} for n in range(250)]


def call(view, path="/", **extra):
    return view.as_view()(factory.get(path, **extra))


# -- the error shape -------------------------------------------------------------------------------------------------


def test_error_response_has_the_one_shape():
    response = error_response("not_eligible", "Vous ne pouvez pas voter.", status.HTTP_403_FORBIDDEN, reason="x")
    assert response.status_code == 403
    assert response.data == {"code": "not_eligible", "message": "Vous ne pouvez pas voter.", "reason": "x"}
    assert ErrorSerializer(response.data).data == {
        "code": "not_eligible",
        "reason": "x",
        "message": response.data["message"],
    }


@pytest.mark.parametrize(
    ("exception", "http_status", "code"),
    [
        (NotFound, 404, "not_found"),
        (Http404, 404, "not_found"),
        (lambda: Throttled(wait=5), 429, "throttled"),
        (lambda: NotFound("Rien ici.", code="nothing"), 404, "nothing"),
    ],
)
def test_drf_errors_get_the_shape(db, exception, http_status, code):
    response = call(raising(exception))
    assert response.status_code == http_status
    assert set(response.data) == {"code", "message"}
    assert response.data["code"] == code
    assert response.data["message"]


def test_an_api_error_is_answered_in_the_shape(db):
    response = call(raising(lambda: APIError("closed", "C'est fermé.", status.HTTP_403_FORBIDDEN, reason="dates")))
    assert response.status_code == 403
    assert response.data == {"code": "closed", "message": "C'est fermé.", "reason": "dates"}


class AnswersSerializer(serializers.Serializer):
    answers = serializers.DictField()


class TakesAnswers(PlatformAPIView):
    def post(self, request):
        return Response(self.validated_body(AnswersSerializer), status=status.HTTP_201_CREATED)


@pytest.mark.parametrize(
    ("body", "http_status", "errors"),
    [
        ({"answers": {"q": "a"}}, 201, None),
        (["a"], 400, None),
        ({"answers": "a"}, 400, {"answers"}),
        ({}, 400, {"answers"}),
    ],
)
def test_validated_body(db, body, http_status, errors):
    response = TakesAnswers.as_view()(factory.post("/", body, format="json"))
    assert response.status_code == http_status
    if http_status == 201:
        assert response.data == body
    else:
        assert response.data["code"] == "invalid"
        assert set(response.data.get("errors", ())) == (errors or set())


def test_field_errors_are_left_as_they_are(db):
    response = call(raising(lambda: ValidationError({"field": ["Obligatoire."]})))
    assert (response.status_code, response.data) == (400, {"field": ["Obligatoire."]})


# -- the language ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "headers", "language"),
    [
        ("/", {}, "fr"),
        ("/?lang=en", {}, "en"),
        ("/", {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.8"}, "en"),
        ("/?lang=fr", {"HTTP_ACCEPT_LANGUAGE": "en"}, "fr"),
        ("/?lang=de", {}, "fr"),
        ("/", {"HTTP_ACCEPT_LANGUAGE": "de"}, "fr"),
    ],
)
def test_the_api_speaks_the_language_asked_for(db, path, headers, language):
    response = call(Speaks, path, **headers)
    assert response.data == {"language": language, "request": language}
    assert response["Content-Language"] == language


def test_drf_messages_are_in_the_language_asked_for(db):
    view = raising(NotFound)
    assert call(view, "/?lang=en").data["message"] == "Not found."
    assert call(view).data["message"] == "Non trouvé."


# -- pagination ------------------------------------------------------------------------------------------------------


def test_lists_are_paged_by_limit_and_offset(db):
    page = call(Numbers).data
    assert set(page) == {"count", "next", "previous", "results"}
    assert (page["count"], len(page["results"]), page["previous"]) == (250, 20, None)
    assert "limit=20&offset=20" in page["next"]
    page = call(Numbers, "/?limit=500&offset=200").data
    assert [item["n"] for item in page["results"]] == list(range(200, 250))
    assert len(call(Numbers, "/?limit=500").data["results"]) == 100


# -- every API view uses the shared pieces ---------------------------------------------------------------------------


def api_views():
    """The DRF view classes behind the project's URLs under /api/ (the admin has some too, for its own use)."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and hasattr(pattern.callback, "cls") and route.startswith("api/"):
                yield pattern.callback.cls

    return set(walk(get_resolver().url_patterns))


def test_the_platform_api_tries_the_token_first():
    """The platform's API (built on PlatformAPIMixin) tries a token first, so that a wrong or revoked one is a 401
    even next to a session; the token endpoint takes the token only."""
    views = api_views()
    assert AuthTokenView in views
    platform = {view for view in views if issubclass(view, PlatformAPIMixin)}
    assert {"ConsultationListView", "BallotView", "ProgressView", "QuizView"} <= {view.__name__ for view in platform}
    for view in platform:
        assert view.authentication_classes == [VerifiedTokenAuthentication, SessionAuthentication], view
    assert AuthTokenView.authentication_classes == [VerifiedTokenAuthentication]


def test_the_page_api_and_the_schema_keep_the_session_first():
    """Settings' default order (session, then token) is what the Wagtail page API and the schema have always used."""
    default = api_settings.DEFAULT_AUTHENTICATION_CLASSES
    assert default == [SessionAuthentication, VerifiedTokenAuthentication]


@pytest.mark.parametrize(
    ("path", "http_status"),
    [("/api/v2/pages/", 200), ("/api/schema/", 200), ("/api/academie/progress/", 401)],
)
def test_a_session_next_to_a_wrong_token(client, home, path, http_status):
    """A logged-in visitor whose client also sends a wrong token: the page API and the schema answer as the session
    allows (as before the API plumbing moved to cms/api/); the platform's API refuses the token."""
    client.force_login(CitizenFactory())
    response = client.get(path, HTTP_AUTHORIZATION="Token wrong")
    assert response.status_code == http_status, response.content[:200]


def test_every_list_endpoint_uses_the_one_pagination():
    """Every DRF list view under /api/; the Wagtail page API (/api/v2/) pages its own way."""
    lists = {view for view in api_views() if issubclass(view, ListModelMixin)}
    assert "ConsultationListView" in {view.__name__ for view in lists}
    assert BaseAPIViewSet not in {base for view in lists for base in view.__mro__}
    for view in lists:
        assert view.pagination_class is Pagination, view
