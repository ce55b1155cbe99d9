from django.db import models
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page

from cms.forms import AccessCodeForm
from cms.page_forms import BasePageForm
from cms.registry import registry
from cms.theming import Theme, default_theme
from cms.view_restrictions import restrictions_over


class ListingMixin(models.Model):
    """An image and a short text used when the page appears in a list or is shared."""

    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image de vignette"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Utilisée dans les listes et lors d'un partage sur les réseaux sociaux."),
    )

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("listing_image")], heading=_("Vignette")),
    ]

    class Meta:
        abstract = True


class ThemedMixin:
    """Finds the collectivité space above the page and its white-label theme."""

    @cached_property
    def collectivite_space(self):
        from .collectivite import CollectiviteSpace

        space = CollectiviteSpace.objects.ancestor_of(self, inclusive=True).first()
        return space.specific if space else None

    @cached_property
    def site_theme(self):
        space = self.collectivite_space
        return space.get_theme() if space else default_theme()


def prefetch_spaces(pages):
    """Give each page its `collectivite_space` from one query (a list of cards that each name their space: one query,
    not one per card). Same answer as ThemedMixin's: the first space above the page (or the page itself)."""
    from .collectivite import CollectiviteSpace

    pages = [page for page in pages if "collectivite_space" not in page.__dict__]
    if not pages:
        return
    steplen = Page.steplen
    paths = {page.path[:end] for page in pages for end in range(steplen, len(page.path) + 1, steplen)}
    spaces = list(CollectiviteSpace.objects.filter(path__in=paths).order_by("path"))
    for page in pages:
        page.__dict__["collectivite_space"] = next(
            (space for space in spaces if page.path.startswith(space.path)), None
        )


class BasePage(ThemedMixin, ListingMixin, Page):
    """The base of every public page type: listing image, theme, shared context."""

    api_fields = [
        APIField("listing_image", serializer=ImageRenditionField("fill-800x450")),
    ]
    base_form_class = BasePageForm

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["space"] = self.collectivite_space
        context["site_theme"] = self.site_theme
        # What features add at the end of the page (comments): rendered by templates/base.html.
        context["page_end_panels"] = registry.panels("page_end", self, request)
        return context

    def search_facets(self):
        """How the site's search files this page (the search app's facets): {"theme": a `PublicPolicyTheme` value or
        "", "date": the date it is about}. By default the page's own `theme` and `date` fields when it has them, else
        its first publication. A page type with other fields overrides it."""
        theme = getattr(self, "theme", "")
        date = getattr(self, "date", None) or self.first_published_at
        return {"theme": theme if isinstance(theme, str) else "", "date": date}

    def get_view_restrictions(self):
        """Wagtail's rows, taken from the request's list (cms.view_restrictions) instead of two queries; an alias
        keeps Wagtail's reading (its source page's restrictions apply)."""
        if self.alias_of_id:
            return super().get_view_restrictions()
        return restrictions_over(self)

    def serve_password_required_response(self, request, form, action_url):
        """Client-only pages of a space ask for the space's access code, which opens all of them."""
        space = self.collectivite_space
        if space is None or not space.access_code:
            return super().serve_password_required_response(request, form, action_url)
        context = self.get_context(request)
        # A refusal that is not about the typed password (the limit of code forms) is shown on the space's form.
        refusals = form.non_field_errors() if form.is_bound else []
        context.update(
            form=AccessCodeForm.refused(space, refusals) if refusals else AccessCodeForm(space=space),
            access_action=space.access_code_url(request),
            next_url=request.get_full_path(),
        )
        return TemplateResponse(request, "cms/access_code.html", context, status=403)


__all__ = ["BasePage", "ListingMixin", "Theme", "ThemedMixin", "prefetch_spaces"]
