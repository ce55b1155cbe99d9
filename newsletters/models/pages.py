"""A newsletter (the list, one per space and one for the national network) and its issues, as Wagtail pages: the
editor writes an issue like any page, previews it as an email, and publishing it (now or at a scheduled time)
sends it to the list (`newsletters.signals`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Locale

from cms.choices import PublicPolicyTheme
from cms.models import BasePage

from ..blocks import issue_blocks

DEFAULT_CONSENT_TEXT = _(
    "J'accepte de recevoir la lettre d'information de {name} à cette adresse. Je peux me désinscrire à tout "
    "moment par le lien présent dans chaque lettre. Mon adresse n'est utilisée que pour cet envoi."
)


class NewsletterPage(BasePage):
    """A space's newsletter (or the national network's): the subscription form, the archive of sent issues."""

    introduction = models.TextField(_("introduction"), blank=True)
    consent_text = models.TextField(
        _("texte du consentement"),
        blank=True,
        help_text=_(
            "Ce que la personne accepte en s'inscrivant, conservé avec son inscription. Laissez vide pour le texte "
            "par défaut."
        ),
    )
    sender_name = models.CharField(
        _("nom de l'expéditeur"),
        max_length=100,
        blank=True,
        help_text=_("Le nom affiché dans la messagerie des abonnés. Par défaut, le nom de l'espace."),
    )
    reply_to = models.EmailField(_("adresse de réponse"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    settings_panels = [
        *BasePage.settings_panels,
        MultiFieldPanel(
            [FieldPanel("sender_name"), FieldPanel("reply_to"), FieldPanel("consent_text")],
            heading=_("Envoi et consentement"),
        ),
    ]
    api_fields = [*BasePage.api_fields, APIField("introduction")]

    parent_page_types = ["cms.CollectiviteSpace", "cms.PlatformHomePage"]
    subpage_types = ["newsletters.NewsletterIssuePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("lettre d'information")
        verbose_name_plural = _("lettres d'information")

    @property
    def list_page(self):
        """The version subscriptions and deliveries point to: the one in the default language (else this one)."""
        if self.locale_id == Locale.get_default().pk:
            return self
        default = NewsletterPage.objects.filter(translation_key=self.translation_key, locale=Locale.get_default())
        return default.first() or self

    @property
    def owner_page(self):
        """The space (or the platform home) whose newsletter this is."""
        return self.get_parent().specific

    @property
    def display_name(self):
        return self.sender_name or self.owner_page.title

    def get_consent_text(self):
        return self.consent_text or str(DEFAULT_CONSENT_TEXT).format(name=self.owner_page.title)


class NewsletterIssuePage(BasePage):
    """One issue: publishing it sends it to the list's subscribers (once: `IssueSending`, `Delivery`)."""

    preheader = models.CharField(
        _("texte d'aperçu"),
        max_length=150,
        blank=True,
        help_text=_("La phrase que les messageries affichent après l'objet."),
    )
    themes = models.JSONField(
        _("thèmes"),
        default=list,
        blank=True,
        help_text=_(
            "Envoyé aux abonnés qui suivent l'un de ces thèmes, et à ceux qui reçoivent tout. Sans thème : à tous."
        ),
    )
    body = StreamField(issue_blocks(), verbose_name=_("contenu"), blank=True)

    content_panels = [
        HelpPanel(
            content=_(
                "Le titre est l'objet du courriel. Publier ce numéro l'envoie aux abonnés de la lettre, une seule "
                "fois ; pour l'envoyer plus tard, choisissez une date de publication dans l'onglet « Paramètres »."
            )
        ),
        *BasePage.content_panels,
        FieldPanel("preheader"),
        FieldPanel("themes"),
        FieldPanel("body"),
    ]
    api_fields = [*BasePage.api_fields, APIField("preheader"), APIField("themes"), APIField("body")]

    parent_page_types = ["newsletters.NewsletterPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("numéro de lettre d'information")
        verbose_name_plural = _("numéros de lettre d'information")

    @property
    def original(self):
        """The version deliveries point to: the one in the default language (else this one)."""
        if self.locale_id == Locale.get_default().pk:
            return self
        default = NewsletterIssuePage.objects.filter(translation_key=self.translation_key, locale=Locale.get_default())
        return default.first() or self

    @property
    def newsletter(self):
        return self.get_parent().specific

    def theme_labels(self):
        labels = dict(PublicPolicyTheme.choices)
        return [labels[value] for value in self.themes if value in labels]
