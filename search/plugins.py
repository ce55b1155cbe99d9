"""What the search app registers with `cms` and listens to.

- the index follows the database (`search.indexing.connect()`: page events and `registry.search_changed`);
- the demo: a draft page that must never be found, then the index rebuilt, after every other demo;
- the header's search box (slot `site_header`).
"""

from cms.registry import Demo, Panel, registry


def register():
    from . import demo, indexing

    indexing.connect()
    registry.register_demo(
        Demo("search", demo.load, describe="Search: {count} draft page (never indexed).", after=("*",))
    )
    register_ui()


# -- what citizens see: the header's search box ----------------------------------------------------------------------
def header_box_context(page, request):
    """The header's search box, on every public page but the search page itself (its own field is there)."""
    from django.urls import reverse

    match = getattr(request, "resolver_match", None) if request is not None else None
    if match is not None and match.view_name == "search:search":
        return None
    return {"search_url": reverse("search:search"), "suggest_url": reverse("search_api:autocomplete")}


def register_ui():
    registry.register_panel(
        "site_header", Panel(name="search_box", template="search/header_box.html", context=header_box_context, order=10)
    )
