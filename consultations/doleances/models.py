"""The cahier de doléances: its page, its entries (one per closed consultation, denormalised for the listing),
the platform's carrying threshold and the carrying of an entry to a public body.

An `ArchiveEntry` copies what the archive lists (dates, theme, territory, participation, a short summary of the
results in each language the consultation is published in) so that a page of the archive is one indexed query,
whatever the number of entries. `consultations.doleances.services.sync_entry` fills it when the results are frozen
and keeps it in step when the consultation is published, unpublished, moved, restricted or deleted: `published` says
whether the archive may show it (a live, public, listed consultation), and every public view checks the page again.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.routable_page.models import path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from cms.models import BasePage, PageViewsMixin

from .query import ArchiveEntryQuerySet

MESSAGE_MAX_LENGTH = 2000
ANALYSIS_MAX_LENGTH = 10000


@register_setting(icon="pick")
class DoleancesSettings(BaseGenericSetting):
    """Platform-wide rules of the cahier de doléances (AimPact's team)."""

    carry_threshold = models.PositiveIntegerField(
        _("seuil pour porter une consultation"),
        default=100,
        help_text=_(
            "Nombre de participants à partir duquel l'auteur d'une consultation close, ou ses éditeurs, peuvent "
            "la porter auprès d'un acteur public."
        ),
    )

    panels = [FieldPanel("carry_threshold")]

    class Meta:
        verbose_name = _("cahier de doléances")


class CahierDoleancesPage(PageViewsMixin, BasePage):
    """The public archive of the closed consultations of the whole platform (one under the platform's home)."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        HelpPanel(
            content=_(
                "La liste se remplit seule : chaque consultation publique close y entre quand ses résultats sont "
                "figés. Les analyses et les commentaires mis en avant se rédigent dans « Cahier de doléances »."
            )
        ),
    ]

    parent_page_types = ["cms.PlatformHomePage"]
    subpage_types = []
    max_count_per_parent = 1
    page_views = "consultations.doleances.views"
    per_page = 20

    class Meta:
        verbose_name = _("cahier de doléances")
        verbose_name_plural = _("cahiers de doléances")

    @path("")
    def archive_view(self, request):
        return self.views.archive(request, self)

    @path("espace/<slug:space_slug>/", name="space")
    def space_view(self, request, space_slug):
        return self.views.archive(request, self, space_slug=space_slug)

    @path("<int:entry_id>/", name="entry")
    def entry_view(self, request, entry_id):
        return self.views.entry_detail(request, self, entry_id)

    @path("<int:entry_id>/porter/", name="carry")
    def carry_view(self, request, entry_id):
        return self.views.carry_form(request, self, entry_id)

    def entry_url(self, entry, request=None):
        return self.get_url(request) + self.reverse_subpage("entry", args=[entry.pk])

    def carry_url(self, entry, request=None):
        return self.get_url(request) + self.reverse_subpage("carry", args=[entry.pk])

    def space_url(self, space_slug, request=None):
        return self.get_url(request) + self.reverse_subpage("space", args=[space_slug])


class ArchiveEntry(models.Model):
    """A closed consultation (or, later, debate) in the cahier de doléances."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("consultation")
        DEBATE = "debate", _("débat")

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="archive_entry",
        help_text=_("La version d'origine (celle qui porte l'urne) ; ses traductions partagent l'entrée."),
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.CONSULTATION)
    translation_key = models.UUIDField(_("clé de traduction"), db_index=True)
    locale = models.ForeignKey("wagtailcore.Locale", verbose_name=_("langue d'origine"), on_delete=models.PROTECT)
    title = models.CharField(_("titre"), max_length=255)
    opened_at = models.DateTimeField(_("ouverture"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clôture"))
    year = models.PositiveSmallIntegerField(_("année"))
    theme = models.CharField(_("thème"), max_length=32, blank=True)
    territory = models.ForeignKey(
        "cms.Territory",
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="archive_entries",
    )
    space = models.ForeignKey(
        "cms.CollectiviteSpace",
        verbose_name=_("espace"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="archive_entries",
        help_text=_("Vide pour le réseau national."),
    )
    participants = models.PositiveIntegerField(_("participants"), default=0)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    results_summary = models.JSONField(
        _("résumé des résultats"), default=dict, blank=True, help_text=_("Par langue : chaque question et sa tête.")
    )
    analysis = models.TextField(_("analyse de la rédaction"), max_length=ANALYSIS_MAX_LENGTH, blank=True)
    highlighted_comments = models.ManyToManyField(
        "citizen_comments.Comment",
        verbose_name=_("commentaires mis en avant"),
        blank=True,
        related_name="archive_entries",
    )
    published = models.BooleanField(_("publiée"), default=False)
    updated_at = models.DateTimeField(_("mise à jour"), auto_now=True)

    objects = ArchiveEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du cahier de doléances")
        verbose_name_plural = _("entrées du cahier de doléances")
        ordering = ["-closed_at", "-pk"]
        indexes = [
            models.Index(fields=["-closed_at", "-id"], condition=Q(published=True), name="doleances_listing"),
            models.Index(fields=["theme", "-closed_at", "-id"], condition=Q(published=True), name="doleances_theme"),
            models.Index(fields=["year", "-closed_at", "-id"], condition=Q(published=True), name="doleances_year"),
            models.Index(
                fields=["territory", "-closed_at", "-id"], condition=Q(published=True), name="doleances_territory"
            ),
            models.Index(fields=["space", "-closed_at", "-id"], condition=Q(published=True), name="doleances_space"),
        ]

    def __str__(self):
        return self.title

    @property
    def turnout(self):
        """Participants over the territory's population (0.1234), when it has one."""
        return round(self.participants / self.population, 4) if self.population else None

    @property
    def turnout_percent(self):
        return round(100 * self.participants / self.population, 1) if self.population else None

    def summary_in(self, language):
        """The results summary in `language`, else in the consultation's own language."""
        summaries = self.results_summary or {}
        return summaries.get(language) or summaries.get(self.locale.language_code) or next(iter(summaries.values()), {})


class Carrying(models.Model):
    """An entry carried to a public body: a territory's (from the list) or a named institution. One per entry."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("son auteur")
        EDITOR = "editor", _("la rédaction")

    entry = models.OneToOneField(
        ArchiveEntry, verbose_name=_("entrée"), on_delete=models.CASCADE, related_name="carrying"
    )
    carried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="doleances_carryings",
    )
    role = models.CharField(_("au titre de"), max_length=8, choices=Role.choices)
    territory = models.ForeignKey(
        "cms.Territory",
        verbose_name=_("collectivité destinataire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carryings",
    )
    institution = models.CharField(_("institution destinataire"), max_length=200, blank=True)
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    carried_at = models.DateTimeField(_("portée le"), auto_now_add=True)
    answer = models.TextField(_("réponse de l'acteur public"), max_length=ANALYSIS_MAX_LENGTH, blank=True)
    answered_at = models.DateTimeField(_("réponse reçue le"), null=True, blank=True)
    answer_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("réponse enregistrée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consultation portée")
        verbose_name_plural = _("consultations portées")
        constraints = [
            models.CheckConstraint(
                condition=(Q(territory__isnull=False) & Q(institution=""))
                | (Q(territory__isnull=True) & ~Q(institution="")),
                name="carrying_one_recipient",
            ),
            models.CheckConstraint(condition=~Q(message=""), name="carrying_message_not_empty"),
        ]

    def __str__(self):
        return f"{self.entry} → {self.recipient}"

    @property
    def recipient(self):
        return self.territory.name if self.territory_id else self.institution
