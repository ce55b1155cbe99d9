"""The comments API's bodies. A comment says nothing of its author's vote: no field comes from a participation."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import COMMENT_MAX_LENGTH, CommentReport
from .services import REPORT_DETAILS_MAX_LENGTH, author_name


class ReplySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(
        choices=["visible", "hidden", "deleted"],
        help_text="visible; hidden by the moderators or deleted by its author (then `text` and `author` are null).",
    )
    author = serializers.SerializerMethodField(help_text="First name and initial; null when not shown.")
    text = serializers.SerializerMethodField(help_text="Plain text (render it escaped); null when not shown.")
    created_at = serializers.DateTimeField()
    upvotes_count = serializers.IntegerField()
    upvoted = serializers.SerializerMethodField(help_text="Whether the authenticated account supports it.")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author(self, comment):
        return author_name(comment.author) if comment.shows_text else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_text(self, comment):
        return comment.text if comment.shows_text else None

    @extend_schema_field(serializers.BooleanField())
    def get_upvoted(self, comment):
        return comment.pk in self.context.get("supported", ())


class CommentSerializer(ReplySerializer):
    replies = serializers.SerializerMethodField(help_text="The replies, oldest first (one level).")

    @extend_schema_field(ReplySerializer(many=True))
    def get_replies(self, comment):
        replies = self.context.get("replies", {}).get(comment.pk, [])
        return ReplySerializer(replies, many=True, context=self.context).data


class CommentPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Top-level comments in the listing (hidden ones included).")
    comments_count = serializers.IntegerField(help_text="Visible comments and replies.")
    open = serializers.BooleanField(help_text="Whether the discussion takes new comments now.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CommentSerializer(many=True)


class CommentRequestSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=COMMENT_MAX_LENGTH * 2,  # the services count the characters kept and say the limit
        allow_blank=True,
        trim_whitespace=False,
        help_text=f"Plain text, {COMMENT_MAX_LENGTH} characters at most once trimmed.",
    )
    parent = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="The comment replied to (a reply to a reply goes under its top-level comment).",
    )


class ReportRequestSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=CommentReport.Reason.choices)
    details = serializers.CharField(
        required=False, allow_blank=True, max_length=REPORT_DETAILS_MAX_LENGTH * 2, default=""
    )


class UpvoteResponseSerializer(serializers.Serializer):
    upvoted = serializers.BooleanField()
    upvotes_count = serializers.IntegerField()


class ReportResponseSerializer(serializers.Serializer):
    status = serializers.CharField()
    message = serializers.CharField()
