"""The comments API (on `cms.api`): a page's discussion, posting, supporting and reporting.

The same rules as the web forms (`services`): a page the client may not read is a 404, posting needs an account with
a verified address (401 without one, 403 unverified), the same posting limit (429 with the moment posting opens
again, and Retry-After), errors in the API's shape {"code", "message"[, "errors"]}.
"""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.response import Response

from django.http import Http404
from django.utils.translation import gettext as _

from wagtail.models import Page

from cms.api.errors import APIError, ErrorSerializer, error_response
from cms.api.pagination import Pagination
from cms.api.views import PlatformAPIView

from . import services
from .limits import PostingLimited
from .models import Comment
from .serializers import (
    CommentPageSerializer,
    CommentRequestSerializer,
    CommentSerializer,
    ReportRequestSerializer,
    ReportResponseSerializer,
    UpvoteResponseSerializer,
)

MAX_PAGE_ID = 2**31  # page ids are 32-bit integers in the database


def _readable_page(request, page_id):
    page = Page.objects.filter(pk=page_id).first() if 0 < page_id < MAX_PAGE_ID else None
    if page is None or not services.may_view(page, request) or not services.comments_enabled(page):
        raise Http404
    return page


def _readable_comment(request, comment_id):
    comment = Comment.objects.select_related("page").filter(pk=comment_id).first() if comment_id < 2**63 else None
    if comment is None:
        raise Http404
    page = services.readable_version(comment.page, request)
    if page is None or not services.comments_enabled(page):
        raise Http404
    return comment


def _refused(refusal):
    extra = {"errors": {refusal.field: [refusal.message]}} if refusal.field else {}
    return error_response(refusal.code, refusal.message, refusal.status, **extra)


def _body(request, serializer_class, example):
    if not isinstance(request.data, dict):
        raise APIError("invalid", _("Envoyez un objet JSON %(example)s.") % {"example": example}, 400)
    body = serializer_class(data=request.data)
    if not body.is_valid():
        raise APIError("invalid", _("La requête est mal formée."), 400, errors=body.errors)
    return body.validated_data


def _require_account(request):
    if not request.user.is_authenticated:
        raise NotAuthenticated(_("Connectez-vous pour participer à la discussion."))


class CommentsPageView(PlatformAPIView):
    @extend_schema(
        summary="A page's discussion: top-level comments (paginated) with their replies",
        parameters=[
            OpenApiParameter(
                "sort", str, enum=["newest", "support"], description="newest (default) or support (most supported)"
            ),
            OpenApiParameter("limit", int, description="Comments per page (20 by default, 100 at most)."),
            OpenApiParameter("offset", int, description="Where the page starts."),
        ],
        responses={200: CommentPageSerializer, 400: ErrorSerializer},
    )
    def get(self, request, page_id):
        page = _readable_page(request, page_id)
        sort = request.query_params.get("sort", "newest")
        if sort not in services.API_SORTS:
            return error_response(
                "invalid", _("Valeurs possibles de sort : newest, support."), status.HTTP_400_BAD_REQUEST
            )
        original = services.discussion_page(page)
        paginator = Pagination()
        top_level = paginator.paginate_queryset(
            services.listing_queryset(original, services.API_SORTS[sort]), request, view=self
        )
        threads, supported = services.threads(top_level, request.user)
        context = {"supported": supported, "replies": {thread.comment.pk: thread.replies for thread in threads}}
        return Response(
            {
                "count": paginator.count,
                "comments_count": services.visible_count(original),
                "open": services.posting_closed_message(original) is None,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "results": CommentSerializer([thread.comment for thread in threads], many=True, context=context).data,
            }
        )

    @extend_schema(
        summary="Post a comment, or a reply (with parent)",
        request=CommentRequestSerializer,
        responses={
            201: CommentSerializer,
            400: OpenApiResponse(ErrorSerializer, description="empty, too long, or replying to an unknown comment"),
            403: OpenApiResponse(ErrorSerializer, description="address not verified, discussion closed"),
            429: OpenApiResponse(ErrorSerializer, description="posting limit reached: the message says until when"),
        },
    )
    def post(self, request, page_id):
        page = _readable_page(request, page_id)
        _require_account(request)
        data = _body(request, CommentRequestSerializer, '{"text": "…"}')
        try:
            comment = services.post_comment(page, request.user, data["text"], parent_id=data.get("parent"))
        except services.CommentRefused as refusal:
            return _refused(refusal)
        except PostingLimited as limited:
            response = error_response("rate_limited", limited.message, status.HTTP_429_TOO_MANY_REQUESTS)
            response["Retry-After"] = str(limited.retry_after)
            return response
        return Response(CommentSerializer(comment, context={}).data, status=status.HTTP_201_CREATED)


class UpvoteView(PlatformAPIView):
    def _answer(self, comment_id, upvoted):
        count = Comment.objects.filter(pk=comment_id).values_list("upvotes_count", flat=True).first() or 0
        return Response({"upvoted": upvoted, "upvotes_count": count})

    @extend_schema(
        summary="Support a comment (once per account; sending it again changes nothing)",
        request=None,
        responses={
            200: UpvoteResponseSerializer,
            403: OpenApiResponse(ErrorSerializer, description="own comment, hidden comment, discussion closed"),
        },
    )
    def post(self, request, comment_id):
        comment = _readable_comment(request, comment_id)
        _require_account(request)
        try:
            services.upvote(comment, request.user)
        except services.CommentRefused as refusal:
            return _refused(refusal)
        return self._answer(comment.pk, True)

    @extend_schema(
        summary="Take back one's support",
        request=None,
        responses={200: UpvoteResponseSerializer, 403: ErrorSerializer},
    )
    def delete(self, request, comment_id):
        comment = _readable_comment(request, comment_id)
        _require_account(request)
        try:
            services.remove_upvote(comment, request.user)
        except services.CommentRefused as refusal:
            return _refused(refusal)
        return self._answer(comment.pk, False)


class ReportView(PlatformAPIView):
    @extend_schema(
        summary="Report a comment to the moderators (once per account)",
        request=ReportRequestSerializer,
        responses={
            201: ReportResponseSerializer,
            400: ErrorSerializer,
            403: OpenApiResponse(ErrorSerializer, description="own comment, hidden comment, address not verified"),
            409: OpenApiResponse(ErrorSerializer, description="already reported by this account"),
        },
    )
    def post(self, request, comment_id):
        comment = _readable_comment(request, comment_id)
        _require_account(request)
        data = _body(request, ReportRequestSerializer, '{"reason": "…"}')
        try:
            services.report(comment, request.user, data["reason"], data.get("details", ""))
        except services.CommentRefused as refusal:
            return _refused(refusal)
        return Response(
            {"status": "reported", "message": _("Merci : votre signalement est transmis aux modérateurs.")},
            status=status.HTTP_201_CREATED,
        )


__all__ = ["CommentsPageView", "ReportView", "UpvoteView"]
