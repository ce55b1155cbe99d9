from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField

from cms.blocks import body_blocks

from .base import BasePage


class PlatformHomePage(BasePage):
    """The national citizen network: the home of the platform, above every collectivité space."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(body_blocks(), verbose_name=_("contenu"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    api_fields = [*BasePage.api_fields, APIField("introduction"), APIField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.CollectiviteSpace"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("accueil de la plateforme")
        verbose_name_plural = _("accueils de la plateforme")

    def get_spaces(self):
        from .collectivite import CollectiviteSpace

        return (
            CollectiviteSpace.objects.child_of(self)
            .live()
            .public()
            .select_related("territory", "logo")
            .order_by("title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["spaces"] = self.get_spaces()
        return context
