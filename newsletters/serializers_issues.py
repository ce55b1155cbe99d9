"""The bodies of the issues' API: an issue of the public archive (listed and in detail), an issue's statistics and a
newsletter's subscriber counts. The error body is the shared one (`cms.api.errors.ErrorSerializer`)."""

from rest_framework import serializers

from django.utils.translation import gettext_lazy as _


class IssueSerializer(serializers.Serializer):
    """An issue of the archive; the context gives `localized` ({issue id: the version to show})."""

    id = serializers.IntegerField()
    newsletter = serializers.IntegerField(source="newsletter_id", help_text=_("L'identifiant de la lettre."))
    title = serializers.CharField(help_text=_("L'objet du courriel."))
    date = serializers.DateTimeField(source="first_published_at", allow_null=True, help_text=_("Date d'envoi."))
    url = serializers.SerializerMethodField(help_text=_("L'adresse du numéro sur le site."))

    def get_url(self, issue) -> str | None:
        return self.context["localized"].get(issue.pk, issue).full_url


class IssueDetailSerializer(IssueSerializer):
    preheader = serializers.CharField()
    themes = serializers.ListField(child=serializers.CharField())
    language = serializers.CharField(allow_null=True, help_text=_("La langue du texte envoyé."))
    text = serializers.CharField(allow_null=True, help_text=_("Le texte du courriel tel qu'il a été envoyé."))


class IssueRatesSerializer(serializers.Serializer):
    progress = serializers.FloatField(allow_null=True, help_text=_("Part des destinataires déjà traités (0 à 1)."))
    delivered = serializers.FloatField(allow_null=True, help_text=_("Remis, parmi les envoyés."))
    bounced = serializers.FloatField(allow_null=True, help_text=_("Rejetés, parmi les envoyés."))
    complained = serializers.FloatField(allow_null=True, help_text=_("Signalés comme indésirables, parmi les remis."))
    opened = serializers.FloatField(allow_null=True, help_text=_("Ouverts, parmi les remis."))
    clicked = serializers.FloatField(allow_null=True, help_text=_("Liens suivis, parmi les remis."))
    unsubscribed = serializers.FloatField(allow_null=True, help_text=_("Désinscriptions, parmi les remis."))


class IssueStatsSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.ChoiceField(
        choices=["brouillon", "programme", "envoi", "envoye"],
        help_text=_("brouillon, programmé, en cours d'envoi ou envoyé."),
    )
    scheduled_at = serializers.DateTimeField(allow_null=True)
    recipients = serializers.IntegerField()
    queued = serializers.IntegerField()
    sent = serializers.IntegerField(help_text=_("Acceptés par le fournisseur d'envoi."))
    awaiting_report = serializers.IntegerField(help_text=_("Envoyés, sans nouvelle du fournisseur depuis."))
    delivered = serializers.IntegerField()
    bounced = serializers.IntegerField()
    complained = serializers.IntegerField()
    failed = serializers.IntegerField()
    skipped = serializers.IntegerField()
    opened = serializers.IntegerField(allow_null=True, help_text=_("null : non communiqué par le fournisseur."))
    clicked = serializers.IntegerField(allow_null=True, help_text=_("null : non communiqué par le fournisseur."))
    unsubscribed = serializers.IntegerField(help_text=_("Désinscriptions par le lien de ce numéro."))
    rates = IssueRatesSerializer()


class SubscribersByStatusSerializer(serializers.Serializer):
    en_attente = serializers.IntegerField(help_text=_("En attente de confirmation."))
    active = serializers.IntegerField()
    desinscrite = serializers.IntegerField()
    suspendue = serializers.IntegerField(help_text=_("Adresse en échec ou plainte."))


class NewsletterStatsSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    total = serializers.IntegerField()
    by_status = SubscribersByStatusSerializer()
