"""The groups API's bodies. Authors are shown as on the comments (first name and initial)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cms.choices import PublicPolicyTheme

from .models import (
    DESCRIPTION_MAX_LENGTH,
    MESSAGE_BODY_MAX_LENGTH,
    MESSAGE_SUBJECT_MAX_LENGTH,
    NAME_MAX_LENGTH,
    POST_MAX_LENGTH,
    REASON_MAX_LENGTH,
)
from .services import author_name


class TerritorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    code = serializers.CharField()
    name = serializers.CharField()


class GroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    description = serializers.CharField()
    theme = serializers.CharField()
    territory = TerritorySerializer()
    space_id = serializers.IntegerField(allow_null=True, help_text="The collectivité's space; null: national network.")
    members_count = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["active", "closed"])
    created_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()
    membership = serializers.SerializerMethodField(help_text="The authenticated account's role, or null.")

    @extend_schema_field(serializers.CharField())
    def get_url(self, group):
        return group.get_absolute_url()

    @extend_schema_field(serializers.ChoiceField(choices=["member", "moderator"], allow_null=True))
    def get_membership(self, group):
        return self.context.get("roles", {}).get(group.pk)


class GroupListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = GroupSerializer(many=True)


class GroupCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=NAME_MAX_LENGTH)
    description = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH)
    theme = serializers.ChoiceField(choices=PublicPolicyTheme.values)
    territory = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text="A commune: name, INSEE code or « Name (code) ». In a space, empty means the space's territory.",
    )
    space = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**31 - 1, help_text="A collectivité's space id."
    )


class MembershipSerializer(serializers.Serializer):
    member = serializers.BooleanField()
    role = serializers.ChoiceField(choices=["member", "moderator"], allow_null=True)
    members_count = serializers.IntegerField()


class PostReplySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["visible", "hidden", "deleted"])
    author = serializers.SerializerMethodField(help_text="Null when not shown.")
    text = serializers.SerializerMethodField(help_text="Plain text; null when hidden or deleted.")
    created_at = serializers.DateTimeField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author(self, item):
        return author_name(item.author) if item.shows_text else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_text(self, item):
        return item.text if item.shows_text else None


class PostSerializer(PostReplySerializer):
    replies = serializers.SerializerMethodField(help_text="Oldest first (one level).")

    @extend_schema_field(PostReplySerializer(many=True))
    def get_replies(self, item):
        return PostReplySerializer(getattr(item, "thread_replies", []), many=True).data


class PostPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = PostSerializer(many=True)


class PostRequestSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=POST_MAX_LENGTH * 2, allow_blank=True, trim_whitespace=False)
    parent = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1)


class ModerationRequestSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["hide", "restore"])
    reason = serializers.CharField(max_length=REASON_MAX_LENGTH * 2)


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    body = serializers.CharField()
    space_id = serializers.IntegerField()
    sent_at = serializers.DateTimeField()
    answer = serializers.CharField(allow_blank=True)
    answered_at = serializers.DateTimeField(allow_null=True)


class MessageRequestSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=MESSAGE_SUBJECT_MAX_LENGTH * 2)
    body = serializers.CharField(max_length=MESSAGE_BODY_MAX_LENGTH * 2)
