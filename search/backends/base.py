"""The one interface every search backend answers (`search.backends.get_backend()`).

The views and the API build a `SearchQuery`, call `backend.search(query)` and get `SearchResults`; the indexing
code calls `index(items)` / `delete(keys)` with `cms.registry.SearchItem`s and `rebuild(...)`. Excerpts come back as
plain text with the matched words between `MARK_START` and `MARK_END` (two control characters no text contains),
escaped and turned into `<mark>` by `search.highlight.to_html`, so no backend ever returns HTML.
"""

from dataclasses import dataclass, field

MARK_START = "\x02"
MARK_END = "\x03"

SORT_RELEVANCE = "relevance"
SORT_DATE = "date"
SORTS = (SORT_RELEVANCE, SORT_DATE)

FACETS = ("kind", "territory", "theme", "year")


class SearchUnavailable(Exception):
    """The search could not answer (took longer than SEARCH_TIMEOUT_SECONDS, server down): the page and the API say
    so in words (« La recherche n'a pas pu aboutir… »), never an error page. Backends raise it, chained to the cause."""


@dataclass(frozen=True)
class SearchQuery:
    """`text` is what the citizen typed, already checked by `search.query.clean_text` (at most 500 characters).
    `language` is the visitor's: pages in that language and contributions (language "") are searched.
    Filters are exact values (`kinds` any of; `territory` an INSEE code; `theme`; `year`)."""

    text: str
    language: str = "fr"
    kinds: tuple = ()
    territory: str = ""
    theme: str = ""
    year: int | None = None
    sort: str = SORT_RELEVANCE
    offset: int = 0
    limit: int = 20
    facets: bool = True


@dataclass(frozen=True)
class Hit:
    key: str
    kind: str
    title: str
    url: str
    excerpt: str  # plain text with MARK_START/MARK_END around matched words
    title_marked: str  # the title, marked the same way
    date: object = None
    territory_name: str = ""
    theme: str = ""
    context_title: str = ""
    score: float = 0.0


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int


@dataclass
class SearchResults:
    total: int
    hits: list
    facets: dict = field(default_factory=dict)  # facet name -> [FacetValue], most frequent first
    total_is_lower_bound: bool = False  # True when the backend stopped counting (more than `total` matched)


@dataclass(frozen=True)
class Suggestion:
    title: str
    url: str
    kind: str
    key: str = ""  # the index key (`page:<id>`): the views check it is still readable (`search.recheck`)


class SearchBackend:
    """What a backend implements. `name` is shown by the rebuild command and in the contract tests' ids."""

    name = "abstract"

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def autocomplete(self, text: str, language: str, limit: int = 8) -> list:
        """Titles starting with (a word starting with) `text`: [Suggestion]."""
        raise NotImplementedError

    def index(self, items) -> int:
        """Write these `SearchItem`s (insert or replace by key); returns how many."""
        raise NotImplementedError

    def delete(self, keys) -> int:
        """Remove these keys (absent keys are ignored); returns how many were removed."""
        raise NotImplementedError

    def rebuild(self, batches, progress=None) -> int:
        """Replace the whole index by the items of `batches` (an iterable of lists of `SearchItem`), readers keeping
        the old index until the new one is complete; `progress(n)` after each batch. Returns the count."""
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    def clear(self):
        """Empty the index (tests)."""
        raise NotImplementedError
