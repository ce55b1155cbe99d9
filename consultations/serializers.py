"""The consultations API's bodies: a consultation (listed, in detail with its questions), a ballot and its answer,
an email confirmation request. The error body is the shared one (`cms.api.errors.ErrorSerializer`)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.utils.translation import gettext_lazy as _

from .questions import QuestionType


class TerritoryRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    name = serializers.CharField()


class ConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        source="ballot_box.pk", help_text=_("L'identifiant de la consultation (commun à ses traductions).")
    )
    page_id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    summary = serializers.CharField()
    theme = serializers.CharField()
    url = serializers.SerializerMethodField()
    locale = serializers.CharField(source="locale.language_code")
    status = serializers.CharField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    secrecy = serializers.CharField()
    eligibility = serializers.CharField()
    results_visibility = serializers.CharField()
    territory = TerritoryRefSerializer(source="effective_territory", allow_null=True)
    participants = serializers.IntegerField(source="participants_count")

    def get_url(self, page) -> str:
        return page.get_full_url(self.context.get("request"))


class ChoiceSerializer(serializers.Serializer):
    id = serializers.CharField(help_text=_("Ce qu'on envoie pour choisir cette réponse."))
    label = serializers.CharField()


class ScaleSerializer(serializers.Serializer):
    min = serializers.IntegerField()
    max = serializers.IntegerField()
    min_label = serializers.CharField()
    max_label = serializers.CharField()


class ConditionSerializer(serializers.Serializer):
    question_id = serializers.CharField()
    choice_id = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    """A question of the survey, as `consultations.survey.Question.to_dict()` writes it. The answer to send, by type:
    a choice id (single_choice, yes_no, scale), a list of choice ids (multiple_choice; ranking, first to last), a
    number as a string (number), a text (short_text, long_text)."""

    id = serializers.CharField()
    number = serializers.IntegerField()
    type = serializers.ChoiceField(choices=QuestionType.ALL)
    label = serializers.CharField()
    help_text = serializers.CharField()
    required = serializers.BooleanField()
    choices = ChoiceSerializer(many=True, help_text=_("Vide pour les questions sans choix (nombre, texte)."))
    min_choices = serializers.IntegerField(required=False, allow_null=True, help_text="multiple_choice")
    max_choices = serializers.IntegerField(required=False, allow_null=True, help_text="multiple_choice")
    scale = ScaleSerializer(required=False, help_text="scale")
    min_value = serializers.CharField(required=False, allow_null=True, help_text="number (a decimal, as text)")
    max_value = serializers.CharField(required=False, allow_null=True, help_text="number (a decimal, as text)")
    unit = serializers.CharField(required=False, help_text="number")
    max_length = serializers.IntegerField(required=False, help_text="short_text, long_text")
    condition = ConditionSerializer(
        allow_null=True, help_text=_("Posée seulement si cette question a reçu cette réponse ; null : toujours posée.")
    )


class ConsultationDetailSerializer(ConsultationSerializer):
    questions = serializers.SerializerMethodField()

    @extend_schema_field(QuestionSerializer(many=True))
    def get_questions(self, page):
        return [question.to_dict() for question in page.get_survey()]


class BallotRequestSerializer(serializers.Serializer):
    answers = serializers.DictField(
        help_text=_(
            "Les réponses, par identifiant de question : un identifiant de choix (choix unique, oui/non, échelle), "
            "une liste d'identifiants (choix multiples ; classement, du premier au dernier), un nombre ou un texte."
        )
    )
    invitation_code = serializers.CharField(required=False, allow_blank=True)
    email_token = serializers.CharField(required=False, allow_blank=True)


class BallotResponseSerializer(serializers.Serializer):
    status = serializers.CharField()
    message = serializers.CharField()


class EmailConfirmationRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(error_messages={"invalid": _("Saisissez une adresse e-mail valide.")})
