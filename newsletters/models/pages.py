"""A newsletter (the list, one per space and one for the national network) and its issues, as Wagtail pages: the
editor writes an issue like any page, previews it as an email, and publishing it (now or at a scheduled time)
sends it to the list (`newsletters.signals`)."""

from django.db import models
from django.http import HttpResponse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Locale

from cms.choices import PublicPolicyTheme
from cms.models import BasePage

from .. import rendering
from ..blocks import issue_blocks
from ..page_forms import NewsletterIssuePageForm

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

    @cached_property
    def owner_page(self):
        """The space (or the platform home) whose newsletter this is."""
        return self.get_parent().specific

    @property
    def display_name(self):
        """The name in the From header: on one line (a line break in a header makes Django refuse the message)."""
        return " ".join((self.sender_name or self.owner_page.title).split())

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

    base_form_class = NewsletterIssuePageForm

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

    # -- the web version and the previews (newsletters.rendering) -------------------------------------------------
    def get_context(self, request, *args, **kwargs):
        """The issue as sent in this page's language (its frozen rendering, without the recipient's footer) once
        sent; before that (or in a preview), as it would be sent now."""
        context = super().get_context(request, *args, **kwargs)
        language = self.locale.language_code
        frozen = None
        if self.pk and not getattr(request, "is_preview", False):
            frozen = self.original.renderings.filter(language=language).first()
        html = frozen.html if frozen is not None else rendering.render_page(self, language).html
        context["issue_html"] = mark_safe(rendering.content_of(html))  # noqa: S308 - our own rendering
        context["issue_sent"] = frozen is not None
        return context

    @property
    def preview_modes(self):
        return [
            ("", _("Page web")),
            ("email_html", _("Courriel (HTML)")),
            ("email_text", _("Courriel (texte)")),
        ]

    def serve_preview(self, request, mode_name):
        """The email as subscribers in this page's language would get it (placeholders in place of their links)."""
        if mode_name in ("email_html", "email_text"):
            rendered = rendering.render_page(self, self.locale.language_code)
            if mode_name == "email_html":
                return HttpResponse(rendered.html, content_type="text/html; charset=utf-8")
            return HttpResponse(rendered.text, content_type="text/plain; charset=utf-8")
        return super().serve_preview(request, mode_name)
