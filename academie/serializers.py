"""Serializers: the Académie's fields in the Wagtail API v2, and the learner API's request and response bodies.

Gated fields (a full-library lesson's body, a case study's content) go through `GatedFieldMixin`: they are null when
the request may not read the page (`page.is_locked_for(request)`), whatever `?fields=` asks for. In the API v3,
which gives these fields no request, they are always null for full-library pages.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.utils.translation import gettext_lazy as _

from wagtail.api.rich_text import APIRichText


class GatedFieldMixin:
    def get_attribute(self, instance):
        if instance.is_locked_for(self.context.get("request")):
            return None
        return super().get_attribute(instance)


class GatedStreamField(GatedFieldMixin, serializers.Field):
    """Wagtail's API v2 StreamField serialization (imported lazily: page models load before the API's modules)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value) -> list:
        return value.stream_block.get_api_representation(value, self.context)


class GatedRichTextField(GatedFieldMixin, serializers.CharField):
    """Wagtail's API v2 RichTextField serialization (`?rich_text_format=`), gated."""

    def to_representation(self, value) -> str:
        rich_text_format = self.context.get("_wagtail_rich_text_format")
        if rich_text_format is None:
            request = self.context.get("request")
            raw = request.GET.get("rich_text_format") if request else None
            rich_text_format = APIRichText.resolve_format(raw)
        return APIRichText.serialize(super().to_representation(value), format=rich_text_format)


class LockedField(serializers.Field):
    """True when the request may not read the page's content (it then gets its summary only)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page) -> bool:
        return page.is_locked_for(self.context.get("request"))


@extend_schema_field({"type": "array", "items": {"type": "string"}, "description": "Who the page is for."})
class AudiencesField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page) -> list:
        return list(page.audiences)


_PARCOURS_LESSON = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "library": {"type": "string", "enum": ["basic", "full"]},
        "duration_minutes": {"type": "integer", "nullable": True},
        "has_quiz": {"type": "boolean"},
    },
}


@extend_schema_field({"type": "array", "items": _PARCOURS_LESSON})
class ParcoursLessonsField(serializers.Field):
    """The parcours' lessons in order: id, title, library, duration (their content is in their own entry)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, parcours) -> list:
        return [
            {
                "id": lesson.pk,
                "title": lesson.title,
                "library": lesson.library,
                "duration_minutes": lesson.duration_minutes,
                "has_quiz": lesson.has_quiz,
            }
            for lesson in parcours.get_lessons()
        ]


# -- the learner API (/api/academie/) ---------------------------------------------------------------------------------


class LessonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(allow_null=True)


class CompletionSerializer(serializers.Serializer):
    lesson = LessonRefSerializer()
    completed_at = serializers.DateTimeField()


class ParcoursProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    percent = serializers.IntegerField()
    completed = serializers.BooleanField()
    resume = LessonRefSerializer(allow_null=True, help_text=_("La première leçon du parcours pas encore terminée."))


class ProgressSerializer(serializers.Serializer):
    parcours = ParcoursProgressSerializer(many=True)
    completed_lessons = CompletionSerializer(many=True)


class MarkDoneResponseSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["recorded", "already_done"])
    message = serializers.CharField()
    completed_at = serializers.DateTimeField()
    parcours = ParcoursProgressSerializer(allow_null=True)


class QuizSubmissionSerializer(serializers.Serializer):
    quiz_id = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("L'identifiant du quiz ; facultatif quand la leçon n'en a qu'un."),
    )
    answers = serializers.DictField(
        help_text=_(
            "Les réponses, par identifiant de question : un identifiant de réponse (choix unique) ou une liste "
            "d'identifiants (choix multiples)."
        )
    )


class ChoiceResultSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()
    correct = serializers.BooleanField()
    chosen = serializers.BooleanField()
    explanation = serializers.CharField()


class QuestionResultSerializer(serializers.Serializer):
    id = serializers.CharField()
    question = serializers.CharField()
    kind = serializers.ChoiceField(choices=["single", "multiple"])
    correct = serializers.BooleanField()
    choices = ChoiceResultSerializer(many=True)


class QuizResultSerializer(serializers.Serializer):
    attempt_id = serializers.IntegerField()
    quiz_id = serializers.CharField()
    score = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    pass_mark = serializers.IntegerField()
    passed = serializers.BooleanField()
    message = serializers.CharField()
    questions = QuestionResultSerializer(many=True)
