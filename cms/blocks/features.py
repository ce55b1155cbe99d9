"""Blocks of the shared library that show a feature's page inside any page.

The block names the page type it accepts by its string label (`"app_label.ModelName"`), so `cms` imports no feature;
the feature that owns the page type registers how it is rendered (`cms.registry`, an *embed*: a template and a
context). A page whose view restrictions the visitor does not pass (a space's reserved pages, a password) shows
nothing of itself; with no app to render it, the block says the content is not available.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from cms.registry import registry

UNAVAILABLE_TEMPLATE = "blocks/embed_unavailable.html"


class FeaturePageBlock(blocks.StructBlock):
    """A page of a feature app, chosen by the editor (child block `page_field`), rendered by the feature."""

    embed_name = None
    page_field = "page"

    def get_template(self, value=None, context=None):
        embed = registry.embed(self.embed_name)
        return embed.template if embed else UNAVAILABLE_TEMPLATE

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        page = value.get(self.page_field)
        if page is not None:
            page = page.specific
            if request is not None and not all(
                restriction.accept_request(request) for restriction in page.get_view_restrictions()
            ):
                # Reserved to a space's clients, to logged-in visitors or behind a password: shows nothing of itself
                # on a page that visitors without that access can read.
                page = None
        context[self.page_field] = page
        embed = registry.embed(self.embed_name)
        if embed is not None and page is not None:
            context.update(embed.context(page, request, context))
        return context


class SurveyBlock(FeaturePageBlock):
    """A consultation's questionnaire, to vote without leaving the page (rendered by the consultations app)."""

    embed_name = "survey"
    page_field = "consultation"

    consultation = blocks.PageChooserBlock(page_type="consultations.ConsultationPage", label=_("consultation"))
    heading = blocks.CharBlock(label=_("titre"), required=False, max_length=200)

    class Meta:
        icon = "form"
        label = _("Questionnaire d'une consultation")
        description = _("Le questionnaire d'une consultation, pour voter sans quitter la page.")
        preview_value = {"heading": "Donnez votre avis"}


class DebateBlock(FeaturePageBlock):
    """A debate's card: date, place or format, registration state and link (rendered by the debates app)."""

    embed_name = "debate"
    page_field = "debate"

    debate = blocks.PageChooserBlock(page_type="debates.DebatePage", label=_("débat"))
    heading = blocks.CharBlock(label=_("titre"), required=False, max_length=200)

    class Meta:
        icon = "group"
        label = _("Carte d'un débat")
        description = _("La carte d'un débat : date, lieu, état des inscriptions et lien pour s'inscrire.")
        preview_value = {"heading": "Venez en débattre"}
