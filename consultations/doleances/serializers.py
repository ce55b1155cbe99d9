"""The cahier de doléances API's bodies: an entry (listed and in detail), a carrying and the request that makes one.
The error body is the shared one (`cms.api.errors.ErrorSerializer`)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import MESSAGE_MAX_LENGTH


class ArchiveTerritorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    kind = serializers.CharField()
    name = serializers.CharField()


class ArchiveSpaceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()


class ArchiveLeadingAnswerSerializer(serializers.Serializer):
    label = serializers.CharField()
    share = serializers.FloatField(help_text=_("Part des répondants à la question (0 à 1)."))


class ArchiveQuestionSummarySerializer(serializers.Serializer):
    label = serializers.CharField()
    respondents = serializers.IntegerField()
    leading = ArchiveLeadingAnswerSerializer(required=False, help_text=_("Questions à choix : la réponse en tête."))
    mean = serializers.FloatField(required=False, help_text=_("Échelles et nombres : la moyenne."))
    texts = serializers.IntegerField(required=False, help_text=_("Questions ouvertes : le nombre de réponses."))


class ArchiveCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


class CarryingSerializer(serializers.Serializer):
    role = serializers.CharField(help_text=_("author : son auteur ; editor : la rédaction."))
    territory = ArchiveTerritorySerializer(allow_null=True)
    institution = serializers.CharField()
    recipient = serializers.CharField()
    message = serializers.CharField()
    carried_at = serializers.DateTimeField()
    answer = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)


class ArchiveEntrySerializer(serializers.Serializer):
    """An entry of the cahier: the context gives `pages` ({entry id: the version to show}) and the request."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    consultation_id = serializers.IntegerField(source="page_id")
    title = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    results_url = serializers.SerializerMethodField()
    opened_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField()
    year = serializers.IntegerField()
    theme = serializers.CharField()
    territory = ArchiveTerritorySerializer(allow_null=True)
    space = ArchiveSpaceSerializer(allow_null=True)
    participants = serializers.IntegerField()
    population = serializers.IntegerField(allow_null=True)
    turnout = serializers.FloatField(allow_null=True, help_text=_("Participants sur population (0 à 1)."))
    results = serializers.SerializerMethodField()
    analysis = serializers.CharField()
    highlighted_comments = serializers.SerializerMethodField()
    carrying = serializers.SerializerMethodField()

    def _page(self, entry):
        return self.context["pages"].get(entry.pk)

    def get_title(self, entry) -> str:
        page = self._page(entry)
        return page.title if page is not None else entry.title

    def get_url(self, entry) -> str | None:
        cahier = self.context.get("cahier")
        return cahier.get_full_url(self.context.get("request")) + f"{entry.pk}/" if cahier is not None else None

    def get_results_url(self, entry) -> str | None:
        page = self._page(entry)
        if page is None:
            return None
        if not hasattr(page, "results_url"):  # a debate: its page carries the report and the polls' results
            return page.get_full_url(self.context.get("request"))
        return page.get_full_url(self.context.get("request")) + page.reverse_subpage("results")

    @extend_schema_field(ArchiveQuestionSummarySerializer(many=True))
    def get_results(self, entry):
        return entry.summary_in(translation.get_language() or "fr").get("questions", [])

    @extend_schema_field(ArchiveCommentSerializer(many=True))
    def get_highlighted_comments(self, entry):
        comments = [comment for comment in entry.highlighted_comments.all() if comment.page_id == entry.page_id]
        return ArchiveCommentSerializer(comments, many=True).data

    @extend_schema_field(CarryingSerializer(allow_null=True))
    def get_carrying(self, entry):
        carrying = getattr(entry, "carrying", None) if hasattr(entry, "carrying") else None
        return CarryingSerializer(carrying).data if carrying is not None else None


class CarryRequestSerializer(serializers.Serializer):
    territory = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("L'identifiant du territoire destinataire (ou bien `institution`)."),
    )
    institution = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text=_("Une institution nommée (ou bien `territory`).")
    )
    message = serializers.CharField(max_length=MESSAGE_MAX_LENGTH)
