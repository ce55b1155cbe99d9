"""Pages as the search indexes them: which pages are searchable, and each one as a `cms.registry.SearchItem`.

A page is searchable when an anonymous visitor can read it at its address:

- live (a draft, a page never published or unpublished is not; Wagtail keeps no recycle bin here: a deleted page is
  gone and leaves the index);
- public: no view restriction on it or on an ancestor (password or a space's access code, login, groups), read as
  `.public()` reads them (`cms.view_restrictions`);
- a page type of the site (`BasePage` subclasses: not the tree's root nor Wagtail's bare `Page`);
- not an alias (the page it copies is indexed; an alias in another locale would repeat its text in the wrong
  language);
- served: under a site's root page or one of its translations (as the sitemap reads them), with an address.

Its text is that of its Wagtail `search_fields` (`index.SearchField`: StreamField and rich text as plain text), its
`search_description`; its facets come from `search_facets()` (theme, date) and from the collectivité space above it
(territory, space).
"""

import html
import re

from django.utils.html import strip_tags

from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.search import index

from cms.registry import SearchItem
from cms.searchable import readable_pages, searchable_pages

KEY_PREFIX = "page:"
_SPACES = re.compile(r"\s+")

__all__ = ["all_page_ids", "page_body", "page_items", "page_key", "plain_text", "searchable_pages"]


def page_key(page_id):
    return f"{KEY_PREFIX}{page_id}"


def plain_text(value):
    """A field's searchable value (a string, a list of strings from a StreamField, rich text HTML) as plain text."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(filter(None, (plain_text(item) for item in value)))
    text = str(value)
    if "<" in text or "&" in text:
        text = html.unescape(strip_tags(text))
    return _SPACES.sub(" ", text).strip()


def block_text(block, value):
    """What a visitor reads of a block's value: Wagtail's searchable content, without the labels of choices (a
    heading's « Titre de section (h2) », a scale's maximum), which are settings, not text."""
    if value is None or isinstance(block, (blocks.ChoiceBlock, blocks.MultipleChoiceBlock, blocks.BooleanBlock)):
        return []
    if isinstance(block, blocks.StructBlock):
        return [text for name, child in block.child_blocks.items() for text in block_text(child, value.get(name))]
    if isinstance(block, blocks.ListBlock):
        return [text for item in value for text in block_text(block.child_block, item)]
    if isinstance(block, blocks.StreamBlock):
        return [text for child in value for text in block_text(child.block, child.value)]
    return block.get_searchable_content(value)


def _field_text(page, field):
    try:
        model_field = page._meta.get_field(field.field_name)
    except Exception:  # a property or a method named in search_fields
        model_field = None
    if isinstance(model_field, StreamField):
        return plain_text(block_text(model_field.stream_block, getattr(page, field.field_name)))
    return plain_text(field.get_value(page))


def page_body(page):
    """The plain text of the page's `index.SearchField`s (its title aside) and its search description."""
    parts = []
    for field in page.get_search_fields():
        if not isinstance(field, index.SearchField) or field.field_name == "title":
            continue
        parts.append(_field_text(page, field))
    parts.append(plain_text(page.search_description))
    return "\n".join(part for part in parts if part)


def page_items(page_ids):
    """The `SearchItem`s of those pages that are searchable now (the others are not in the list)."""
    items = []
    for page, place in readable_pages(page_ids).values():
        facets = page.search_facets()
        items.append(
            SearchItem(
                key=page_key(page.pk),
                kind=type(page)._meta.label_lower,
                title=page.title,
                url=place.url,
                body=page_body(page),
                language=place.language,
                date=facets.get("date"),
                territory_code=place.territory_code,
                territory_name=place.territory_name,
                theme=facets.get("theme") or "",
                space_id=place.space_id,
                page_id=page.pk,
            )
        )
    return items


def all_page_ids():
    """The ids of every searchable page, streamed in id order (the rebuild)."""
    return searchable_pages().order_by("pk").values_list("pk", flat=True).iterator(chunk_size=2000)
