"""The groups API (on `cms.api`), mounted at /api/groups/: the same services, rules and messages as the web pages.

Writes need an account with a verified address (401 without one, 403 unverified); posting, creating and messaging
are limited per account (`limits.py`, 429 with Retry-After), and every write per client address too
(`cms.http.client_ip`, `WRITES_PER_CLIENT` in ten minutes). Messages and answers are public, as on the group's
page; only the group's moderators send one.
"""

import time

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.response import Response

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from cms.accounts.communes import resolve_commune
from cms.api.errors import APIError, ErrorSerializer, error_response
from cms.api.pagination import Pagination
from cms.api.views import PlatformAPIView
from cms.choices import PublicPolicyTheme
from cms.http import client_ip
from cms.models import CollectiviteSpace
from cms.ratelimit import count

from . import services
from .limits import GroupLimited
from .models import CitizenGroup, GroupMembership, GroupMessage, GroupPost
from .serializers import (
    GroupCreateSerializer,
    GroupListSerializer,
    GroupSerializer,
    MembershipSerializer,
    MessageRequestSerializer,
    MessageSerializer,
    ModerationRequestSerializer,
    PostPageSerializer,
    PostRequestSerializer,
    PostSerializer,
)

WRITES_PER_CLIENT = 120
WRITES_WINDOW = 10 * 60
MAX_ID = 2**63 - 1


def _throttle(request):
    """Every write of one client address (a script behind many accounts) counts here."""
    now = time.time()
    key = f"groups-api-writes:{client_ip(request)}:{int(now // WRITES_WINDOW)}"
    if count(key, WRITES_WINDOW, 1) > WRITES_PER_CLIENT:
        raise APIError("throttled", _("Trop de requêtes depuis votre adresse : réessayez dans quelques minutes."), 429)


def _require_account(request):
    if not request.user.is_authenticated:
        raise NotAuthenticated(_("Connectez-vous pour participer aux groupes."))


def _group(group_id):
    group = CitizenGroup.objects.select_related("territory", "space").filter(pk=group_id).first()
    if group is None:
        raise Http404
    return group


def _body(request, serializer_class):
    if not isinstance(request.data, dict):
        raise APIError("invalid", _("Envoyez un objet JSON."), 400)
    body = serializer_class(data=request.data)
    if not body.is_valid():
        raise APIError("invalid", _("La requête est mal formée."), 400, errors=body.errors)
    return body.validated_data


def _refused(refusal):
    extra = {"errors": {refusal.field: [refusal.message]}} if refusal.field else {}
    return error_response(refusal.code, refusal.message, refusal.status, **extra)


def _limited(limited):
    response = error_response("rate_limited", limited.message, status.HTTP_429_TOO_MANY_REQUESTS)
    response["Retry-After"] = str(limited.retry_after)
    return response


def _roles(user, groups):
    if not user.is_authenticated:
        return {}
    return dict(
        GroupMembership.objects.filter(user=user, group__in=[group.pk for group in groups]).values_list(
            "group_id", "role"
        )
    )


class GroupListView(PlatformAPIView):
    @extend_schema(
        summary="Active citizen groups, most members first",
        parameters=[
            OpenApiParameter("q", str, description="Part of the group's name"),
            OpenApiParameter("theme", str, enum=PublicPolicyTheme.values),
            OpenApiParameter("territory", str, description="A commune (name or INSEE code): the groups of it"),
            OpenApiParameter("space", int, description="Only the groups of this collectivité's space"),
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
        ],
        responses={200: GroupListSerializer, 400: ErrorSerializer},
    )
    def get(self, request):
        params = request.query_params
        groups = services.active_groups()
        errors = {}
        theme = params.get("theme", "")
        if theme and theme not in PublicPolicyTheme.values:
            errors["theme"] = [_("Thème inconnu.")]
        territory = None
        try:
            territory = resolve_commune(params.get("territory", "")[:300])
        except ValidationError as error:
            errors["territory"] = list(error.messages)
        raw_space = params.get("space", "")
        if raw_space:
            if raw_space.isascii() and raw_space.isdigit() and int(raw_space) < 2**31:
                groups = groups.filter(space_id=int(raw_space))
            else:
                errors["space"] = [_("Un identifiant d'espace attendu.")]
        if errors:
            return error_response("invalid", _("Les filtres de la requête sont incorrects."), 400, errors=errors)
        groups = groups.filtered(territory=territory, theme=theme, query=params.get("q", "")[:100])
        paginator = Pagination()
        items = paginator.paginate_queryset(groups.order_by("-members_count", "-pk"), request, view=self)
        context = {"roles": _roles(request.user, items)}
        return Response(
            {
                "count": paginator.count,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "results": GroupSerializer(items, many=True, context=context).data,
            }
        )

    @extend_schema(
        summary="Create a group (its creator moderates it)",
        request=GroupCreateSerializer,
        responses={
            201: GroupSerializer,
            400: ErrorSerializer,
            403: OpenApiResponse(ErrorSerializer, description="address not verified, space without groups"),
            404: ErrorSerializer,
            409: OpenApiResponse(ErrorSerializer, description="a group of that name on that territory"),
            429: ErrorSerializer,
        },
    )
    def post(self, request):
        _require_account(request)
        _throttle(request)
        data = _body(request, GroupCreateSerializer)
        space = None
        if data.get("space"):
            space = CollectiviteSpace.objects.live().filter(pk=data["space"]).first()
            if space is None:
                raise Http404
        try:
            territory = resolve_commune(data.get("territory", ""))
        except ValidationError as error:
            message = " ".join(error.messages)
            return error_response("invalid_territory", message, 400, errors={"territory": [message]})
        if territory is None and space is not None:
            territory = space.territory
        try:
            group = services.create_group(
                request.user,
                name=data["name"],
                description=data["description"],
                theme=data["theme"],
                territory=territory,
                space=space,
            )
        except services.GroupRefused as refusal:
            return _refused(refusal)
        except GroupLimited as limited:
            return _limited(limited)
        group = _group(group.pk)
        return Response(
            GroupSerializer(group, context={"roles": {group.pk: "moderator"}}).data, status=status.HTTP_201_CREATED
        )


class GroupDetailView(PlatformAPIView):
    @extend_schema(summary="A citizen group", responses={200: GroupSerializer})
    def get(self, request, group_id):
        group = _group(group_id)
        return Response(GroupSerializer(group, context={"roles": _roles(request.user, [group])}).data)


class MembershipView(PlatformAPIView):
    def _answer(self, group, user, code=200):
        group.refresh_from_db(fields=["members_count"])
        member = services.membership(group, user)
        return Response(
            {
                "member": member is not None,
                "role": member.role if member else None,
                "members_count": group.members_count,
            },
            status=code,
        )

    @extend_schema(
        summary="Join the group (sending it again changes nothing)",
        request=None,
        responses={200: MembershipSerializer, 403: ErrorSerializer},
    )
    def post(self, request, group_id):
        group = _group(group_id)
        _require_account(request)
        _throttle(request)
        try:
            services.join(group, request.user)
        except services.GroupRefused as refusal:
            return _refused(refusal)
        return self._answer(group, request.user)

    @extend_schema(
        summary="Leave the group (the last moderator hands over first)",
        request=None,
        responses={200: MembershipSerializer, 409: OpenApiResponse(ErrorSerializer, description="last moderator")},
    )
    def delete(self, request, group_id):
        group = _group(group_id)
        _require_account(request)
        _throttle(request)
        try:
            services.leave(group, request.user)
        except services.GroupRefused as refusal:
            return _refused(refusal)
        return self._answer(group, request.user)


class PostsView(PlatformAPIView):
    @extend_schema(
        summary="The group's posts, newest first, with their replies",
        parameters=[OpenApiParameter("limit", int), OpenApiParameter("offset", int)],
        responses={200: PostPageSerializer},
    )
    def get(self, request, group_id):
        group = _group(group_id)
        paginator = Pagination()
        top = paginator.paginate_queryset(GroupPost.objects.filter(group=group, parent=None), request, view=self)
        ids = [item.pk for item in top]
        threads = services.visible_threads(group, GroupPost.objects.filter(pk__in=ids).order_by("-created_at", "-pk"))
        return Response(
            {
                "count": paginator.count,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "results": PostSerializer(threads, many=True).data,
            }
        )

    @extend_schema(
        summary="Post in the group, or reply (with parent); members only",
        request=PostRequestSerializer,
        responses={201: PostSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 429: ErrorSerializer},
    )
    def post(self, request, group_id):
        group = _group(group_id)
        _require_account(request)
        _throttle(request)
        data = _body(request, PostRequestSerializer)
        try:
            item = services.post(group, request.user, data["text"], parent_id=data.get("parent"))
        except services.GroupRefused as refusal:
            return _refused(refusal)
        except GroupLimited as limited:
            return _limited(limited)
        return Response(PostSerializer(item).data, status=status.HTTP_201_CREATED)


class PostModerationView(PlatformAPIView):
    @extend_schema(
        summary="Hide or restore a post (the group's moderators)",
        request=ModerationRequestSerializer,
        responses={200: PostSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
    )
    def post(self, request, post_id):
        _require_account(request)
        _throttle(request)
        data = _body(request, ModerationRequestSerializer)
        try:
            item = services.moderate_post(post_id, request.user, data["action"], data["reason"])
        except services.GroupRefused as refusal:
            if refusal.status == 404:
                raise Http404 from refusal
            return _refused(refusal)
        return Response(PostSerializer(item).data)


class MessagesView(PlatformAPIView):
    @extend_schema(
        summary="The group's messages to its collectivité and their answers",
        responses={200: MessageSerializer(many=True)},
    )
    def get(self, request, group_id):
        group = _group(group_id)
        return Response(MessageSerializer(GroupMessage.objects.filter(group=group)[:200], many=True).data)

    @extend_schema(
        summary="Send a message to the collectivité (the group's moderators)",
        request=MessageRequestSerializer,
        responses={
            201: MessageSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            409: OpenApiResponse(ErrorSerializer, description="no collectivité of the territory on AimPact"),
            429: ErrorSerializer,
        },
    )
    def post(self, request, group_id):
        group = _group(group_id)
        _require_account(request)
        _throttle(request)
        data = _body(request, MessageRequestSerializer)
        try:
            message = services.send_message(group, request.user, data["subject"], data["body"])
        except services.GroupRefused as refusal:
            return _refused(refusal)
        except GroupLimited as limited:
            return _limited(limited)
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)
