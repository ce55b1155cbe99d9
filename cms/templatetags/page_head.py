"""What a page says about itself in <head> and to the language switch: its description, the language of its
content."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.text import Truncator

from wagtail.models import Page

register = template.Library()

DESCRIPTION_LENGTH = 160  # what search engines show of it
DESCRIPTION_FIELDS = ("search_description", "summary", "introduction")


@register.simple_tag(takes_context=True)
def meta_description(context):
    """The page's search description, else its summary or introduction, else the site's tagline. A page behind a
    view restriction (a space's access code, a password, a login) says nothing of itself: its form is all a visitor
    without access sees, and the head is part of what they see."""
    page = context.get("page")
    if isinstance(page, Page) and page.get_view_restrictions().exists():
        return str(settings.SITE_TAGLINE)
    for name in DESCRIPTION_FIELDS:
        text = getattr(page, name, "") if isinstance(page, Page) else ""
        if isinstance(text, str) and text.strip():
            return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)
    return str(settings.SITE_TAGLINE)


@register.simple_tag(takes_context=True)
def content_language(context):
    """The language the page's content is written in, when it is not the interface's: a page with no translation
    shown under /en/ (a space on its own host with no English version) keeps its French text, and screen readers
    must read it as French. An empty string when they agree."""
    page = context.get("page")
    if not isinstance(page, Page):
        return ""
    language = page.locale.language_code
    return language if language != translation.get_language() else ""
