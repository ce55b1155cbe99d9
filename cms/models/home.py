from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField

from cms.blocks import body_blocks
from cms.registry import registry

from .base import BasePage
from .collectivite import CollectiviteSpace


class PlatformHomePage(BasePage):
    """The national citizen network: the home of the platform, above every collectivité space."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(body_blocks(), verbose_name=_("contenu"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    api_fields = [*BasePage.api_fields, APIField("introduction"), APIField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.CollectiviteSpace",
        "consultations.ConsultationIndexPage",
        "barometre.BarometreIndexPage",
        "academie.AcademieIndexPage",
        "doleances.CahierDoleancesPage",
        "newsletters.NewsletterPage",
        "cms.LegalNoticePage",
        "cms.PrivacyPolicyPage",
        "cms.AccessibilityStatementPage",
        "cms.ContactPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("accueil de la plateforme")
        verbose_name_plural = _("accueils de la plateforme")

    def get_spaces(self):
        """Live public spaces, each in this home's language when translated, else in its own language."""
        spaces = CollectiviteSpace.objects.live().public().select_related("territory", "logo", "locale")
        chosen = {}
        for space in spaces:
            current = chosen.get(space.translation_key)
            if current is None or (space.locale_id == self.locale_id and current.locale_id != self.locale_id):
                chosen[space.translation_key] = space
        return sorted(chosen.values(), key=lambda space: space.title.casefold())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["spaces"] = self.get_spaces()
        context["panels"] = registry.panels("network_home", self, request)
        return context
