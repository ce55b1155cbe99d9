"""Subscribers, the record of their consent, and the addresses nobody sends to any more."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def normalise_email(address):
    """The key an address is known by: trimmed, lower case (the local part too: no provider we send to tells
    `Marie@` from `marie@`, and two subscriptions for one mailbox would send two copies)."""
    return (address or "").strip().lower()


def new_secret():
    return secrets.token_urlsafe(16)


class Subscription(models.Model):
    """One address on one newsletter's list (the newsletter page's original-language version)."""

    class Status(models.TextChoices):
        PENDING = "en_attente", _("en attente de confirmation")
        ACTIVE = "active", _("inscrite")
        UNSUBSCRIBED = "desinscrite", _("désinscrite")
        SUPPRESSED = "suspendue", _("suspendue (adresse en échec ou plainte)")

    newsletter = models.ForeignKey(
        "newsletters.NewsletterPage",
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("lettre d'information"),
    )
    email = models.EmailField(_("adresse électronique"), max_length=254)
    email_key = models.CharField(_("adresse normalisée"), max_length=254, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newsletter_subscriptions",
        verbose_name=_("compte"),
    )
    language = models.CharField(_("langue"), max_length=8, choices=settings.LANGUAGES, default="fr")
    # Themes (cms.choices.PublicPolicyTheme values) the subscriber wants; empty: every issue.
    themes = models.JSONField(_("thèmes"), default=list, blank=True)
    status = models.CharField(_("état"), max_length=16, choices=Status.choices, default=Status.PENDING)
    # Part of every signed link (confirm, unsubscribe, preferences): changing it voids the links already sent.
    secret = models.CharField(max_length=32, default=new_secret, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("désinscrite le"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation envoyée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "email_key"], name="newsletters_one_subscription_per_address"
            ),
        ]
        indexes = [
            models.Index(fields=["newsletter", "status"], name="newsletters_sub_list_status"),
            models.Index(fields=["email_key"], name="newsletters_sub_email_key"),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        self.email_key = normalise_email(self.email)
        if kwargs.get("update_fields") is not None and "email" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "email_key"}
        super().save(*args, **kwargs)


class ConsentRecord(models.Model):
    """What a person agreed to or withdrew, when, and the exact words they were shown (GDPR art. 7: the controller
    must be able to show the consent). Written in the transaction that changes the subscription; never edited."""

    class Action(models.TextChoices):
        REQUESTED = "demande", _("inscription demandée")
        CONFIRMED = "confirmation", _("inscription confirmée")
        PREFERENCES = "preferences", _("préférences modifiées")
        UNSUBSCRIBED = "desinscription", _("désinscription")
        SUPPRESSED = "suspension", _("adresse suspendue")

    class Source(models.TextChoices):
        WEB = "web", _("formulaire du site")
        ACCOUNT = "compte", _("page du compte")
        API = "api", _("API")
        EMAIL_LINK = "lien", _("lien d'un courriel")
        ONE_CLICK = "un_clic", _("désinscription en un clic de la messagerie")
        PROVIDER = "fournisseur", _("signalement du fournisseur d'envoi")
        ADMIN = "admin", _("administration")

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="consents", verbose_name=_("inscription")
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    source = models.CharField(_("origine"), max_length=16, choices=Source.choices)
    at = models.DateTimeField(_("date"), auto_now_add=True)
    list_title = models.CharField(_("liste"), max_length=255)
    consent_text = models.TextField(_("texte présenté"), blank=True)
    language = models.CharField(_("langue"), max_length=8, blank=True)
    themes = models.JSONField(_("thèmes"), default=list, blank=True)

    class Meta:
        verbose_name = _("preuve de consentement")
        verbose_name_plural = _("preuves de consentement")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} – {self.at:%Y-%m-%d %H:%M}"


class Suppression(models.Model):
    """An address no newsletter sends to: a hard bounce, a complaint, or the provider's own refusal."""

    class Reason(models.TextChoices):
        BOUNCED = "rejet", _("rejet définitif")
        COMPLAINED = "plainte", _("signalée comme indésirable")
        REJECTED = "refus", _("refusée par le fournisseur")
        MANUAL = "manuel", _("ajoutée par l'équipe")

    email_key = models.CharField(_("adresse normalisée"), max_length=254, unique=True)
    reason = models.CharField(_("motif"), max_length=16, choices=Reason.choices)
    detail = models.CharField(_("détail"), max_length=500, blank=True)
    at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("adresse suspendue")
        verbose_name_plural = _("adresses suspendues")

    def __str__(self):
        return f"{self.email_key} ({self.get_reason_display()})"
