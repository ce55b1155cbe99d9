from decimal import Decimal

from django import template
from django.urls import translate_url
from django.utils import formats, translation
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from cms.models import CollectiviteSpace, PlatformHomePage
from cms.models import home as home_models

register = template.Library()


@register.filter
def euros(value, decimals=0):
    """1234567.8 -> « 1 234 568 € » in French, « €1,234,568 » in English."""
    if value in (None, ""):
        return ""
    number = formats.number_format(Decimal(value), int(decimals), use_l10n=True, force_grouping=True)
    if translation.get_language() == "en":
        return f"€{number}"
    return f"{number}\u00a0€"


@register.filter
def percent(value, decimals=1):
    if value in (None, ""):
        return ""
    number = formats.number_format(Decimal(value), int(decimals), use_l10n=True)
    return f"{number}\u00a0%" if translation.get_language() != "en" else f"{number}%"


@register.filter
def signed_percent(value, decimals=1):
    if value in (None, ""):
        return "—"
    sign = "+" if Decimal(value) > 0 else ""
    return sign + percent(value, decimals)


@register.filter
def signed_euros(value):
    if value in (None, ""):
        return ""
    sign = "+" if Decimal(value) > 0 else ("−" if Decimal(value) < 0 else "")
    return sign + euros(abs(Decimal(value)))


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language. On a page: to its translation, with the same query string (the filters of a list);
    without one, to the nearest page above it that is translated (a space's home, the platform home), marked
    `untranslated` so that the switch says so. On Django views under i18n_patterns (the account pages): the same
    view in that language. Elsewhere: that language's home."""
    request = context["request"]
    page = context.get("page")
    current = translation.get_language()
    links = []
    from django.conf import settings

    match = getattr(request, "resolver_match", None)
    is_view = not isinstance(page, Page) and match is not None and match.url_name not in (None, "wagtail_serve")
    query = request.META.get("QUERY_STRING", "")
    translations = {}
    if isinstance(page, Page):
        for translated in live_translations(page, inclusive=True):
            translations[translated.locale.language_code] = translated
    for code, name in settings.LANGUAGES:
        url, untranslated = None, False
        if isinstance(page, Page):
            translated = translations.get(code)
            if translated is not None:
                url = translated.get_url(request)
                if url and query:
                    url = f"{url}?{query}"
            else:
                untranslated = True
                ancestor = _nearest_translated_ancestor(page, code)
                url = ancestor.get_url(request) if ancestor else None
        elif is_view:
            path = request.get_full_path()
            translated_path = translate_url(path, code)  # keeps the query string
            if code == current or translated_path != path:
                url = translated_path
        if url is None:
            locale = Locale.objects.filter(language_code=code).first()
            home = None
            if locale is not None:
                home = PlatformHomePage.objects.live().filter(locale=locale).first()
            url = home.get_url(request) if home else "/"
        links.append({"code": code, "name": name, "url": url, "current": code == current, "untranslated": untranslated})
    return links


@register.simple_tag
def live_translations(page, inclusive=False):
    """The page's live translations (with the page itself if `inclusive`), read once per page instance (the page
    head's alternate links and the language links ask both)."""
    if not isinstance(page, Page):
        return []
    return home_models.live_translations(page, inclusive=inclusive)


def _nearest_translated_ancestor(page, language_code):
    """The closest page above `page` that has a live version in that language (one query)."""
    keys = page.get_ancestors().exclude(depth=1).values_list("translation_key", flat=True)
    return (
        Page.objects.live()
        .filter(translation_key__in=list(keys), locale__language_code=language_code)
        .order_by("-depth")
        .first()
    )


@register.simple_tag(takes_context=True)
def space_sections(context, space):
    """The navigation of a collectivité space: its home and its live sections."""
    if space is None:
        return []
    request = context.get("request")
    sections = [{"title": _("Tableau de bord"), "url": space.get_url(request), "page": space}]
    children = getattr(space, "public_sections", None)  # read once with the dashboard's sections
    if children is None:
        children = space.get_children().live().public()
    for child in children:  # titles and addresses: no specific() (one query per type)
        sections.append({"title": child.title, "url": child.get_url(request), "page": child})
    return sections


@register.simple_tag(takes_context=True)
def platform_sections(context):
    """The navigation of the national network: its home and its sections (Académie, Baromètre, consultations…),
    in the current language (the French ones when the home is not translated)."""
    request = context.get("request")
    homes = PlatformHomePage.objects.live().select_related("locale")
    home = homes.filter(locale__language_code=translation.get_language()).first() or homes.first()
    if home is None:
        return []
    sections = [{"title": _("Accueil"), "url": home.get_url(request), "page": home}]
    children = home.get_children().live().public().not_type(CollectiviteSpace)
    sections.extend({"title": child.title, "url": child.get_url(request), "page": child} for child in children)
    return sections


@register.simple_tag(takes_context=True)
def is_current_section(context, section_page):
    """True on the section's own page and, except for the space's home, on the pages below it."""
    page = context.get("page")
    if not isinstance(page, Page) or section_page is None:
        return False
    if page.pk == section_page.pk:
        return True
    is_home = hasattr(section_page, "get_dashboard") or section_page.depth <= 2  # a space's or the platform's home
    return not is_home and page.path.startswith(section_page.path)


@register.filter
def lazy_iframe(html):
    """Third-party players load only when shown (inside a closed <details>, they are not)."""
    from django.utils.safestring import mark_safe

    if not html:
        return ""
    return mark_safe(html.replace("<iframe ", '<iframe loading="lazy" ', 1))  # noqa: S308 - HTML from the embed finder


@register.simple_tag(takes_context=True)
def unique_id(context, prefix):
    """An id unique within the page being rendered (for aria-labelledby and the like)."""
    holder = context.get("request") or context.render_context
    count = getattr(holder, "_aimpact_id_counter", 0) + 1
    holder._aimpact_id_counter = count
    return f"{prefix}-{count}"


@register.simple_tag(takes_context=True)
def header_panels(context):
    """The features' panels of the header (slot `site_header`: the search box…); the page is None on a view that
    serves no page of the tree (an account page, a feature's own view)."""
    from cms.registry import registry

    page = context.get("page")
    return registry.panels("site_header", page if isinstance(page, Page) else None, context.get("request"))
