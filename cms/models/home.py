from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page

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
        "debates.DebateIndexPage",
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


def versions_and_platform_homes(page):
    """Every version of `page` (itself and its translations, live or not) and every platform home, in the tree's
    order, each marked `is_platform_home`: one query, kept on the page instance. The page head's alternate links,
    the language links (`live_translations`) and the legal footer of a space (`LegalPages.find`) pick theirs from it.
    """
    if "_versions_and_platform_homes" not in page.__dict__:
        homes = PlatformHomePage.objects.filter(pk=OuterRef("pk"))
        rows = (
            Page.objects.filter(
                Q(translation_key=page.translation_key) | Q(pk__in=PlatformHomePage.objects.values("pk"))
            )
            .annotate(is_platform_home=Exists(homes))
            .order_by("path")
        )
        page.__dict__["_versions_and_platform_homes"] = list(rows)
    return page.__dict__["_versions_and_platform_homes"]


def live_translations(page, inclusive=False):
    """The page's live translations (with the page itself if `inclusive`), in the tree's order."""
    return [
        version
        for version in versions_and_platform_homes(page)
        if version.translation_key == page.translation_key and version.live and (inclusive or version.pk != page.pk)
    ]
