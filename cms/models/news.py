"""Actualités: a space's news index and its news pages."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.search import index

from cms.blocks import body_blocks
from cms.choices import PublicPolicyTheme
from cms.query import NewsPageManager

from .base import BasePage
from .listing import FilterableListMixin


class NewsIndexPage(FilterableListMixin, BasePage):
    """Actualités: the collectivité's news, newest first, paginated."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    api_fields = [*BasePage.api_fields, APIField("introduction")]

    parent_page_types = ["cms.CollectiviteSpace"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1

    listing_model = "cms.NewsPage"
    listing_context_name = "news_page"
    per_page = 9

    class Meta:
        verbose_name = _("index des actualités")
        verbose_name_plural = _("index des actualités")

    def order_listing(self, queryset, sort=None):
        return queryset.newest_first().with_image()

    def get_news(self):
        """Every listed news item, newest first (the dashboard shows the first ones)."""
        return self.order_listing(self.get_listing_queryset())


class NewsPage(BasePage):
    date = models.DateField(_("date de publication"), default=timezone.localdate)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_("Ce que montre l'image, pour les personnes qui ne la voient pas."),
    )
    summary = models.TextField(
        _("résumé"), max_length=400, help_text=_("Deux ou trois phrases, affichées dans les listes.")
    )
    theme_tag = models.CharField(_("thème"), max_length=32, choices=PublicPolicyTheme.choices, blank=True)
    body = StreamField(body_blocks(), verbose_name=_("contenu"), blank=True)

    objects = NewsPageManager()

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("theme_tag"),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("date"),
        APIField("summary"),
        APIField("image", serializer=ImageRenditionField("fill-1200x675")),
        APIField("image_alt"),
        APIField("theme_tag"),
        APIField("body"),
    ]

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt:
            raise ValidationError({"image_alt": _("Décrivez l'image pour les personnes qui ne la voient pas.")})
