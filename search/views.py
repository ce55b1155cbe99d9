"""The search page, `/recherche/` (`/en/recherche/` in English): one GET form, its results with their highlights,
the facets as filters (links: everything works without JavaScript), sorting and pagination.

Nothing here is ever an error page: a wrong parameter gets its message and the rest is searched; an empty query
gets an introduction; a search the index could not answer (`SearchUnavailable`) gets « La recherche n'a pas pu
aboutir… » with the status 503; a client past its share of searches (`search.limits`) gets a 429 with a message.
"""

import math
from urllib.parse import urlencode

from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cms.choices import PublicPolicyTheme

from . import facets as search_facets
from . import highlight, recheck
from .backends import get_backend
from .backends.base import SORT_DATE, SORT_RELEVANCE, SearchUnavailable
from .forms import MAX_RESULTS, PAGE_SIZE, SearchForm
from .kinds import kind_label
from .limits import page_allowed

FACET_LEGENDS = {
    "kind": lambda: _("Type de contenu"),
    "territory": lambda: _("Territoire"),
    "theme": lambda: _("Thème"),
    "year": lambda: _("Année"),
}
PAGES_AROUND = 2  # page links shown on each side of the current one


def search_language():
    """The visitor's language as the index knows it ("fr", "en")."""
    return (translation.get_language() or "fr").split("-")[0]


class Params:
    """The search asked for (valid values only), and the address of the same search with something changed."""

    def __init__(self, data):
        self.data = {
            "q": data["q"],
            "type": list(data["type"]),
            "territory": data["territory"],
            "theme": data["theme"],
            "year": str(data["year"] or ""),
            "sort": "" if data["sort"] == SORT_RELEVANCE else data["sort"],
        }

    def url(self, **changes):
        merged = {**self.data, **changes}
        pairs = []
        for name, value in merged.items():
            for each in value if isinstance(value, list) else [value]:
                if each not in ("", None):
                    pairs.append((name, each))
        return "?" + urlencode(pairs)

    def toggle(self, name, value):
        """The address with this filter value added, or removed when it is on (back to the first page)."""
        if name == "kind":
            kinds = self.data["type"]
            return self.url(type=[k for k in kinds if k != value] if value in kinds else [*kinds, value])
        return self.url(**{name: "" if self.data[name] == value else value})

    def is_on(self, name, value):
        if name == "kind":
            return value in self.data["type"]
        return self.data[name] == value


def _hits(hits):
    shown = []
    for hit in hits:
        theme = ""
        if hit.theme:
            try:
                theme = PublicPolicyTheme(hit.theme).label
            except ValueError:
                theme = ""
        shown.append(
            {
                "kind": hit.kind,
                "kind_label": kind_label(hit.kind),
                "url": hit.url,
                "title_html": highlight.to_html(hit.title_marked or hit.title),
                "excerpt_html": highlight.to_html(hit.excerpt),
                "date": hit.date,
                "territory": hit.territory_name,
                "theme": theme,
                "context_title": hit.context_title,
            }
        )
    return shown


def _facets(results_facets, params):
    groups = []
    for name, values in search_facets.labelled(results_facets).items():
        if not values:
            continue
        groups.append(
            {
                "name": name,
                "legend": FACET_LEGENDS[name](),
                "values": [
                    {
                        "label": value.label,
                        "count": value.count,
                        "url": params.toggle(name, value.value),
                        "on": params.is_on(name, value.value),
                    }
                    for value in values
                ],
            }
        )
    return groups


def _active_filters(params):
    data = params.data
    territories = search_facets.territory_names([data["territory"]])
    active = [
        {"legend": FACET_LEGENDS["kind"](), "label": kind_label(kind), "url": params.toggle("kind", kind)}
        for kind in data["type"]
    ]
    for name in ("territory", "theme", "year"):
        if data[name]:
            active.append(
                {
                    "legend": FACET_LEGENDS[name](),
                    "label": search_facets.value_label(name, data[name], territories),
                    "url": params.url(**{name: ""}),
                }
            )
    return active


def _pagination(params, number, total):
    last = max(1, min(math.ceil(total / PAGE_SIZE), MAX_RESULTS // PAGE_SIZE))
    if last == 1:
        return None
    number = min(number, last)
    first_shown, last_shown = max(1, number - PAGES_AROUND), min(last, number + PAGES_AROUND)
    return {
        "number": number,
        "last": last,
        "previous": params.url(page=number - 1) if number > 1 else "",
        "next": params.url(page=number + 1) if number < last else "",
        "first_url": params.url(page=1) if first_shown > 1 else "",
        "last_url": params.url(page=last) if last_shown < last else "",
        "pages": [
            {"number": n, "url": params.url(page=n), "current": n == number} for n in range(first_shown, last_shown + 1)
        ],
    }


def _count_text(results, text):
    count = number_format(results.total, force_grouping=True)
    if results.total_is_lower_bound:
        return _("Plus de %(count)s résultats pour « %(text)s »") % {"count": count, "text": text}
    return ngettext("%(count)s résultat pour « %(text)s »", "%(count)s résultats pour « %(text)s »", results.total) % {
        "count": count,
        "text": text,
    }


@require_safe
@never_cache
def search(request):
    form = SearchForm(request.GET if request.GET else None)
    data = form.valid_data()
    params = Params(data)
    context = {
        "form": form,
        "query": data["q"],
        "params": params,
        "sort_links": [
            {"label": _("pertinence"), "url": params.url(sort=""), "current": data["sort"] == SORT_RELEVANCE},
            {"label": _("date"), "url": params.url(sort=SORT_DATE), "current": data["sort"] == SORT_DATE},
        ],
        "active_filters": _active_filters(params),
        "searched": False,
    }
    status = 200
    if data["q"]:
        if not page_allowed(request):
            context["limited"] = True
            return TemplateResponse(request, "search/search.html", context, status=429, headers={"Retry-After": "60"})
        number = form.page_number()
        query = form.search_query(search_language(), offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        try:
            results = get_backend().search(query)
        except SearchUnavailable:
            context["unavailable"] = True
            status = 503
        else:
            context.update(
                searched=True,
                results=results,
                count_text=_count_text(results, data["q"]),
                hits=_hits(recheck.keep_readable(results.hits)),
                facets=_facets(results.facets, params),
                pagination=_pagination(params, number, results.total),
                first_number=(number - 1) * PAGE_SIZE + 1,
            )
    return TemplateResponse(request, "search/search.html", context, status=status)
