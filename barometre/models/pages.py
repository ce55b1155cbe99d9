"""The baromètre's pages: one index under the platform home, one entry per bill or public initiative."""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from barometre import perception as perceptions
from barometre.charts import indicator_chart, trend_chart
from barometre.choices import STAGE_ORDER, Kind, Level, Stage
from barometre.forms import EntryFilterForm
from barometre.query import BarometreEntryPageManager
from barometre.serializers import IndicatorSerializer, PerceptionSerializer, StatusStepSerializer
from cms.blocks import body_blocks
from cms.choices import PublicPolicyTheme
from cms.models import BasePage, FilterableListMixin
from cms.page_forms import BasePageForm
from cms.serializers import TerritorySerializer
from consultations.models import ConsultationPage
from consultations.views import survey_context

from .indicators import Indicator

IMPACT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class BarometreIndexPage(FilterableListMixin, BasePage):
    """The baromètre: the entries of the moment, filterable, ranked by citizens' perception."""

    introduction = models.TextField(_("introduction"), blank=True)
    moment = RichTextField(
        _("l'essentiel du moment"),
        features=IMPACT_FEATURES,
        blank=True,
        help_text=_("Quelques phrases de la rédaction sur l'actualité des initiatives suivies."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("introduction"), FieldPanel("moment")]
    api_fields = [*BasePage.api_fields, APIField("introduction"), APIField("moment")]

    parent_page_types = ["cms.PlatformHomePage"]
    subpage_types = ["barometre.BarometreEntryPage"]
    max_count_per_parent = 1

    listing_model = "barometre.BarometreEntryPage"
    listing_context_name = "entries_page"
    filter_form_class = EntryFilterForm
    sort_param = "sort"
    per_page = 10

    class Meta:
        verbose_name = _("baromètre")
        verbose_name_plural = _("baromètres")

    def get_entries(self):
        return self.get_listing_queryset()

    def get_listing_queryset(self):
        # Read once per request: get_context lists every entry (rankings) before the listing filters and pages them.
        if getattr(self, "_entries", None) is not None:
            return self._entries
        return super().get_listing_queryset().select_related("territory")

    def order_listing(self, queryset, sort=None):
        """Most recent step first; or by citizens' perception, which the live counters give, not a column: the
        entries are ranked from them (barometre.perception.sort_entries) and the database returns them in that order."""
        if sort in (None, "", "recent"):
            return queryset.recent_first()
        entries = list(queryset)
        known = getattr(self, "_perceptions", None)
        ranked = perceptions.sort_entries(
            entries, known if known is not None else perceptions.perception_for(entries), sort
        )
        return queryset.in_order_of([entry.pk for entry in ranked])

    def get_context(self, request, *args, **kwargs):
        entries = self.get_listing_queryset()
        everything = list(entries)
        perception_by_entry = perceptions.perception_for(everything)
        self._entries, self._perceptions = entries, perception_by_entry
        try:
            context = super().get_context(request, *args, **kwargs)
        finally:
            self._entries = self._perceptions = None
        for entry in context["entries_page"]:
            entry.perception = perception_by_entry.get(entry.pk)
        context.update(
            rankings=perceptions.rankings(everything, perception_by_entry),
            ranking_min=perceptions.RANKING_MIN_VOTES,
        )
        return context


class BarometreEntryPageForm(BasePageForm):
    def clean(self):
        cleaned_data = super().clean()
        level, territory = cleaned_data.get("level"), cleaned_data.get("territory")
        if level == Level.LOCAL and territory is None:
            self.add_error("territory", _("Une mesure locale concerne un territoire : choisissez-le."))
        if level == Level.NATIONAL and territory is not None:
            self.add_error(
                "territory", _("Une initiative nationale ne se rattache pas à un territoire : videz ce champ.")
            )
        return cleaned_data


class BarometreEntryPage(BasePage):
    """One bill or public initiative: what it is, where it stands, what it changes, what citizens think of it."""

    summary = models.TextField(
        _("résumé"), max_length=600, help_text=_("Deux ou trois phrases, affichées dans les listes.")
    )
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices, default=Kind.BILL)
    level = models.CharField(_("échelon"), max_length=10, choices=Level.choices, default=Level.NATIONAL)
    territory = models.ForeignKey(
        "cms.Territory",
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="barometre_entries",
        help_text=_("Pour une mesure locale : la commune, l'intercommunalité, le département ou la région."),
    )
    theme = models.CharField(_("thème"), max_length=32, choices=PublicPolicyTheme.choices)
    sponsors = models.CharField(
        _("porté par"),
        max_length=300,
        blank=True,
        help_text=_("Le gouvernement, des parlementaires, une collectivité… séparés par des virgules."),
    )
    impact_expected = RichTextField(_("impact attendu"), features=IMPACT_FEATURES, blank=True)
    impact_measured = RichTextField(
        _("impact mesuré"),
        features=IMPACT_FEATURES,
        blank=True,
        help_text=_("Ce que les chiffres montrent à ce jour, avec prudence : laissez vide s'il est trop tôt."),
    )
    body = StreamField(body_blocks(), verbose_name=_("pour aller plus loin"), blank=True)
    # Computed from the status timeline on every save, so that listings filter and sort without a subquery.
    status = models.CharField(_("état"), max_length=16, choices=Stage.choices, blank=True, editable=False)
    status_date = models.DateField(_("depuis le"), null=True, blank=True, editable=False)

    objects = BarometreEntryPageManager()
    base_form_class = BarometreEntryPageForm

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("theme")]),
                FieldRowPanel([FieldPanel("level"), FieldPanel("territory")]),
                FieldPanel("sponsors"),
            ],
            heading=_("Identité"),
        ),
        InlinePanel("official_links", heading=_("Liens officiels"), label=_("lien")),
        InlinePanel("status_steps", heading=_("Calendrier"), label=_("étape"), min_num=1),
        MultiFieldPanel(
            [
                HelpPanel(template="barometre/admin/indicators_help.html"),
                FieldPanel("impact_expected"),
                FieldPanel("impact_measured"),
            ],
            heading=_("Impact et indicateurs"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("sponsors"),
        index.FilterField("theme"),
        index.FilterField("level"),
        index.FilterField("status"),
    ]

    api_fields = [
        *BasePage.api_fields,
        APIField("summary"),
        APIField("kind"),
        APIField("level"),
        APIField("territory", serializer=TerritorySerializer(read_only=True)),
        APIField("theme"),
        APIField("sponsors"),
        APIField("status"),
        APIField("status_date"),
        APIField("official_links"),
        APIField("timeline", serializer=StatusStepSerializer(source="api_timeline", many=True, read_only=True)),
        APIField("impact_expected"),
        APIField("impact_measured"),
        APIField("indicators", serializer=IndicatorSerializer(source="api_indicators", many=True, read_only=True)),
        APIField("perception", serializer=PerceptionSerializer(source="api_perception", read_only=True)),
        APIField("body"),
    ]

    parent_page_types = ["barometre.BarometreIndexPage"]
    subpage_types = ["consultations.ConsultationPage"]

    class Meta:
        verbose_name = _("entrée du baromètre")
        verbose_name_plural = _("entrées du baromètre")

    def save(self, *args, **kwargs):
        latest = self.latest_step()
        self.status = latest.status if latest else ""
        self.status_date = latest.date if latest else None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "status", "status_date"}
        return super().save(*args, **kwargs)

    # -- status timeline ---------------------------------------------------------------------------------------
    def timeline(self):
        """The dated steps, oldest first (steps of the same day in the usual order of stages)."""
        return sorted(self.status_steps.all(), key=lambda step: (step.date, STAGE_ORDER.get(step.status, 0)))

    def latest_step(self):
        steps = self.timeline()
        return steps[-1] if steps else None

    def stage_track(self):
        """Every stage with whether it is reached, for the progress track: [(value, label, step or None)]."""
        reached = {}
        for step in self.timeline():
            reached[step.status] = step
        return [(value, label, reached.get(value)) for value, label in Stage.choices]

    # -- indicators (data edited outside the page, see barometre.models.indicators) ------------------------------
    @cached_property
    def indicator_list(self):
        return list(
            Indicator.objects.filter(entry__translation_key=self.translation_key)
            .prefetch_related("values")
            .order_by("sort_order", "pk")
        )

    # -- perception --------------------------------------------------------------------------------------------
    @cached_property
    def perception_poll(self):
        """The poll of this language version (a ConsultationPage child), if created."""
        return ConsultationPage.objects.child_of(self).order_by("path").first()

    @property
    def poll_id(self):
        """The consultation id to vote with through /api/consultations/{id}/ballots/ (shared by translations)."""
        poll = self.perception_poll
        return poll.ballot_box.pk if poll else None

    @cached_property
    def perception(self):
        return perceptions.perception_for([self]).get(self.pk)

    @property
    def sponsor_list(self):
        return [name.strip() for name in self.sponsors.split(",") if name.strip()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        poll = self.perception_poll
        if poll is not None and poll.live:
            context.update(survey_context(request, poll.specific))
            context["next"] = request.get_full_path()
            context["poll"] = poll.specific
        context["indicators"] = [(indicator, indicator_chart(indicator)) for indicator in self.indicator_list]
        perception = self.perception
        context["perception"] = perception
        context["trend_chart"] = trend_chart(perception) if perception else None
        return context

    # -- API -----------------------------------------------------------------------------------------------------
    @property
    def api_timeline(self):
        return [{"status": step.status, "date": step.date, "note": step.note} for step in self.timeline()]

    @property
    def api_indicators(self):
        return [indicator.to_dict() for indicator in self.indicator_list]

    @property
    def api_perception(self):
        perception = self.perception
        return perception.to_dict() if perception else None


class StatusStep(Orderable):
    page = ParentalKey(BarometreEntryPage, on_delete=models.CASCADE, related_name="status_steps")
    status = models.CharField(_("étape"), max_length=16, choices=Stage.choices)
    date = models.DateField(_("date"))
    note = models.CharField(
        _("précision"), max_length=300, blank=True, help_text=_("Par exemple : « adoptée en première lecture ».")
    )

    panels = [FieldRowPanel([FieldPanel("status"), FieldPanel("date")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")

    def __str__(self):
        return f"{self.get_status_display()} – {self.date}"


class OfficialLink(Orderable):
    page = ParentalKey(BarometreEntryPage, on_delete=models.CASCADE, related_name="official_links")
    label = models.CharField(_("intitulé"), max_length=200, help_text=_("Par exemple : « Le texte sur Légifrance »."))
    url = models.URLField(_("adresse"), max_length=500)

    panels = [FieldPanel("label"), FieldPanel("url")]
    api_fields = [APIField("label"), APIField("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("lien officiel")
        verbose_name_plural = _("liens officiels")

    def __str__(self):
        return self.label
