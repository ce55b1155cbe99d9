"""The sending of an issue: one `IssueSending` per issue, one `Delivery` per subscriber, what was sent per language,
and what the email provider reported."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IssueSending(models.Model):
    """That an issue's sending has started (unique per issue: a second publish, a second click, a retried task find it
    and add nobody twice). `fanned_out_at` is set once every delivery row exists; `finished_at` once none is queued."""

    issue = models.OneToOneField(
        "newsletters.NewsletterIssuePage", on_delete=models.CASCADE, related_name="sending", verbose_name=_("numéro")
    )
    started_at = models.DateTimeField(_("envoi commencé le"), auto_now_add=True)
    fanned_out_at = models.DateTimeField(_("destinataires fixés le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("envoi terminé le"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("destinataires"), default=0)

    class Meta:
        verbose_name = _("envoi d'un numéro")
        verbose_name_plural = _("envois des numéros")

    def __str__(self):
        return f"{self.issue_id}: {self.recipients}"


class IssueRendering(models.Model):
    """An issue as it was sent in one language (HTML with inlined CSS, and text), with the recipient's own links left
    as placeholders (`newsletters.rendering`). Made once, before the first batch in that language."""

    issue = models.ForeignKey(
        "newsletters.NewsletterIssuePage", on_delete=models.CASCADE, related_name="renderings", verbose_name=_("numéro")
    )
    language = models.CharField(_("langue"), max_length=8)
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text="the language version that was rendered (the original when the language has none)",
    )
    subject = models.CharField(_("objet"), max_length=255)
    html = models.TextField()
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rendu d'un numéro")
        verbose_name_plural = _("rendus des numéros")
        constraints = [
            models.UniqueConstraint(fields=["issue", "language"], name="newsletters_one_rendering_per_language"),
        ]

    def __str__(self):
        return f"{self.issue_id} ({self.language})"


class Delivery(models.Model):
    """One subscriber's copy of one issue. Unique per (issue, subscription): the guarantee that nobody gets the same
    issue twice. QUEUED rows are taken by the sending tasks (`SELECT … FOR UPDATE SKIP LOCKED`), sent and marked in
    the same transaction; the provider's webhooks then move them on."""

    class Status(models.TextChoices):
        QUEUED = "en_attente", _("en attente")
        SENT = "envoye", _("envoyé")
        DELIVERED = "remis", _("remis")
        BOUNCED = "rejete", _("rejeté")
        COMPLAINED = "plainte", _("signalé comme indésirable")
        FAILED = "echec", _("échec de l'envoi")
        SKIPPED = "ecarte", _("écarté (désinscrit ou suspendu avant l'envoi)")

    issue = models.ForeignKey(
        "newsletters.NewsletterIssuePage", on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("numéro")
    )
    subscription = models.ForeignKey(
        "newsletters.Subscription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("inscription"),
    )
    # The address it went to (webhooks name the recipient); blanked when the person's data is erased.
    email = models.EmailField(_("adresse"), max_length=254, blank=True)
    language = models.CharField(_("langue"), max_length=8, default="fr")
    status = models.CharField(_("état"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    message_id = models.CharField(_("identifiant chez le fournisseur"), max_length=255, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    error = models.CharField(_("erreur"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("remis le"), null=True, blank=True)
    opened_at = models.DateTimeField(_("ouvert le"), null=True, blank=True)
    clicked_at = models.DateTimeField(_("lien suivi le"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("rejeté le"), null=True, blank=True)
    complained_at = models.DateTimeField(_("plainte le"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("désinscription le"), null=True, blank=True)

    class Meta:
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscription"], name="newsletters_one_delivery_per_subscriber"),
        ]
        indexes = [models.Index(fields=["issue", "status"], name="newsletters_delivery_status")]

    def __str__(self):
        return f"{self.issue_id} → {self.email or self.subscription_id} ({self.status})"


class DeliveryEvent(models.Model):
    """What the provider reported (anymail's normalised tracking event), kept for the record and to ignore an
    event sent twice (`event_id` unique where the provider gives one)."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, null=True, blank=True, related_name="events", verbose_name=_("envoi")
    )
    esp_name = models.CharField(max_length=32)
    event_type = models.CharField(max_length=32)
    event_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    message_id = models.CharField(max_length=255, blank=True)
    recipient_key = models.CharField(max_length=254, blank=True)
    timestamp = models.DateTimeField(null=True, blank=True)
    description = models.CharField(max_length=500, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("événement du fournisseur")
        verbose_name_plural = _("événements du fournisseur")
        indexes = [models.Index(fields=["message_id"], name="newsletters_event_message")]

    def __str__(self):
        return f"{self.esp_name} {self.event_type} {self.message_id}"
