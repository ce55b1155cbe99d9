"""What the search app registers with `cms` and listens to (filled by the indexing and pages work)."""

from cms.registry import Panel, registry


def register():
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
