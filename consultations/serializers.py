"""The consultations API's bodies: a consultation (listed, in detail with its questions), a ballot and its answer,
an email confirmation request. The error body is the shared one (`cms.api.errors.ErrorSerializer`)."""

from rest_framework import serializers

from django.utils.translation import gettext_lazy as _


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
    id = serializers.CharField()
    label = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    id = serializers.CharField()
    number = serializers.IntegerField()
    type = serializers.ChoiceField(
        choices=["single_choice", "multiple_choice", "ranking", "scale", "yes_no", "number", "short_text", "long_text"]
    )
    label = serializers.CharField()
    help_text = serializers.CharField()
    required = serializers.BooleanField()
    choices = ChoiceSerializer(many=True)
    condition = serializers.DictField(allow_null=True)


class ConsultationDetailSerializer(ConsultationSerializer):
    questions = serializers.SerializerMethodField()

    def get_questions(self, page) -> list[dict]:
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
