"""The debates API's bodies."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Registration


class OwnRegistrationSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Registration.Status.choices)
    attendance = serializers.ChoiceField(choices=Registration.Attendance.choices)
    registered_at = serializers.DateTimeField(source="queued_at")
    confirmed_at = serializers.DateTimeField(allow_null=True)
    waiting_position = serializers.IntegerField(allow_null=True, required=False)


class RegistrationStateSerializer(serializers.Serializer):
    open = serializers.BooleanField(help_text="Whether registrations are open now.")
    closed_message = serializers.CharField(allow_null=True, help_text="Why they are closed, or null.")
    seats = serializers.IntegerField(
        allow_null=True, help_text="The cap (in the room for a hybrid debate); null: none."
    )
    seats_left = serializers.IntegerField(allow_null=True)
    confirmed = serializers.IntegerField()
    waiting = serializers.IntegerField()
    label = serializers.CharField(help_text="The state in words (as the debate's card shows it).")
    registration = serializers.SerializerMethodField(help_text="The caller's own registration, or null.")

    @extend_schema_field(OwnRegistrationSerializer(allow_null=True))
    def get_registration(self, state):
        if state.registration is None:
            return None
        data = OwnRegistrationSerializer(state.registration).data
        data["waiting_position"] = state.position
        return data


class SpeakerSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()


class DebateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    url = serializers.CharField(help_text="The debate's page.")
    language = serializers.CharField()
    theme = serializers.CharField()
    format = serializers.CharField()
    place = serializers.CharField()
    stream_url = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField()
    access = serializers.CharField()
    participants_may_speak = serializers.BooleanField()
    participants_may_write = serializers.BooleanField()
    space = serializers.IntegerField(allow_null=True, help_text="The collectivité space's page id; null: national.")


class DebateDetailSerializer(DebateSerializer):
    speakers = SpeakerSerializer(many=True)
    recording_url = serializers.CharField()
    report = serializers.CharField(help_text="HTML (after the debate).")
    registration_state = RegistrationStateSerializer()


class DebateListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = DebateSerializer(many=True)


class RegistrationRequestSerializer(serializers.Serializer):
    attendance = serializers.ChoiceField(
        choices=Registration.Attendance.choices,
        required=False,
        help_text="in_person or online (hybrid debates); by default the debate's format.",
    )


class RegistrationResponseSerializer(serializers.Serializer):
    message = serializers.CharField()
    registration_state = RegistrationStateSerializer()
