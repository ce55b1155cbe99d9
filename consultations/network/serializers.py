"""The network API's bodies: the wall's consultations, a proposal (written and read), the opening emails' preference."""

from rest_framework import serializers

from cms.choices import PublicPolicyTheme
from consultations.models import Status
from consultations.questions import QuestionType

from .checks import QUESTIONS_MAX
from .models import ProposalState, Scope


class NetworkWallConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    theme = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    territory = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_territory(self, page) -> dict | None:
        territory = page.territory
        if territory is None:
            return None
        return {"kind": territory.kind, "code": territory.code, "name": territory.name}

    def get_url(self, page) -> str:
        return page.absolute_url()


class NetworkWallSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = NetworkWallConsultationSerializer(many=True)


class ProposedQuestionSerializer(serializers.Serializer):
    # The same enum as the consultations' questions (one `TypeEnum` in the schema).
    type = serializers.ChoiceField(choices=QuestionType.ALL)
    label = serializers.CharField(max_length=300)
    choices = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list, max_length=30
    )


class ProposalWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=240)
    summary = serializers.CharField(max_length=800)
    description = serializers.CharField(max_length=10000)
    theme = serializers.ChoiceField(choices=PublicPolicyTheme.choices)
    start_date = serializers.DateField()
    duration_days = serializers.IntegerField(min_value=1, max_value=365)
    scope = serializers.ChoiceField(choices=Scope.choices)
    territory = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text="Name or INSEE code"
    )
    questions = ProposedQuestionSerializer(many=True, min_length=1, max_length=QUESTIONS_MAX)


class ProposalDecisionSerializer(serializers.Serializer):
    action = serializers.CharField()
    reason = serializers.CharField()
    at = serializers.DateTimeField()


class ProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(source="page.title")
    state = serializers.ChoiceField(choices=ProposalState.choices)
    scope = serializers.ChoiceField(choices=Scope.choices)
    moderator_message = serializers.CharField()
    created_at = serializers.DateTimeField()
    editable = serializers.BooleanField()
    decisions = ProposalDecisionSerializer(many=True)
    url = serializers.SerializerMethodField()

    def get_url(self, proposal) -> str | None:
        return proposal.page.absolute_url() if proposal.page.live else None


class OpeningEmailsPreferenceSerializer(serializers.Serializer):
    opening_emails = serializers.BooleanField()
