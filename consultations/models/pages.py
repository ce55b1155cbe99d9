"""The consultation page types: the consultations index and a consultation (its survey and its modalities)."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.search import index

from cms.blocks import body_blocks
from cms.choices import PublicPolicyTheme
from cms.models import BasePage, FilterableListMixin, PageViewsMixin, Territory
from cms.page_forms import BasePageForm
from consultations.query import ConsultationPageManager
from consultations.survey import SURVEY_BLOCKS, Survey, SurveyDefinitionError
from consultations.templates_library import build_survey_stream, template_choices

from .ballots import Ballot, BallotBox, Participation, ResultsSnapshot, TallyCell


class Secrecy(models.TextChoices):
    SECRET = "secret", _("Vote secret : personne ne peut relier une réponse à son auteur")
    OPEN = "open", _("Vote à main levée : les réponses sont attribuées")


class Eligibility(models.TextChoices):
    ACCOUNT = "account", _("Toute personne ayant un compte")
    RESIDENTS = "residents", _("Les habitants du territoire de la consultation")
    INVITATION = "invitation", _("Les détenteurs d'un code d'invitation")
    EMAIL = "email", _("Toute personne qui confirme son adresse e-mail (sans compte)")


class ResultsVisibility(models.TextChoices):
    LIVE = "live", _("En direct, pendant la consultation")
    AFTER_CLOSE = "after_close", _("Seulement après la clôture")


class Status(models.TextChoices):
    UPCOMING = "upcoming", _("à venir")
    OPEN = "open", _("en cours")
    CLOSED = "closed", _("terminée")


NO_QUESTION_MESSAGE = _(
    "Ajoutez au moins une question avant de publier la consultation (ou de programmer sa publication) : "
    "sans question, les citoyens n'auraient rien à quoi répondre."
)


def territory_outside_space(territory, space):
    """The message refusing `territory` for a consultation of `space`, or None when it may be chosen.

    A collectivité asks its own residents: its territory or one it contains (a commune of its EPCI, a
    département of its région...). On the national network (no space), or for a space without a territory, any
    territory may be chosen."""
    if territory is None or space is None or space.territory_id is None:
        return None
    if Territory.objects.within(space.territory).filter(pk=territory.pk).exists():
        return None
    return _(
        "Choisissez le territoire de votre collectivité (%(territory)s) ou un territoire qu'il contient : ses "
        "habitants ne peuvent pas voter pour un autre territoire."
    ) % {"territory": space.territory}


class ConsultationPageForm(BasePageForm):
    """Checks the survey, fills it from a template, and refuses to change it once people have voted."""

    start_from_template = forms.ChoiceField(
        label=_("Partir d'un modèle"),
        required=False,
        help_text=_(
            "Choisissez un modèle pour pré-remplir les questions (seulement si elles sont vides), "
            "puis enregistrez le brouillon et adaptez-les."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_from_template"].choices = [("", "—"), *template_choices()]
        space_territory = self._space_territory()
        if space_territory is not None and "territory" in self.fields:
            # Only the space's territory and what it contains are offered (the model refuses any other).
            self.fields["territory"].queryset = Territory.objects.within(space_territory).order_by("kind", "name")

    def clean(self):
        cleaned_data = super().clean()
        survey_stream = cleaned_data.get("survey")
        template_name = cleaned_data.get("start_from_template")
        if template_name and survey_stream is not None and not len(survey_stream):
            locale = self.instance.locale if self.instance.locale_id else None
            language = locale.language_code if locale else "fr"
            survey_stream = build_survey_stream(self.fields["survey"].block, template_name, language)
            cleaned_data["survey"] = survey_stream
        if survey_stream is None:
            return cleaned_data
        if self.data.get("action-publish") and not len(survey_stream):
            self.add_error("survey", NO_QUESTION_MESSAGE)
            return cleaned_data
        try:
            Survey.from_stream(survey_stream, strict=True)
        except SurveyDefinitionError as error:
            self.add_error("survey", error)
            return cleaned_data
        # What must not change once people voted (questions, ballot mode, dates of a sealed box) is checked by
        # the model's clean(), which every way of publishing runs, this form included.
        opens_at, closes_at = cleaned_data.get("opens_at"), cleaned_data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("La clôture doit venir après l'ouverture."))
        if cleaned_data.get("eligibility") == Eligibility.RESIDENTS and not (
            cleaned_data.get("territory") or self._space_territory()
        ):
            self.add_error("territory", _("Indiquez le territoire dont les habitants peuvent voter."))
        return cleaned_data

    def _space_territory(self):
        """The territory of the space the consultation is in, or will be in once created (its default territory)."""
        page = self.instance if self.instance.pk else self.parent_page
        space = getattr(page.specific if page is not None else None, "collectivite_space", None)
        return space.territory if space is not None else None


class ConsultationIndexPage(FilterableListMixin, BasePage):
    """Consultations of a collectivité (or the national network): open ones first, then upcoming and closed ones."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    api_fields = [*BasePage.api_fields, APIField("introduction")]

    parent_page_types = ["cms.CollectiviteSpace", "cms.PlatformHomePage"]
    subpage_types = ["consultations.ConsultationPage"]
    max_count_per_parent = 1

    listing_model = "consultations.ConsultationPage"
    listing_context_name = "consultations"
    listing_ordering = ("-opens_at",)

    class Meta:
        verbose_name = _("index des consultations")
        verbose_name_plural = _("index des consultations")

    per_status = 12  # each list is paginated in the database, with its own page parameter (page_open, …)

    def get_listing_context(self, request):
        """One list per status, each newest opening first: open_consultations, upcoming_…, closed_…, each a page of
        `per_status` read from the database (`?page_<status>=`), with `<status>_query`, the other lists' pages as a
        query string prefix for its links."""
        consultations = super().get_listing_context(request)[self.listing_context_name]
        now = timezone.now()
        params = {f"page_{status}": request.GET.get(f"page_{status}", "")[:20] for status in Status.values}
        context = {}
        for status in Status.values:
            queryset = consultations.in_status(status, now)
            context[f"{status}_consultations"] = Paginator(queryset, self.per_status).get_page(params[f"page_{status}"])
            others = {name: value for name, value in params.items() if value and name != f"page_{status}"}
            context[f"{status}_query"] = urlencode(others) + "&" if others else ""
        return context


class ConsultationPage(PageViewsMixin, BasePage):
    """A consultation: a survey with its modalities (dates, secrecy, eligibility, results visibility)."""

    summary = models.TextField(
        _("résumé"), max_length=400, help_text=_("Deux ou trois phrases, affichées dans les listes.")
    )
    theme = models.CharField(_("thème"), max_length=32, choices=PublicPolicyTheme.choices, blank=True)
    description = StreamField(body_blocks(), verbose_name=_("description"), blank=True)
    survey = StreamField(SURVEY_BLOCKS, verbose_name=_("questions"), blank=True)
    opens_at = models.DateTimeField(_("ouverture"), default=timezone.now)
    closes_at = models.DateTimeField(_("clôture"))
    secrecy = models.CharField(_("secret du vote"), max_length=8, choices=Secrecy.choices, default=Secrecy.SECRET)
    eligibility = models.CharField(
        _("qui peut voter"), max_length=12, choices=Eligibility.choices, default=Eligibility.ACCOUNT
    )
    territory = models.ForeignKey(
        "cms.Territory",
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text=_(
            "Par défaut, celui de la collectivité. Sert au vote des habitants et au calcul de la participation."
        ),
    )
    results_visibility = models.CharField(
        _("résultats visibles"), max_length=12, choices=ResultsVisibility.choices, default=ResultsVisibility.AFTER_CLOSE
    )

    objects = ConsultationPageManager()
    base_form_class = ConsultationPageForm
    page_views = "consultations.views"  # the views import the services that import this module

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("theme"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                HelpPanel(template="consultations/admin/frozen_help.html"),
                FieldPanel("start_from_template"),
                FieldPanel("survey"),
            ],
            heading=_("Questionnaire"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("secrecy"),
                FieldPanel("eligibility"),
                FieldPanel("territory"),
                FieldPanel("results_visibility"),
            ],
            heading=_("Modalités"),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("closes_at"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("summary"),
        APIField("theme"),
        APIField("description"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("secrecy"),
        APIField("eligibility"),
        APIField("results_visibility"),
    ]

    # Under a baromètre entry: its perception poll (barometre/perception.py), kept out of the listings (`listed()`).
    parent_page_types = ["consultations.ConsultationIndexPage", "barometre.BarometreEntryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    # -- what voters were promised -----------------------------------------------------------------------------
    # The modalities live on the ballot box's page (the first language version); translations copy them on every
    # save, so that no language version shows or decides another ballot mode, other dates or other rules.
    MODALITIES = ("opens_at", "closes_at", "secrecy", "eligibility", "territory_id", "results_visibility")

    def clean(self):
        super().clean()
        errors = {**self.publishing_errors(), **self.vote_rule_errors()}
        if errors:
            raise ValidationError(errors)

    def publishing_errors(self):
        """{field: message} for what a consultation cannot be published (or scheduled) with: no question at all
        (an empty ballot would be the only one possible), a territory outside its collectivité's.

        Checked here because every way of publishing cleans the page: the editor's form, a revision published by
        code or by the scheduled publishing (`cms.tasks.publish_scheduled_pages`), which unschedules it. A page
        not created yet is checked by its form (`ConsultationPageForm`): Wagtail cleans a new page before it
        decides whether it is a draft."""
        errors = {}
        territory_error = territory_outside_space(self.territory, self.collectivite_space if self.pk else None)
        if territory_error:
            errors["territory"] = territory_error
        if self.pk and (self.live or self.go_live_at) and not len(self.survey or []):
            errors["survey"] = NO_QUESTION_MESSAGE
        return errors

    def vote_rule_errors(self):
        """{field: message} for what cannot change any more: the questions' structure and the ballot mode once
        someone voted, the dates once the ballot box is sealed. Compared with the published version."""
        if not self.pk:
            return {}
        box_id = self.ballot_box.pk
        published = (
            ConsultationPage.objects.filter(pk=box_id).only("survey", "secrecy", "opens_at", "closes_at").first()
        )
        if published is None:
            return {}
        errors = {}
        if Participation.objects.filter(consultation_id=box_id).exists():
            try:
                changed = (
                    Survey.from_stream(self.survey).structure() != Survey.from_stream(published.survey).structure()
                )
            except (SurveyDefinitionError, KeyError, TypeError, ValueError):
                changed = True
            if changed:
                errors["survey"] = _(
                    "Les questions sont figées : des citoyens ont déjà voté. Vous pouvez corriger le texte "
                    "des questions, mais pas en ajouter, en retirer, les réordonner ni changer leurs choix, "
                    "sans quoi leurs réponses changeraient de sens."
                )
            if self.pk == box_id and self.secrecy != published.secrecy:
                errors["secrecy"] = _(
                    "Des citoyens ont déjà voté sous ce mode de scrutin : il ne peut plus changer, sans quoi "
                    "un vote secret deviendrait attribué (ou l'inverse)."
                )
        if self.pk == box_id and BallotBox.objects.filter(pk=box_id, frozen_at__isnull=False).exists():
            for name in ("opens_at", "closes_at"):
                if getattr(self, name) != getattr(published, name):
                    errors[name] = _(
                        "Cette consultation est close et son urne scellée : ses dates ne peuvent plus changer. "
                        "Pour consulter à nouveau, créez une nouvelle consultation."
                    )
        return errors

    def save(self, *args, **kwargs):
        box = self.ballot_box
        if box is not self and box.pk != self.pk:
            for name, value in ConsultationPage.objects.filter(pk=box.pk).values(*self.MODALITIES).get().items():
                setattr(self, name, value)
        result = super().save(*args, **kwargs)
        if box is self or box.pk == self.pk:
            live = ConsultationPage.objects.filter(pk=self.pk).values(*self.MODALITIES).get()
            ConsultationPage.objects.filter(translation_key=self.translation_key).exclude(pk=self.pk).update(**live)
        return result

    # -- status --------------------------------------------------------------------------------------------------
    def status_at(self, now=None):
        now = now or timezone.now()
        if now < self.opens_at:
            return Status.UPCOMING
        if now >= self.closes_at:
            return Status.CLOSED
        return Status.OPEN

    @property
    def status(self):
        return self.status_at()

    def get_status_display(self):
        return Status(self.status).label

    @property
    def is_open(self):
        return self.status == Status.OPEN

    @property
    def is_closed(self):
        return self.status == Status.CLOSED

    # -- where the ballots go ------------------------------------------------------------------------------------
    @cached_property
    def ballot_box(self):
        """The page the ballots of every language version are counted on: the first version created."""
        first = ConsultationPage.objects.filter(translation_key=self.translation_key).order_by("pk").only("pk").first()
        return first if first is not None and first.pk != self.pk else self

    def has_ballots(self):
        return Participation.objects.filter(consultation_id=self.ballot_box.pk).exists()

    def participants_count(self):
        """Ballots cast: those in the live counters plus those waiting for their batch (constant cost, unlike
        counting the participations)."""
        box_id = self.ballot_box.pk
        counted = (
            TallyCell.objects.filter(consultation_id=box_id, question_id="", key="participants")
            .values_list("value", flat=True)
            .first()
        )
        return (counted or 0) + Ballot.objects.filter(consultation_id=box_id, release__isnull=True).count()

    def is_frozen(self):
        """Whether the ballot box is sealed: closed for good, whatever its dates say."""
        return BallotBox.objects.filter(pk=self.ballot_box.pk, frozen_at__isnull=False).exists()

    def get_survey(self):
        return Survey.from_stream(self.survey)

    @cached_property
    def effective_territory(self):
        if self.territory_id:
            return self.territory
        space = self.collectivite_space
        return space.territory if space else None

    def results_are_public(self, now=None):
        return self.results_visibility == ResultsVisibility.LIVE or self.status_at(now) == Status.CLOSED

    def get_snapshot(self):
        return ResultsSnapshot.objects.filter(consultation_id=self.ballot_box.pk).first()

    # -- public views (the logic is in consultations.views) --------------------------------------------------------
    @path("")
    def vote_view(self, request):
        return self.views.consultation_page(request, self)

    @path("resultats/", name="results")
    def results_view(self, request):
        return self.views.results_page(request, self)

    @path("resultats/csv/", name="results_csv")
    def results_csv_view(self, request):
        return self.views.results_csv(request, self)

    @path("code/", name="invitation_code")
    def invitation_code_view(self, request):
        return self.views.invitation_code(request, self)

    @path("confirmer-email/", name="email_request")
    def email_request_view(self, request):
        return self.views.email_request(request, self)

    @path("confirmer-email/<str:token>/", name="email_confirm")
    def email_confirm_view(self, request, token):
        return self.views.email_confirm(request, self, token)

    def results_url(self, request=None):
        return self.get_url(request) + self.reverse_subpage("results")

    def absolute_url(self, subpage=""):
        """The full address of the page (or of a subpage path), for emails.

        `get_url()` is a path while there is one site, and already a full address once there are
        several (a space served on its own hostname): only a path gets the platform's base URL.
        """
        url = self.get_url()
        if not url.startswith(("http://", "https://")):
            url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
        return url + subpage
