"""The search on Elasticsearch 8 (`settings.SEARCH_BACKEND` when `ELASTICSEARCH_URL` is set), for archives too big
for the database.

One index holds every `SearchItem` (pages and citizens' contributions). Readers and writers use the ALIAS
`settings.SEARCH_INDEX_PREFIX + "documents"`; the concrete index behind it is `<alias>-<timestamp>`. `rebuild()` fills
a new concrete index while the old one keeps answering, then moves the alias in one `update_aliases` call and drops
the old index: no moment without an index, no half-built index ever read.

Analysis (the analysers below): French is the site's language, so `title` and `body` are analysed in French (elision of
« l' », « qu' »…, lower case, accents folded, the same folded stop words as `search.text`, Snowball French stemmer,
the one `search.text` and PostgreSQL use: « école », « Écoles », « ecoles » are one word). Each also has an `.en`
sub-field analysed in English (Snowball English, « porter2 »): one document per item, one query, and the search of
an English-speaking visitor matches English pages by English stems while still matching the French contributions
(language "") shown to every visitor by their French stems (a field per language would need to know the language
of a contribution, which nobody declares). The cost is every text indexed twice. `title_suggest` (search_as_you_type,
folded but not stemmed) serves the autocomplete.

The pure functions (`index_body`, `document`, `search_body`, `autocomplete_body`, `index_actions`,
`delete_actions`) build what is sent; `ElasticsearchBackend` only sends it, so the tests check them without a
server. The user's text never reaches a query language: every word of `search.query.ParsedQuery` becomes its own
`multi_match` clause (`query_string` is never used).

Prefix searches (`word*`, autocomplete) use prefix queries: a cluster with `search.allow_expensive_queries: false`
refuses them unless the fields get `index_prefixes` (a mapping change, then `rebuild_search_index`).
"""

import logging
import re
import unicodedata
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime

from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers
from elasticsearch_dsl import (  # elasticsearch-dsl 8.18 re-exports elasticsearch.dsl
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    MetaField,
    Q,
    Search,
    SearchAsYouType,
    Text,
    analyzer,
    normalizer,
    token_filter,
)

from django.conf import settings
from django.core.exceptions import ValidationError

from .. import query as search_query
from .. import text as search_text
from .base import (
    MARK_END,
    MARK_START,
    SORT_DATE,
    FacetValue,
    Hit,
    SearchBackend,
    SearchResults,
    SearchUnavailable,
    Suggestion,
)

logger = logging.getLogger(__name__)

MAX_RESULT_WINDOW = 10_000  # Elasticsearch's default `index.max_result_window`: from + size never goes beyond
MAX_PAGE_SIZE = 100
TRACK_TOTAL_HITS = 10_000  # counting stops there: « plus de 10 000 résultats »
FACET_SIZE = 50
EXCERPT_LENGTH = 240
MAX_ANALYZED_OFFSET = 100_000  # the highlighter reads at most this many characters of a body
MIN_PREFIX_LENGTH = 2  # « a* » would expand to every word starting with a: searched as the word itself
BULK_CHUNK = 500
INDEXING_TIMEOUT = 60  # seconds, for bulk, create and alias calls (searches use SEARCH_TIMEOUT_SECONDS)
CONTRIBUTION_KINDS = ("free_text", "comment")

# facet name (search.backends.base.FACETS) -> field
FACET_FIELDS = {"kind": "kind", "territory": "territory_code", "theme": "theme", "year": "year"}

FRENCH_ELISION = token_filter(
    "french_elision",
    "elision",
    articles_case=True,
    articles=["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"],
)
# search.text's folded list, applied after asciifolding: « été » and « ete » are the same stop word, and the
# database backend drops the very same words.
FRENCH_STOP = token_filter("french_stop", "stop", stopwords=sorted(search_text.STOP_WORDS["fr"]))
# What the elision left joined by an apostrophe (« aujourd'hui », « quelqu'un », « presqu'île ») split into its
# words, as `search.text.words` splits them for the query: the parts share the token's position and offsets.
APOSTROPHE_SPLIT = token_filter("apostrophe_split", "pattern_capture", preserve_original=False, patterns=["([^'’]+)"])
FRENCH_STEMMER = token_filter("french_stemmer", "stemmer", language="french")  # Snowball, as search.text
ENGLISH_STOP = token_filter("english_stop", "stop", stopwords="_english_")
ENGLISH_POSSESSIVE = token_filter("english_possessive", "stemmer", language="possessive_english")
ENGLISH_STEMMER = token_filter("english_stemmer", "stemmer", language="porter2")  # Snowball English

FRENCH = analyzer(
    "aimpact_french",
    tokenizer="standard",
    filter=[FRENCH_ELISION, "lowercase", "asciifolding", APOSTROPHE_SPLIT, FRENCH_STOP, FRENCH_STEMMER],
)
ENGLISH = analyzer(
    "aimpact_english",
    tokenizer="standard",
    filter=[ENGLISH_POSSESSIVE, "lowercase", "asciifolding", APOSTROPHE_SPLIT, ENGLISH_STOP, ENGLISH_STEMMER],
)
# titles' words as typed (no stemming: « eco » must be a prefix of « ecole », not of a stem)
FOLDED = analyzer("aimpact_folded", tokenizer="standard", filter=[FRENCH_ELISION, "lowercase", "asciifolding"])
FOLDED_KEYWORD = normalizer("aimpact_folded_keyword", filter=["lowercase", "asciifolding"])


class SearchItemDocument(Document):
    """The mapping of one `cms.registry.SearchItem` (`_id` is its key)."""

    key = Keyword()
    kind = Keyword()
    language = Keyword()  # "" for a contribution
    title = Text(analyzer=FRENCH, fields={"en": Text(analyzer=ENGLISH)})
    title_suggest = SearchAsYouType(analyzer=FOLDED, max_shingle_size=3)
    title_key = Keyword(normalizer=FOLDED_KEYWORD, ignore_above=256)  # « titles starting with » come first
    body = Text(analyzer=FRENCH, fields={"en": Text(analyzer=ENGLISH)})
    url = Keyword(index=False, doc_values=False)
    date = Date()
    year = Integer()
    territory_code = Keyword()
    territory_name = Keyword(index=False, doc_values=False)
    theme = Keyword()
    space_id = Keyword()
    context_title = Keyword(index=False, doc_values=False)
    page_id = Integer()

    class Meta:
        dynamic = MetaField("strict")  # a field nobody declared is an error, not a silent new mapping


def alias_name(prefix=None):
    prefix = settings.SEARCH_INDEX_PREFIX if prefix is None else prefix
    return f"{prefix}documents".lower()


def concrete_name(alias, now=None):
    return f"{alias}-{(now or datetime.now(UTC)).strftime('%Y%m%d%H%M%S%f')}"


def index_body(shards=1, replicas=None):
    """`{"settings": …, "mappings": …}` for `indices.create`: the analysers and the mapping above."""
    index = Index("documents")
    index.settings(
        number_of_shards=shards,
        max_result_window=MAX_RESULT_WINDOW,
        **({} if replicas is None else {"number_of_replicas": replicas}),
    )
    index.document(SearchItemDocument)
    return index.to_dict()


def _isoformat(value):
    if value is None:
        return None
    return value.isoformat()


def document(item):
    """The `_source` of a SearchItem."""
    return {
        "key": item.key,
        "kind": item.kind,
        "language": item.language or "",
        "title": unicodedata.normalize("NFC", item.title or ""),
        "title_suggest": unicodedata.normalize("NFC", item.title or ""),
        "title_key": item.title,
        "body": unicodedata.normalize("NFC", item.body or ""),
        "url": item.url,
        "date": _isoformat(item.date),
        "year": item.date.year if item.date else None,
        "territory_code": item.territory_code or "",
        "territory_name": item.territory_name or "",
        "theme": item.theme or "",
        "space_id": "" if item.space_id is None else str(item.space_id),
        "context_title": item.context_title or "",
        "page_id": item.page_id,
    }


def index_actions(items, index):
    """Bulk actions writing (insert or replace) `items` into `index`."""
    for item in items:
        yield {"_op_type": "index", "_index": index, "_id": item.key, "_source": document(item)}


def delete_actions(keys, index):
    for key in keys:
        yield {"_op_type": "delete", "_index": index, "_id": key}


def text_fields(language):
    """The analysed fields a query searches, title weighted over body; English visitors' words are matched by
    English stems (their pages) and by French ones (contributions and untranslated pages)."""
    if language == "en":
        return ["title.en^3", "body.en", "title^2", "body"]
    return ["title^3", "body"]


def phrase_texts(text, language="fr"):
    """{(folded words kept by the parser): the phrase as typed} for the quoted phrases of `text`: a phrase is sent
    with its stop words (« cantine de l'école »), so Elasticsearch's analyser leaves the same gaps between positions
    as in the indexed text and the phrase matches exactly (no slop, which would also match the words swapped). The
    typed phrase is only ever analysed text in a `match_phrase`, never a query language."""
    found = {}
    for match in search_query.TOKEN_RE.finditer(text):
        if match.group(1) is not None:
            words = search_query._folded_words(match.group(1), language)
            if 1 < len(words) <= search_query.MAX_TERMS:
                found.setdefault(tuple(words), match.group(1))
    return found


def _term_clause(term, fields, phrases):
    text = " ".join(term.words)
    if term.is_phrase:
        text = phrases.get(tuple(term.words), text)
        return Q("multi_match", query=text, fields=fields, type="phrase")
    if term.prefix and len(text) >= MIN_PREFIX_LENGTH:
        # the analysed word (« ecoles* » -> stem « ecol ») as a prefix: « ecol* » finds « école », « écolier »
        return Q("multi_match", query=text, fields=fields, type="bool_prefix")
    return Q("multi_match", query=text, fields=fields, operator="and")


def text_query(parsed, language, phrases=None):
    """ParsedQuery -> a bool query: every group must match, a group by any of its terms; excluded words must not.
    `phrases`: `phrase_texts()` of the text typed."""
    fields = text_fields(language)
    must = []
    for group in parsed.groups:
        clauses = [_term_clause(term, fields, phrases or {}) for term in group]
        must.append(clauses[0] if len(clauses) == 1 else Q("bool", should=clauses, minimum_should_match=1))
    must_not = [Q("multi_match", query=word, fields=fields, operator="and") for word in parsed.excluded]
    return must, must_not


def filters(query):
    found = [Q("terms", language=sorted({query.language or "", ""}))]
    if query.kinds:
        found.append(Q("terms", kind=list(query.kinds)))
    if query.territory:
        found.append(Q("term", territory_code=query.territory))
    if query.theme:
        found.append(Q("term", theme=query.theme))
    if query.year:
        found.append(Q("term", year=int(query.year)))
    return found


def page_window(offset, limit):
    """(from, size) within MAX_RESULT_WINDOW: a page beyond it is empty rather than an error."""
    size = max(0, min(int(limit), MAX_PAGE_SIZE))
    start = max(0, int(offset))
    if start >= MAX_RESULT_WINDOW:
        return MAX_RESULT_WINDOW, 0
    return start, min(size, MAX_RESULT_WINDOW - start)


def timeout_string():
    return f"{max(1, int(settings.SEARCH_TIMEOUT_SECONDS * 1000))}ms"


def search_body(parsed, query, phrases=None):
    """The request body of `query` (a SearchQuery) whose text parsed to `parsed` (not empty); `phrases` as
    `phrase_texts(query.text)` (without it a phrase is its folded words without stop words)."""
    must, must_not = text_query(parsed, query.language, phrases)
    search = Search().query(Q("bool", must=must, must_not=must_not, filter=filters(query)))
    date_order = {"date": {"order": "desc", "missing": "_last", "unmapped_type": "date"}}
    tie = {"key": {"order": "asc", "unmapped_type": "keyword"}}
    if query.sort == SORT_DATE:
        search = search.sort(date_order, "_score", tie)
    else:
        search = search.sort("_score", date_order, tie)
    start, size = page_window(query.offset, query.limit)
    search = search.extra(from_=start, size=size, track_total_hits=TRACK_TOTAL_HITS, timeout=timeout_string())
    search = search.source(
        ["key", "kind", "title", "url", "date", "territory_name", "theme", "context_title", "language"]
    )
    suffixes = [".en", ""] if query.language == "en" else [""]
    search = search.highlight_options(
        pre_tags=[MARK_START],
        post_tags=[MARK_END],
        encoder="default",  # plain text in, plain text out: search.highlight escapes it
        max_analyzed_offset=MAX_ANALYZED_OFFSET,
    )
    for suffix in suffixes:
        search = search.highlight(f"title{suffix}", number_of_fragments=0)
        search = search.highlight(
            f"body{suffix}",
            fragment_size=EXCERPT_LENGTH,
            number_of_fragments=1,
            no_match_size=EXCERPT_LENGTH,
        )
    if query.facets:
        for name, field in FACET_FIELDS.items():
            search.aggs.bucket(name, "terms", field=field, size=FACET_SIZE)
    return search.to_dict()


def autocomplete_body(text, language, limit):
    """Pages in `language` (not contributions) whose title has words starting with `text`'s, best first."""
    search = Search().query(
        Q(
            "bool",
            must=[
                Q(
                    "multi_match",
                    query=text,
                    type="bool_prefix",
                    operator="and",
                    fields=["title_suggest", "title_suggest._2gram", "title_suggest._3gram"],
                )
            ],
            should=[Q("prefix", title_key={"value": search_text.fold(text), "boost": 2.0})],
            filter=[Q("term", language=language)],
            must_not=[Q("terms", kind=list(CONTRIBUTION_KINDS))],
        )
    )
    search = search.extra(size=max(0, min(int(limit), 20)), timeout=timeout_string(), track_total_hits=False)
    search = search.sort("_score", {"title_key": {"order": "asc"}})
    return search.source(["title", "url", "kind"]).to_dict()


def _parse_date(value):
    if not value:
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _marked(highlight, names):
    """The first highlighted fragment with a mark among `names`, else the first at all."""
    fragments = [highlight[name][0] for name in names if highlight.get(name)]
    for fragment in fragments:
        if MARK_START in fragment:
            return fragment
    return fragments[0] if fragments else ""


ELIDED_MARK_RE = re.compile(rf"{MARK_START}((?:[lmtnsdjc]|qu|jusqu|lorsqu|puisqu|quoiqu)['’])", re.IGNORECASE)


def _unelide(fragment):
    """« [l'école] » -> « l'[école] » ([ ] the marks): the tokenizer keeps « l'école » as one token (the elision filter
    cuts the article from the term, not from the offsets), the mark belongs on the word."""
    return ELIDED_MARK_RE.sub(lambda match: match.group(1) + MARK_START, fragment)


def _excerpt(fragment):
    """The highlighter's fragment (it starts on a sentence, `no_match_size` gives the body's start when no word
    matched there), its line breaks as spaces. The body itself is not fetched: contributions can be long."""
    return " ".join(_unelide(fragment).split())


def hit_from(raw):
    source = raw.get("_source", {})
    highlight = raw.get("highlight", {})
    title = source.get("title", "")
    return Hit(
        key=source.get("key") or raw.get("_id", ""),
        kind=source.get("kind", ""),
        title=title,
        url=source.get("url", ""),
        excerpt=_excerpt(_marked(highlight, ["body", "body.en"])),
        title_marked=_unelide(_marked(highlight, ["title", "title.en"])) or title,
        date=_parse_date(source.get("date")),
        territory_name=source.get("territory_name", ""),
        theme=source.get("theme", ""),
        context_title=source.get("context_title", ""),
        score=float(raw.get("_score") or 0.0),
    )


def results_from(response, facets=True):
    hits = response.get("hits", {})
    total = hits.get("total", {"value": 0, "relation": "eq"})
    if isinstance(total, int):
        total = {"value": total, "relation": "eq"}
    found = {}
    for name in FACET_FIELDS if facets else ():
        buckets = response.get("aggregations", {}).get(name, {}).get("buckets", [])
        found[name] = [
            FacetValue(value=str(bucket["key"]), count=bucket["doc_count"])
            for bucket in buckets
            if str(bucket["key"]) != ""
        ]
    return SearchResults(
        total=total["value"],
        hits=[hit_from(raw) for raw in hits.get("hits", [])],
        facets=found,
        total_is_lower_bound=total.get("relation") == "gte" or bool(response.get("timed_out")),
    )


@contextmanager
def unavailable(action):
    """A server down, slow or overloaded -> SearchUnavailable (chained); a missing index is the caller's business."""
    try:
        yield
    except NotFoundError:
        raise
    except (TransportError, ApiError) as error:
        logger.warning("Elasticsearch %s failed: %r", action, error)
        raise SearchUnavailable(f"Elasticsearch {action}: {error}") from error


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, index_prefix=None, url=None, client=None):
        self.alias = alias_name(index_prefix)
        self.url = url or settings.ELASTICSEARCH_URL
        self._client = client
        self._ready = False

    @property
    def client(self):
        if self._client is None:
            self._client = Elasticsearch(
                self.url, request_timeout=INDEXING_TIMEOUT, max_retries=1, retry_on_timeout=False
            )
        return self._client

    def _search_client(self):
        return self.client.options(request_timeout=settings.SEARCH_TIMEOUT_SECONDS + 0.5)

    # ---- indices ----

    def _create(self, name, aliases=None, loading=False):
        body = index_body()
        if loading:  # no refresh and no replica while a rebuild fills it; set back before it is read
            body["settings"].update(refresh_interval="-1", number_of_replicas=0)
        self.client.indices.create(index=name, aliases=aliases or {}, **body)

    def _indices(self):
        """The concrete indices behind the alias (normally one)."""
        try:
            return sorted(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return []

    def _concrete(self):
        """Every concrete index of this prefix, behind the alias or not."""
        try:
            return sorted(self.client.indices.get(index=f"{self.alias}-*", allow_no_indices=True))
        except NotFoundError:
            return []

    def ensure_index(self):
        """Create the first concrete index and its alias when the cluster has none (the first `index()`)."""
        if self._ready:
            return
        with unavailable("ensure_index"):
            if not self.client.indices.exists_alias(name=self.alias):
                self._create(concrete_name(self.alias), aliases={self.alias: {}})
        self._ready = True

    def _bulk(self, actions, **params):
        """Send `actions` in chunks; returns [(ok, item)]. A missing document (or index) is not an error: the item
        is returned not ok."""
        return list(
            helpers.streaming_bulk(
                self.client,
                actions,
                chunk_size=BULK_CHUNK,
                ignore_status=(404,),
                max_retries=2,
                **params,
            )
        )

    # ---- SearchBackend ----

    def index(self, items):
        items = list(items)
        if not items:
            return 0
        self.ensure_index()
        with unavailable("index"):
            # require_alias: never let a write auto-create a concrete index named like the alias, unmapped
            done = self._bulk(index_actions(items, self.alias), refresh="wait_for", require_alias=True)
            if any(not ok for ok, _ in done) and not self.client.indices.exists_alias(name=self.alias):
                self._ready = False  # the indices were deleted behind our back (clear() elsewhere): once more
                self.ensure_index()
                done = self._bulk(index_actions(items, self.alias), refresh="wait_for", require_alias=True)
        return sum(1 for ok, _ in done if ok)

    def delete(self, keys):
        keys = list(keys)
        if not keys:
            return 0
        with unavailable("delete"):
            try:
                done = self._bulk(delete_actions(keys, self.alias), refresh="wait_for")
            except NotFoundError:  # no index yet: nothing to delete
                return 0
        return sum(1 for ok, item in done if ok and item.get("delete", {}).get("result") == "deleted")

    def rebuild(self, batches, progress=None):
        new = concrete_name(self.alias)
        with unavailable("rebuild"):
            self._create(new, loading=True)
            count = 0
            try:
                for batch in batches:
                    batch = list(batch)
                    if batch:
                        done = self._bulk(index_actions(batch, new))
                        count += sum(1 for ok, _ in done if ok)
                    if progress:
                        progress(count)  # how many so far, as the database backend
                self.client.indices.put_settings(
                    index=new, settings={"index": {"refresh_interval": None, "number_of_replicas": None}}
                )
                self.client.indices.refresh(index=new)
            except BaseException:
                with suppress(Exception):  # the first error is the one to tell
                    self.client.indices.delete(index=new, ignore_unavailable=True)
                raise
            old = [name for name in self._indices() if name != new]
            actions = [{"remove": {"index": name, "alias": self.alias}} for name in old]
            actions.append({"add": {"index": new, "alias": self.alias}})
            self.client.indices.update_aliases(actions=actions)  # one call: readers never see no index
            # the old index, and any left by a rebuild that was killed half-way (never behind the alias)
            for name in sorted(set(old) | set(self._concrete()) - {new}):
                self.client.indices.delete(index=name, ignore_unavailable=True)
        self._ready = True
        return count

    def count(self):
        with unavailable("count"):
            try:
                return self.client.count(index=self.alias)["count"]
            except NotFoundError:
                return 0

    def clear(self):
        """Delete this prefix's indices (the alias goes with them); the next `index()` creates a new one."""
        with unavailable("clear"):
            for name in sorted(set(self._concrete()) | set(self._indices())):
                self.client.indices.delete(index=name, ignore_unavailable=True)
        self._ready = False

    def search(self, query):
        try:
            text = search_query.clean_text(query.text)
        except ValidationError:
            text = ""
        parsed = search_query.parse(text, query.language)
        if parsed.is_empty:
            return SearchResults(total=0, hits=[], facets={name: [] for name in FACET_FIELDS} if query.facets else {})
        body = search_body(parsed, query, phrase_texts(text, query.language))
        with unavailable("search"):
            try:
                response = self._search_client().search(index=self.alias, body=body)
            except NotFoundError:  # nothing indexed yet
                return SearchResults(total=0, hits=[], facets={name: [] for name in FACET_FIELDS})
        return results_from(dict(response), facets=query.facets)

    def autocomplete(self, text, language, limit=8):
        try:
            text = search_query.clean_text(text)[:100]
        except ValidationError:
            return []
        if not search_text.words(text):
            return []
        with unavailable("autocomplete"):
            try:
                response = self._search_client().search(index=self.alias, body=autocomplete_body(text, language, limit))
            except NotFoundError:
                return []
        return [
            Suggestion(
                title=raw.get("_source", {}).get("title", ""),
                url=raw.get("_source", {}).get("url", ""),
                kind=raw.get("_source", {}).get("kind", ""),
                key=raw.get("_id", ""),
            )
            for raw in dict(response).get("hits", {}).get("hits", [])
        ]
