"""The Académie's page types: the library index, parcours, lessons and case studies.

Page tree: Platform home ─ Académie (AcademieIndexPage) ─ parcours (ParcoursPage) ─ lessons (LessonPage) and case
studies (CaseStudyPage); lessons and case studies may also sit directly under the Académie.

Lessons and case studies belong to the basic library (open to all) or the full library (client collectivités and
their citizens, see `academie.access`). A locked page shows its summary and how to get access, never its content:
the template does not render it and the API serializes the gated fields as null (`GatedContentMixin`).
"""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from academie.access import can_read_full_library
from academie.blocks import CaseStudyContactBlock, CaseStudyFigureBlock, lesson_blocks
from academie.choices import AUDIENCE_FIELDS, Audience, ContentKind, LessonFormat, Level, Library, SizeBracket
from academie.forms import AcademieAccessCodeForm, LibraryFilterForm
from academie.query import CaseStudyPageManager, LessonPageManager, LibraryListing, ParcoursPageManager
from academie.quiz import quizzes_of
from academie.serializers import (
    AudiencesField,
    GatedRichTextField,
    GatedStreamField,
    LockedField,
    ParcoursLessonsField,
)
from cms.blocks import body_blocks
from cms.choices import PublicPolicyTheme
from cms.models import BasePage, FilterableListMixin, PageViewsMixin

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class AudienceMixin(models.Model):
    """Who the page is written for: citizens, collectivité agents, elected officials (any of them)."""

    for_citizens = models.BooleanField(_("citoyens"), default=True)
    for_agents = models.BooleanField(_("agents de collectivité"), default=False)
    for_elected = models.BooleanField(_("élus"), default=False)

    audience_panel = MultiFieldPanel(
        [FieldRowPanel([FieldPanel("for_citizens"), FieldPanel("for_agents"), FieldPanel("for_elected")])],
        heading=_("Public visé"),
    )

    class Meta:
        abstract = True

    @property
    def audiences(self):
        return [audience for audience, field in AUDIENCE_FIELDS.items() if getattr(self, field)]

    def get_audiences_display(self):
        return [Audience(audience).label for audience in self.audiences]


class GatedContentMixin(models.Model):
    """A page of the basic or the full library. `gated_fields` are never shown to who may not read the page."""

    library = models.CharField(
        _("bibliothèque"),
        max_length=8,
        choices=Library.choices,
        default=Library.BASIC,
        help_text=_(
            "La bibliothèque complète est réservée aux collectivités clientes et à leurs habitants : les autres "
            "lecteurs voient le résumé et comment obtenir l'accès."
        ),
    )

    gated_fields = ()

    class Meta:
        abstract = True

    @property
    def is_full_library(self):
        return self.library == Library.FULL

    def is_locked_for(self, request):
        """True when the request may not read this page's content. Without a request (API v3), it is locked."""
        if not self.is_full_library:
            return False
        return not can_read_full_library(request, page=self)

    def access_context(self, request):
        """What the template needs to show a locked page: whether it is, and the access code form."""
        academie = AcademieIndexPage.objects.ancestor_of(self).first()
        return {
            "locked": self.is_locked_for(request),
            "access_form": AcademieAccessCodeForm(),
            "access_action": academie.specific.access_code_url(request) if academie else "",
        }


class AcademieIndexPage(FilterableListMixin, PageViewsMixin, BasePage):
    """The Académie's home: the library of lessons, parcours and case studies, with filters."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(body_blocks(), verbose_name=_("contenu complémentaire"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    api_fields = [*BasePage.api_fields, APIField("introduction"), APIField("body")]

    parent_page_types = ["cms.PlatformHomePage"]
    subpage_types = ["academie.ParcoursPage", "academie.LessonPage", "academie.CaseStudyPage"]
    max_count_per_parent = 1

    listing_context_name = "items_page"
    listing_ordering = ("path",)  # the tree's order, the editors' order
    filter_form_class = LibraryFilterForm
    per_page = 12
    page_views = "academie.views"  # the views import the services that import this module

    class Meta:
        verbose_name = _("Académie")
        verbose_name_plural = _("Académies")

    def get_listing_queryset(self):
        """Every live public parcours, lesson and case study below the index, also those inside a parcours."""
        kinds = [
            (ContentKind.PARCOURS, ParcoursPage),
            (ContentKind.LESSON, LessonPage),
            (ContentKind.CASE_STUDY, CaseStudyPage),
        ]
        return LibraryListing(
            (kind, model.objects.descendant_of(self).live().public().select_related("listing_image"))
            for kind, model in kinds
        )

    def get_filter_params(self, form):
        """The valid filters only: an unknown value is reported and its filter ignored, the others still apply."""
        return form.criteria() if form.is_bound else {}

    # -- public views (the logic is in academie.views) -------------------------------------------------------------
    @path("")
    def library_view(self, request):
        return self.views.library_page(request, self)

    @path("acces/", name="access_code")
    def access_code_view(self, request):
        return self.views.access_code(request, self)

    def access_code_url(self, request=None):
        return self.get_url(request) + self.reverse_subpage("access_code")


class ParcoursPage(AudienceMixin, BasePage):
    """An ordered path of lessons: its lesson children, in the page tree's order."""

    summary = models.TextField(
        _("résumé"), max_length=400, help_text=_("Deux ou trois phrases, affichées dans les listes.")
    )
    description = StreamField(body_blocks(), verbose_name=_("présentation"), blank=True)
    theme = models.CharField(_("thème"), max_length=32, choices=PublicPolicyTheme.choices)
    level = models.CharField(_("niveau"), max_length=16, choices=Level.choices, default=Level.DISCOVERY)

    objects = ParcoursPageManager()

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("theme"), FieldPanel("level")])], heading=_("Classement")),
        AudienceMixin.audience_panel,
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("summary"), index.FilterField("theme")]
    api_fields = [
        *BasePage.api_fields,
        APIField("summary"),
        APIField("description"),
        APIField("theme"),
        APIField("level"),
        APIField("audiences", serializer=AudiencesField()),
        APIField("lessons", serializer=ParcoursLessonsField()),
    ]

    parent_page_types = ["academie.AcademieIndexPage"]
    subpage_types = ["academie.LessonPage", "academie.CaseStudyPage"]

    class Meta:
        verbose_name = _("parcours")
        verbose_name_plural = _("parcours")

    def __str__(self):
        return self.title

    def get_lessons(self):
        """The parcours' live, public lessons in the tree's order (the editor's order)."""
        return list(LessonPage.objects.child_of(self).live().public().order_by("path"))

    @cached_property
    def lessons(self):
        return self.get_lessons()

    def get_context(self, request, *args, **kwargs):
        from academie.progress import parcours_progress

        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = self.lessons
        context["progress"] = parcours_progress(request.user, self, lessons=self.lessons)
        return context


class LessonPage(PageViewsMixin, GatedContentMixin, AudienceMixin, BasePage):
    """A lesson: a summary, a body (text, video, key takeaways, resources, quiz) and how it is classified."""

    summary = models.TextField(
        _("résumé"), max_length=500, help_text=_("Visible par tous, même quand la leçon est réservée.")
    )
    body = StreamField(lesson_blocks(), verbose_name=_("contenu"), blank=True)
    theme = models.CharField(_("thème"), max_length=32, choices=PublicPolicyTheme.choices)
    level = models.CharField(_("niveau"), max_length=16, choices=Level.choices, default=Level.DISCOVERY)
    format = models.CharField(_("format"), max_length=16, choices=LessonFormat.choices, default=LessonFormat.ARTICLE)
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), default=5, help_text=_("Temps de lecture, d'écoute ou de visionnage.")
    )

    objects = LessonPageManager()
    gated_fields = ("body",)
    page_views = "academie.views"  # the views import the services that import this module

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("theme"), FieldPanel("level")]),
                FieldRowPanel([FieldPanel("format"), FieldPanel("duration_minutes")]),
                FieldPanel("library"),
            ],
            heading=_("Classement et accès"),
        ),
        AudienceMixin.audience_panel,
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.FilterField("theme"),
        index.FilterField("library"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("summary"),
        APIField("theme"),
        APIField("level"),
        APIField("format"),
        APIField("duration_minutes"),
        APIField("library"),
        APIField("audiences", serializer=AudiencesField()),
        APIField("locked", serializer=LockedField()),
        APIField("body", serializer=GatedStreamField()),
    ]

    parent_page_types = ["academie.AcademieIndexPage", "academie.ParcoursPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("leçon")
        verbose_name_plural = _("leçons")

    def __str__(self):
        return self.title

    @property
    def parcours(self):
        parent = self.get_parent()
        return parent.specific if parent and parent.specific_class is ParcoursPage else None

    @cached_property
    def academie(self):
        return AcademieIndexPage.objects.ancestor_of(self).first()

    def get_quizzes(self):
        return quizzes_of(self)

    @property
    def has_quiz(self):
        return any(block.block_type == "quiz" for block in self.body)

    # -- public views (the logic is in academie.views) -------------------------------------------------------------
    @path("")
    def lesson_view(self, request):
        return self.views.lesson_page(request, self)

    @path("termine/", name="mark_done")
    def mark_done_view(self, request):
        return self.views.mark_done(request, self)

    @path("quiz/<str:quiz_id>/", name="quiz")
    def quiz_view(self, request, quiz_id):
        return self.views.submit_quiz(request, self, quiz_id)


class CaseStudyPage(GatedContentMixin, BasePage):
    """A good practice: what a collectivité did about a problem, with results in figures and people to contact."""

    collectivite_name = models.CharField(_("collectivité"), max_length=200)
    territory = models.ForeignKey(
        "cms.Territory",
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Facultatif : sa population sert à classer la collectivité par taille."),
    )
    space = models.ForeignKey(
        "cms.CollectiviteSpace",
        verbose_name=_("espace AimPact de la collectivité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    population = models.PositiveIntegerField(
        _("population"), null=True, blank=True, help_text=_("Par défaut, celle du territoire.")
    )
    size_bracket = models.CharField(
        _("taille de la collectivité"),
        max_length=16,
        choices=SizeBracket.choices,
        blank=True,
        help_text=_("Calculée d'après la population si vous la laissez vide."),
    )
    theme = models.CharField(_("thème"), max_length=32, choices=PublicPolicyTheme.choices)
    summary = models.TextField(
        _("résumé"), max_length=500, help_text=_("Visible par tous, même quand la fiche est réservée.")
    )
    problem = RichTextField(_("le problème"), features=RICH_TEXT_FEATURES)
    actions = StreamField(body_blocks(), verbose_name=_("ce qu'elle a fait"))
    results = RichTextField(_("les résultats"), features=RICH_TEXT_FEATURES, blank=True)
    figures = StreamField([("figure", CaseStudyFigureBlock())], verbose_name=_("les résultats en chiffres"), blank=True)
    contacts = StreamField([("contact", CaseStudyContactBlock())], verbose_name=_("contacts"), blank=True)

    objects = CaseStudyPageManager()
    gated_fields = ("problem", "actions", "results", "figures", "contacts")

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("collectivite_name"),
                FieldRowPanel([FieldPanel("territory"), FieldPanel("space")]),
                FieldRowPanel([FieldPanel("population"), FieldPanel("size_bracket")]),
            ],
            heading=_("La collectivité"),
        ),
        FieldPanel("theme"),
        FieldPanel("summary"),
        FieldPanel("problem"),
        FieldPanel("actions"),
        FieldPanel("results"),
        FieldPanel("figures"),
        FieldPanel("contacts"),
        FieldPanel("library"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("collectivite_name"),
        index.FilterField("theme"),
        index.FilterField("size_bracket"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("collectivite_name"),
        APIField("population"),
        APIField("size_bracket"),
        APIField("theme"),
        APIField("summary"),
        APIField("library"),
        APIField("locked", serializer=LockedField()),
        APIField("problem", serializer=GatedRichTextField()),
        APIField("actions", serializer=GatedStreamField()),
        APIField("results", serializer=GatedRichTextField()),
        APIField("figures", serializer=GatedStreamField()),
        APIField("contacts", serializer=GatedStreamField()),
    ]

    parent_page_types = ["academie.AcademieIndexPage", "academie.ParcoursPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("bonne pratique")
        verbose_name_plural = _("bonnes pratiques")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fill_size_bracket()
        super().save(*args, **kwargs)

    def full_clean(self, *args, **kwargs):
        self.fill_size_bracket()
        super().full_clean(*args, **kwargs)

    def fill_size_bracket(self):
        """Size bracket from the population (given, or the territory's) when the editor left it empty."""
        if self.size_bracket:
            return
        population = self.population
        if population is None and self.territory_id:
            population = self.territory.population
        self.size_bracket = SizeBracket.for_population(population)

    @property
    def audiences(self):
        return [Audience.AGENTS.value, Audience.ELECTED.value]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.access_context(request))
        return context


__all__ = ["AcademieIndexPage", "CaseStudyPage", "LessonPage", "ParcoursPage"]
