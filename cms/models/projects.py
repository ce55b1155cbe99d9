"""Projets: a space's project index and its project pages."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.search import index

from cms.blocks import body_blocks
from cms.choices import ProjectStatus, PublicPolicyTheme
from cms.forms import ProjectFilterForm
from cms.query import ProjectPageManager

from .base import BasePage
from .listing import FilterableListMixin

__all__ = ["ProjectIndexPage", "ProjectPage", "ProjectStatus"]


class ProjectIndexPage(FilterableListMixin, BasePage):
    """Projets: the collectivité's projects, filterable by status, theme and district."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    api_fields = [*BasePage.api_fields, APIField("introduction")]

    parent_page_types = ["cms.CollectiviteSpace"]
    subpage_types = ["cms.ProjectPage"]
    max_count_per_parent = 1

    listing_model = "cms.ProjectPage"
    listing_context_name = "projects_page"
    filter_form_class = ProjectFilterForm
    per_page = 12

    class Meta:
        verbose_name = _("index des projets")
        verbose_name_plural = _("index des projets")

    def get_filter_form(self, request, queryset):
        return ProjectFilterForm(request.GET or None, districts=queryset.districts_list())

    def order_listing(self, queryset, sort=None):
        return queryset.by_progress().with_image()

    def get_projects(self):
        """Every listed project, unordered (the dashboard picks those in progress)."""
        return self.get_listing_queryset()


class ProjectPage(BasePage):
    summary = models.TextField(_("résumé"), max_length=500)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(_("texte alternatif de l'image"), max_length=250, blank=True)
    body = StreamField(body_blocks(), verbose_name=_("contenu"), blank=True)
    expected_impact = RichTextField(
        _("impact attendu"),
        blank=True,
        features=["bold", "italic", "ul", "ol", "link"],
        help_text=_("Ce que le projet change pour les habitants, si possible chiffré."),
    )
    status = models.CharField(_("état"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.STUDY)
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    theme = models.CharField(_("thème"), max_length=32, choices=PublicPolicyTheme.choices)
    budget = models.DecimalField(
        _("budget (€)"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin prévue"), null=True, blank=True)
    location = models.CharField(_("lieu"), max_length=255, blank=True)
    district = models.CharField(_("quartier"), max_length=120, blank=True)

    objects = ProjectPageManager()

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        FieldPanel("expected_impact"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("progress")]),
                FieldRowPanel([FieldPanel("theme"), FieldPanel("budget")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("location"), FieldPanel("district")]),
            ],
            heading=_("Suivi du projet"),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("status"),
        index.FilterField("theme"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("summary"),
        APIField("image", serializer=ImageRenditionField("fill-1200x675")),
        APIField("image_alt"),
        APIField("body"),
        APIField("expected_impact"),
        APIField("status"),
        APIField("progress"),
        APIField("theme"),
        APIField("budget"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("location"),
        APIField("district"),
    ]

    parent_page_types = ["cms.ProjectIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="project_progress_at_most_100"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="project_ends_after_start",
            ),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("La fin prévue ne peut pas précéder le début.")
        if self.image_id and not self.image_alt:
            errors["image_alt"] = _("Décrivez l'image pour les personnes qui ne la voient pas.")
        if self.status == ProjectStatus.DONE and self.progress != 100:
            errors["progress"] = _("Un projet terminé doit être avancé à 100 %.")
        if errors:
            raise ValidationError(errors)
