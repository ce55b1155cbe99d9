"""What a result's `kind` (the facet « type ») is called, for the search page and the API.

A page's kind is its model's `_meta.label_lower` (« cms.projectpage »): its label is the model's verbose name. A
feature's contributions (« free_text », « comment ») are named by the `SearchSource` that produces them
(`cms.registry.search_sources()`). A kind nobody knows (an app uninstalled since the index was built) is shown as it
is.
"""

from django.apps import apps
from django.utils.text import capfirst

from wagtail.models import get_page_models

from cms.registry import registry


def _source_kinds():
    kinds = {}
    for source in registry.search_sources():
        kinds.update(source.kinds)
    return kinds


def page_kinds():
    """{kind: model} of every page type (Wagtail's root `Page` left out: no public page is one)."""
    return {
        model._meta.label_lower: model for model in get_page_models() if model._meta.label_lower != "wagtailcore.page"
    }


def known_kinds():
    """{kind: label} of every kind a search may be filtered by, labels in the active language."""
    kinds = {kind: capfirst(str(model._meta.verbose_name)) for kind, model in page_kinds().items()}
    kinds.update({kind: capfirst(str(label)) for kind, label in _source_kinds().items()})
    return kinds


def kind_label(kind):
    """The label of `kind` in the active language; the raw kind when nobody knows it."""
    sources = _source_kinds()
    if kind in sources:
        return capfirst(str(sources[kind]))
    if kind.count(".") == 1:
        try:
            model = apps.get_model(kind)
        except (LookupError, ValueError):
            return kind
        return capfirst(str(model._meta.verbose_name))
    return kind
