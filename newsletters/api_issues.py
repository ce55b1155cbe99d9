"""The issues' API (on `cms.api`): the public archive of sent issues, one issue with the text that was sent, and the
statistics editors watch (an issue's, a newsletter's subscriber counts).

- The archive lists the issues whose sending started, live and public, of live and public newsletters (under a live
  space that has the newsletters): never a draft, a scheduled issue or a page behind a restriction.
- Statistics are for the editors of the issue's space and AimPact's team (`newsletters.visibility`): anyone else
  gets a 404, as for an id that does not exist (another space's issues are not even named); no account, a 401.
"""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from cms.api.errors import ErrorSerializer, error_response
from cms.api.views import PlatformAPIMixin, PlatformAPIView

from . import rendering, stats
from .models import IssueRendering, NewsletterIssuePage, NewsletterPage
from .serializers_issues import IssueDetailSerializer, IssueSerializer, IssueStatsSerializer, NewsletterStatsSerializer
from .visibility import visible_issue, visible_newsletter

MAX_ID = 2**63 - 1


def _ascii_digits(value):
    return value.isascii() and value.isdigit()  # « ² » passes str.isdigit() but not int()


def public_newsletters():
    """The live, public newsletters (default-language versions) under a live owner that has the newsletters."""
    newsletters = list(NewsletterPage.objects.live().public().filter(locale=Locale.get_default()))
    owners = {
        page.path: page
        for page in Page.objects.filter(path__in={n.path[: -Page.steplen] for n in newsletters}, live=True).specific()
    }
    kept = []
    for newsletter in newsletters:
        owner = owners.get(newsletter.path[: -Page.steplen])
        if owner is None:
            continue
        has_feature = getattr(owner, "has_feature", None)
        if has_feature is not None and not has_feature("newsletters"):
            continue
        kept.append(newsletter)
    return kept


def archive_issues(newsletters=None):
    """The sent issues (default-language versions) of `newsletters` (the public ones by default), live and public."""
    newsletters = public_newsletters() if newsletters is None else newsletters
    return (
        NewsletterIssuePage.objects.live()
        .public()
        .filter(locale=Locale.get_default(), sending__isnull=False)
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .filter(parent_path__in=[newsletter.path for newsletter in newsletters])
    )


def _with_newsletter_ids(issues):
    paths = {issue.parent_path for issue in issues}
    ids = dict(NewsletterPage.objects.filter(path__in=paths).values_list("path", "pk"))
    for issue in issues:
        issue.newsletter_id = ids.get(issue.parent_path)
    return issues


def _localized(issues):
    """{issue id: its live public version in the request's language}, where it has one."""
    language = translation.get_language() or "fr"
    if language == Locale.get_default().language_code:
        return {}
    keys = {issue.translation_key: issue.pk for issue in issues}
    versions = (
        NewsletterIssuePage.objects.live().public().filter(translation_key__in=keys, locale__language_code=language)
    )
    return {keys[version.translation_key]: version for version in versions}


class IssueListView(PlatformAPIMixin, generics.ListAPIView):
    serializer_class = IssueSerializer

    @extend_schema(
        summary="The archive of a newsletter: its sent issues, newest first",
        parameters=[OpenApiParameter("newsletter", int, description="A newsletter's id: its issues only.")],
        responses={200: IssueSerializer(many=True), 400: OpenApiResponse(ErrorSerializer, description="a bad filter")},
    )
    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except ValidationError as error:
            return error_response(
                "invalid", _("Les filtres de la requête sont incorrects."), status.HTTP_400_BAD_REQUEST,
                errors=error.detail,
            )  # fmt: skip

    def get_queryset(self):
        params = self.request.query_params
        for name in ("limit", "offset"):
            if params.get(name) and (not _ascii_digits(params[name]) or int(params[name]) > MAX_ID):
                raise ValidationError({name: [_("Un nombre entier positif est attendu.")]})
        newsletters = public_newsletters()
        raw = params.get("newsletter")
        if raw:
            if not _ascii_digits(raw) or not 0 < int(raw) <= MAX_ID:
                raise ValidationError({"newsletter": [_("Un nombre entier positif est attendu.")]})
            page = NewsletterPage.objects.filter(pk=int(raw)).first()
            wanted = page.list_page.pk if page is not None else None
            newsletters = [newsletter for newsletter in newsletters if newsletter.pk == wanted]
            if not newsletters:
                raise ValidationError({"newsletter": [_("Aucune lettre d'information publique n'a cet identifiant.")]})
        return archive_issues(newsletters).order_by("-first_published_at", "-pk")

    def list(self, request, *args, **kwargs):
        issues = _with_newsletter_ids(list(self.paginate_queryset(self.get_queryset())))
        serializer = IssueSerializer(issues, many=True, context={"request": request, "localized": _localized(issues)})
        return self.get_paginated_response(serializer.data)


class IssueDetailView(PlatformAPIView):
    @extend_schema(summary="An issue of the archive, with the text that was sent", responses=IssueDetailSerializer)
    def get(self, request, issue_id):
        page = NewsletterIssuePage.objects.filter(pk=issue_id).first()
        issue = archive_issues().filter(pk=page.original.pk).first() if page is not None else None
        if issue is None:
            raise Http404
        _with_newsletter_ids([issue])
        language = translation.get_language() or "fr"
        renderings = {r.language: r for r in IssueRendering.objects.filter(issue=issue)}
        sent = renderings.get(language) or renderings.get(Locale.get_default().language_code)
        sent = sent or next(iter(renderings.values()), None)
        issue.language = sent.language if sent else None
        issue.text = None
        if sent is not None:
            # The recipient's own links were placeholders: the archive points at the newsletter's page instead.
            link = issue.newsletter.full_url or ""
            issue.text = rendering.personalise(sent.text, unsubscribe_url=link, preferences_url=link)
        localized = _localized([issue])
        return Response(IssueDetailSerializer(issue, context={"request": request, "localized": localized}).data)


class IssueStatsView(PlatformAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="An issue's statistics (the editors of its space and AimPact's team)",
        responses={200: IssueStatsSerializer, 404: OpenApiResponse(ErrorSerializer, description="not yours to see")},
    )
    def get(self, request, issue_id):
        issue = visible_issue(request.user, issue_id)
        if issue is None:
            raise Http404
        state, scheduled_at = stats.issue_state(issue)
        body = {"id": issue.pk, "state": state, "scheduled_at": scheduled_at, **stats.issue_stats(issue).as_dict()}
        return Response(IssueStatsSerializer(body).data)


class NewsletterStatsView(PlatformAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="A newsletter's subscribers by state (the editors of its space and AimPact's team)",
        responses={
            200: NewsletterStatsSerializer,
            404: OpenApiResponse(ErrorSerializer, description="not yours to see"),
        },
    )
    def get(self, request, newsletter_id):
        newsletter = visible_newsletter(request.user, newsletter_id)
        if newsletter is None:
            raise Http404
        body = {"id": newsletter.pk, "title": newsletter.title, **stats.subscriber_stats(newsletter).as_dict()}
        return Response(NewsletterStatsSerializer(body).data)


__all__ = ["IssueDetailView", "IssueListView", "IssueStatsView", "NewsletterStatsView"]
