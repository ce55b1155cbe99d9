"""What every search source needs to know about pages: which ones an anonymous visitor may read, and where they sit.

Used by the search app for the pages themselves and by the features' search sources (`cms.registry.SearchSource`)
for the pages their contributions live on, so that one rule decides, whatever the source:

- live (never a draft or an unpublished page), not an alias, of a site page type (`BasePage`);
- public: no view restriction on the page or an ancestor (password, a space's access code, login, groups);
- served: under a site's root page or one of its translations, with an address.
"""

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Place:
    """Where a searchable page is: its path (no host), language, territory and space."""

    url: str
    language: str
    territory_code: str
    territory_name: str
    space_id: int | None


def page_content_type_ids():
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import get_page_models

    from cms.models.base import BasePage

    models = [model for model in get_page_models() if issubclass(model, BasePage) and not model._meta.abstract]
    return [content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()]


def served_q():
    """The pages under a site's root page or one of its translations (what the sites serve, as the sitemap)."""
    from wagtail.models import Page, Site

    roots = Page.objects.filter(pk__in=Site.objects.values("root_page_id")).values("translation_key")
    q = Q()
    for path in sorted(set(Page.objects.filter(translation_key__in=roots).values_list("path", flat=True))):
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


def searchable_pages():
    """Every page an anonymous visitor may read (see the module), as a queryset of `Page` (not specific)."""
    from wagtail.models import Page

    return (
        Page.objects.live()
        .public()
        .filter(alias_of__isnull=True, content_type_id__in=page_content_type_ids())
        .filter(served_q())
    )


def page_path(page):
    """The page's address without the host (in its locale), or None when no site serves it."""
    parts = page.get_url_parts()
    return parts[2] if parts else None


def places(pages):
    """{page id: Place} for those of these specific pages that have an address, in a few queries."""
    from wagtail.models import Locale

    from cms.models.base import prefetch_spaces

    pages = list(pages)
    prefetch_spaces(pages)
    languages = dict(Locale.objects.values_list("pk", "language_code"))
    territories = {}
    found = {}
    for page in pages:
        url = page_path(page)
        if url is None:
            continue
        space = page.collectivite_space
        if space is not None and space.pk not in territories:
            territory = space.territory
            territories[space.pk] = (territory.code, territory.name) if territory else ("", "")
        code, name = territories[space.pk] if space is not None else ("", "")
        found[page.pk] = Place(
            url=url,
            language=languages.get(page.locale_id, ""),
            territory_code=code,
            territory_name=name,
            space_id=space.pk if space is not None else None,
        )
    return found


def readable_pages(page_ids):
    """{page id: (specific page, Place)} for those of these pages that are searchable now."""
    page_ids = list(page_ids)
    if not page_ids:
        return {}
    pages = list(searchable_pages().filter(pk__in=page_ids).order_by("path").specific())
    found = places(pages)
    return {page.pk: (page, found[page.pk]) for page in pages if page.pk in found}
