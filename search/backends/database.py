"""The default search backend: the `SearchDocument` table of the site's own database.

PostgreSQL (production): the `vector` column (migration 0002) is computed by the database with the text search
configuration of the row's language — `aimpact_french` (unaccent, then the French Snowball stemmer) for French pages
and for contributions, `aimpact_english` for English pages — and indexed by GIN. A query is built from
`search.query.ParsedQuery` with SQL parameters only: a word is `plainto_tsquery(cfg, %s)`, a phrase
`phraseto_tsquery`, a prefix `to_tsquery(cfg, %s)` of `'word':*` (the word is a folded `\\w+` word, so the quotes
hold), combined with `||` (OR), `&&` (AND) and `&& !!` (excluded words). An English visitor's word matches with either
stemmer (English pages, French contributions).

What makes it fast on a million rows: a common word (« école » in 10 % of the rows) matches 100,000 rows, and ranking
or counting all of them reads them all. So one statement takes the `WINDOW` newest matches — walking the
`(date DESC NULLS LAST, id DESC)` index and testing each row for a common word, the GIN index then a sort for a rarer
one (the planner chooses from the tsvector statistics) — ranks them (ts_rank: title A > body B > context C) and
counts their facets (GROUPING SETS). With more matches than that, `total` is `WINDOW` and `total_is_lower_bound` is
set (« plus de 300 résultats »), the facet counts are those of the newest matches, and relevance orders the newest
`WINDOW` matches; pages beyond the window go on by date (the p-th result is the p-th newest match), so pages stay
stable and every match can be reached. (An index ordering matches by date inside GIN — the RUM extension — would
lift this, it is not in Debian's PostgreSQL.)

SQLite (embedded default, for a site's own archive): an FTS5 table `search_fts` (rowid = SearchDocument.id) of the
stems computed in Python (`search.text.stems`, the same Snowball stemmers), ranked by bm25 (title 10, context 2,
body 1), queried with every token in FTS5 double quotes; counts and facets are exact there.

Facets: counts over the current result set (every filter applied), empty values left out. Excerpts and marked titles
are computed in Python for the hits of the page only (`search.text.highlight`). A search running longer than
`settings.SEARCH_TIMEOUT_SECONDS` is stopped (PostgreSQL: `SET LOCAL statement_timeout`; SQLite: a progress handler
that interrupts) and raises `SearchUnavailable`.
"""

import datetime
import time
import unicodedata
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from .. import text as search_text
from ..models import SearchDocument
from ..query import parse
from .base import (
    FACETS,
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

TABLE = SearchDocument._meta.db_table
# PostgreSQL: how many of the newest matches are ranked and counted (total, facets); the cost of a common word grows
# with it (~0.1 ms a row walked on a million rows). settings.SEARCH_DATABASE_WINDOW changes it.
WINDOW = 300
SQLITE_WINDOW = 2000  # the same on SQLite (settings.SEARCH_SQLITE_WINDOW): bm25 and Python counting are cheap there
PROBE_ROWS = 20_000  # PostgreSQL, several words: the newest rows probed before walking the date index
EXCERPT_LENGTH = 240
INSERT_BATCH = 1000

UPDATE_FIELDS = [
    "kind",
    "title",
    "body",
    "url",
    "language",
    "date",
    "year",
    "territory_code",
    "territory_name",
    "theme",
    "space_id",
    "context_title",
    "page_id",
    "title_key",
    "indexed_at",
]
FACET_COLUMNS = {"kind": "kind", "territory": "territory_code", "theme": "theme", "year": "year"}
HIT_FIELDS = (
    "id",
    "key",
    "kind",
    "title",
    "url",
    "body",
    "language",
    "date",
    "territory_name",
    "theme",
    "context_title",
)


def _stem_language(language):
    return "en" if language == "en" else "fr"


def _as_datetime(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, datetime.date):
        return timezone.make_aware(datetime.datetime.combine(value, datetime.time(12, 0)))
    return None


def _nfc(value):
    """A text as the queries are (`search.query.clean_text`): accents composed, « e\u0301 » written « é »."""
    return unicodedata.normalize("NFC", value or "")


def _document(item):
    date = _as_datetime(item.date)
    return SearchDocument(
        key=item.key,
        kind=item.kind,
        title=_nfc(item.title)[:255],
        body=_nfc(item.body),
        url=(item.url or "")[:500],
        language=item.language or "",
        date=date,
        year=date.year if date else None,
        territory_code=item.territory_code or "",
        territory_name=(item.territory_name or "")[:255],
        theme=item.theme or "",
        space_id=item.space_id,
        context_title=_nfc(item.context_title)[:255],
        page_id=item.page_id,
        title_key=search_text.fold(item.title or "")[:255],
    )


def _batched(iterable, size):
    batch = []
    for element in iterable:
        batch.append(element)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class DatabaseBackend(SearchBackend):
    name = "database"

    # --- searching -------------------------------------------------------------------------------------------------

    def search(self, query):
        parsed = parse(query.text, _stem_language(query.language))
        if parsed.is_empty:
            return SearchResults(total=0, hits=[], facets={name: [] for name in FACETS} if query.facets else {})
        vendor = self._vendor()
        try:
            with self._time_limit(vendor):
                if vendor == "postgresql":
                    ids, scores, total, lower_bound, facets = _PostgresQuery(parsed, query).run()
                else:
                    ids, scores, total, lower_bound, facets = _SQLiteQuery(parsed, query).run()
                documents = SearchDocument.objects.only(*HIT_FIELDS).in_bulk(ids)
        except DatabaseError as error:
            raise SearchUnavailable(str(error)) from error
        hits = [self._hit(documents[pk], scores.get(pk, 0.0), parsed) for pk in ids if pk in documents]
        return SearchResults(total=total, hits=hits, facets=facets, total_is_lower_bound=lower_bound)

    def _hit(self, document, score, parsed):
        language = _stem_language(document.language)
        stems = parsed.stems(language)
        prefixes = [
            search_text.stem(term.words[-1], language) for group in parsed.groups for term in group if term.prefix
        ]
        marks = {"start_mark": MARK_START, "end_mark": MARK_END}
        stems |= self._prefix_matches(document, prefixes, language)
        return Hit(
            key=document.key,
            kind=document.kind,
            title=document.title,
            url=document.url,
            excerpt=search_text.highlight(document.body, stems, language, length=EXCERPT_LENGTH, **marks),
            title_marked=search_text.highlight(document.title, stems, language, length=10_000, **marks),
            date=document.date,
            territory_name=document.territory_name,
            theme=document.theme,
            context_title=document.context_title,
            score=float(score or 0.0),
        )

    @staticmethod
    def _prefix_matches(document, prefixes, language):
        """The stems of the document's words that a prefix term (`eco*`) matched, to mark them too."""
        if not prefixes:
            return set()
        found = set()
        for text in (document.title, document.body):
            for stem in search_text.stems(text, language):
                if any(stem.startswith(prefix) for prefix in prefixes):
                    found.add(stem)
        return found

    def autocomplete(self, text, language, limit=8):
        words = [word for _, _, word in search_text.words(text or "")][:6]
        if not words:
            return []
        limit = max(1, min(int(limit), 20))
        vendor = self._vendor()
        try:
            with self._time_limit(vendor):
                if vendor == "postgresql":
                    rows = self._autocomplete_postgres(words, language, limit)
                else:
                    rows = self._autocomplete_sqlite(words, language, limit)
        except DatabaseError as error:
            raise SearchUnavailable(str(error)) from error
        return [Suggestion(title=title, url=url, kind=kind, key=key) for title, url, kind, key in rows]

    def _autocomplete_postgres(self, words, language, limit):
        typed = " ".join(words)
        tsquery = (
            " & ".join(f"'{word}'" for word in words[:-1]) + (" & " if len(words) > 1 else "") + f"'{words[-1]}':*"
        )
        sql = f"""
            SELECT title, url, kind, key FROM {TABLE}
            WHERE language = %s AND language <> ''
              AND (title_key LIKE %s OR to_tsvector('aimpact_simple'::regconfig, title)
                                        @@ to_tsquery('aimpact_simple'::regconfig, %s))
            ORDER BY (title_key LIKE %s) DESC, length(title), date DESC NULLS LAST, id DESC
            LIMIT %s"""  # noqa: S608
        like = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with connection.cursor() as cursor:
            cursor.execute(sql, [language, like, tsquery, like, limit])
            return cursor.fetchall()

    def _autocomplete_sqlite(self, words, language, limit):
        typed = " ".join(words)
        match = " ".join(f'"{word}"' for word in words[:-1]) + f' "{words[-1]}"*'
        sql = f"""
            SELECT d.title, d.url, d.kind, d.key FROM search_fts JOIN {TABLE} d ON d.id = search_fts.rowid
            WHERE search_fts MATCH %s AND d.language = %s AND d.language <> ''
            ORDER BY (d.title_key LIKE %s ESCAPE '\\') DESC, length(d.title), d.date DESC NULLS LAST, d.id DESC
            LIMIT %s"""  # noqa: S608
        like = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with connection.cursor() as cursor:
            cursor.execute(sql, [f"title_words : ({match.strip()})", language, like, limit])
            return cursor.fetchall()

    # --- writing ---------------------------------------------------------------------------------------------------

    def index(self, items):
        count = 0
        with transaction.atomic():
            for batch in _batched(items, INSERT_BATCH):
                documents = list({item.key: _document(item) for item in batch}.values())
                SearchDocument.objects.bulk_create(
                    documents, update_conflicts=True, unique_fields=["key"], update_fields=UPDATE_FIELDS
                )
                if self._vendor() == "sqlite":
                    ids = dict(
                        SearchDocument.objects.filter(key__in=[d.key for d in documents]).values_list("key", "id")
                    )
                    _sqlite_fts_delete(list(ids.values()))
                    _sqlite_fts_insert([(ids[d.key], d) for d in documents])
                count += len(documents)
        return count

    def delete(self, keys):
        keys = list(dict.fromkeys(keys))
        removed = 0
        with transaction.atomic():
            for batch in _batched(keys, INSERT_BATCH):
                if self._vendor() == "sqlite":
                    _sqlite_fts_delete(list(SearchDocument.objects.filter(key__in=batch).values_list("id", flat=True)))
                removed += SearchDocument.objects.filter(key__in=batch).delete()[0]
        return removed

    def rebuild(self, batches, progress=None):
        """Everything replaced in one transaction: readers see the old index until the commit (PostgreSQL's MVCC;
        SQLite readers in WAL mode). PostgreSQL writes with COPY, SQLite with multi-row inserts."""
        total = 0
        vendor = self._vendor()
        with transaction.atomic():
            if vendor == "postgresql":
                with connection.cursor() as cursor:
                    # GIN collects new entries in a pending list merged when full: merged less often, faster
                    cursor.execute("SELECT set_config('gin_pending_list_limit', '65536', true)")
            self._delete_all(vendor)
            seen = set()
            for batch in batches:
                documents = []
                for item in batch:
                    if item.key in seen:  # a key given twice: the first wins (a rebuild has no order to honour)
                        continue
                    seen.add(item.key)
                    documents.append(_document(item))
                if vendor == "postgresql":
                    _postgres_copy(documents)
                else:
                    for chunk in _batched(documents, INSERT_BATCH):
                        SearchDocument.objects.bulk_create(chunk)
                        if vendor == "sqlite":
                            ids = dict(
                                SearchDocument.objects.filter(key__in=[d.key for d in chunk]).values_list("key", "id")
                            )
                            _sqlite_fts_insert([(ids[d.key], d) for d in chunk])
                total += len(documents)
                if progress:
                    progress(total)
            if vendor == "postgresql":
                with connection.cursor() as cursor:  # the last pending entries into the index, not left to searches
                    cursor.execute("SELECT gin_clean_pending_list('search_doc_vector'::regclass)")
        return total

    def count(self):
        return SearchDocument.objects.count()

    def clear(self):
        with transaction.atomic():
            self._delete_all(self._vendor())

    def _delete_all(self, vendor):
        if vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_fts")
        SearchDocument.objects.all()._raw_delete(SearchDocument.objects.db)

    # --- helpers ---------------------------------------------------------------------------------------------------

    @staticmethod
    def _vendor():
        vendor = connection.vendor
        if vendor not in {"postgresql", "sqlite"}:
            raise SearchUnavailable(f"the database search backend needs PostgreSQL or SQLite, not {vendor}")
        return vendor

    @staticmethod
    @contextmanager
    def _time_limit(vendor):
        seconds = float(getattr(settings, "SEARCH_TIMEOUT_SECONDS", 3) or 0)
        if vendor == "postgresql":
            with transaction.atomic():
                if seconds > 0:
                    with connection.cursor() as cursor:
                        # JIT compiling costs ~80 ms and never pays back on these short statements
                        cursor.execute(
                            "SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, true), "
                            "set_config('jit', 'off', true)",
                            [f"{max(1, int(seconds * 1000))}ms"],
                        )
                        previous = cursor.fetchone()[0]
                yield
                if seconds > 0:  # the rest of an enclosing transaction is not limited
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
            return
        connection.ensure_connection()
        raw = connection.connection
        deadline = time.monotonic() + seconds

        def interrupt():
            return 1 if time.monotonic() > deadline else 0

        if seconds > 0:
            raw.set_progress_handler(interrupt, 1000)
        try:
            yield
        finally:
            if seconds > 0:
                raw.set_progress_handler(None, 1000)


# --- PostgreSQL ------------------------------------------------------------------------------------------------------

PG_CONFIGS = {"fr": "aimpact_french", "en": "aimpact_english"}


def _pg_term(term, config):
    """SQL and parameters of one term as a tsquery (the config is one of ours, never user text)."""
    if term.prefix:
        words = term.words
        expression = " & ".join(f"'{word}'" for word in words[:-1])
        expression += (" & " if len(words) > 1 else "") + f"'{words[-1]}':*"
        return f"to_tsquery('{config}'::regconfig, %s)", [expression]
    if term.is_phrase:
        return f"phraseto_tsquery('{config}'::regconfig, %s)", [" ".join(term.words)]
    return f"plainto_tsquery('{config}'::regconfig, %s)", [term.words[0]]


def pg_tsquery(parsed, language):
    """(sql, params) of the tsquery of `parsed` for a visitor of `language` (see the module's docstring)."""
    configs = ["aimpact_english", "aimpact_french"] if language == "en" else ["aimpact_french"]
    params = []

    def term_sql(term):
        parts = []
        for config in configs:
            sql, term_params = _pg_term(term, config)
            parts.append(sql)
            params.extend(term_params)
        return "(" + " || ".join(parts) + ")"

    groups = ["(" + " || ".join(term_sql(term) for term in group) + ")" for group in parsed.groups]
    sql = " && ".join(groups)
    for word in parsed.excluded:
        for config in configs:
            sql += f" && !! plainto_tsquery('{config}'::regconfig, %s)"
            params.append(word)
    return f"({sql})", params


class _Filters:
    def __init__(self, query, alias="d"):
        self.where = [f"({alias}.language = %s OR {alias}.language = '')"]
        self.params = [query.language or "fr"]
        if query.kinds:
            self.where.append(f"{alias}.kind IN ({', '.join(['%s'] * len(query.kinds))})")
            self.params.extend(query.kinds)
        for value, column in ((query.territory, "territory_code"), (query.theme, "theme"), (query.year, "year")):
            if value not in (None, ""):
                self.where.append(f"{alias}.{column} = %s")
                self.params.append(value)
        if query.year:
            # the same year as a range of dates (a day of margin for time zones), so the date index walks only it
            self.where.append(f"{alias}.date >= %s AND {alias}.date < %s")
            start = datetime.datetime(int(query.year), 1, 1, tzinfo=datetime.UTC)
            self.params += [
                start - datetime.timedelta(days=1),
                start.replace(year=start.year + 1) + datetime.timedelta(days=1),
            ]

    @property
    def sql(self):
        return " AND ".join(self.where)


def _facets_from_rows(rows, grouping_names):
    """rows: (facet name, value, count) -> {name: [FacetValue]} most frequent first, empty values left out."""
    facets = {name: [] for name in grouping_names}
    for name, value, count in rows:
        if value in (None, ""):
            continue
        facets[name].append(FacetValue(value=str(value), count=int(count)))
    for name in facets:
        facets[name].sort(key=lambda facet: (-facet.count, facet.value))
    return facets


class _PostgresQuery:
    def __init__(self, parsed, query):
        self.query = query
        self.tsquery, self.tsquery_params = pg_tsquery(parsed, query.language)
        self.filters = _Filters(query)
        self.correlated = len(parsed.groups) > 1

    def _walk_the_date_index(self, cursor, where, params, window):
        """For several words the planner multiplies selectivities that are not independent (« piste » 5 % and
        « cyclable » 5 % → 0.3 %, when they always come together: 53,000 matches at a million rows), so it reads
        every match to sort them (300–550 ms) instead of walking the date index to the window's newest (~30 ms).
        Probed on the `PROBE_ROWS` newest rows (the filters applied): when the window fills there, the match is
        common enough for the walk to be the faster plan and the bitmap is turned off for the search; otherwise
        the planner's choice stands (a rarer match: « cantine bruit »). Returns the settings to restore, or None."""
        if not self.correlated:
            return None
        # Walked, never read whole: on a small table the planner would rather sort every row than walk an index.
        cursor.execute("SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)")
        seqscan = cursor.fetchone()[0]
        cursor.execute(
            f"""SELECT current_setting('enable_bitmapscan') FROM (
                    SELECT d.* FROM {TABLE} d WHERE {self.filters.sql}
                    ORDER BY d.date DESC NULLS LAST, d.id DESC LIMIT %s) d
                WHERE {where} OFFSET %s LIMIT 1""",  # noqa: S608
            [*self.filters.params, PROBE_ROWS, *params, window],
        )
        row = cursor.fetchone()
        if row is None:
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [seqscan])
            return None
        cursor.execute("SELECT set_config('enable_bitmapscan', 'off', true)")
        return row[0], seqscan

    def _matches(self):
        return f"d.vector @@ {self.tsquery} AND {self.filters.sql}", [*self.tsquery_params, *self.filters.params]

    def run(self):
        """One statement: the `WINDOW` newest matches (walking the date index for a common word, the GIN index then a
        sort for a rarer one: the planner chooses), ranked, and their facets by GROUPING SETS."""
        query = self.query
        where, params = self._matches()
        offset, limit = max(0, query.offset), max(0, query.limit)
        if query.sort == SORT_DATE:
            order = "date DESC NULLS LAST, id DESC"
        else:
            order = "score DESC, date DESC NULLS LAST, id DESC"
        window = int(getattr(settings, "SEARCH_DATABASE_WINDOW", WINDOW))
        page_limit = max(0, min(offset + limit, window) - offset)
        with connection.cursor() as cursor:
            walk = self._walk_the_date_index(cursor, where, params, window)
            cursor.execute(
                f"""
                WITH m AS MATERIALIZED (
                    SELECT d.id, d.date, d.kind, d.territory_code, d.theme, d.year,
                           ts_rank(d.vector, {self.tsquery}) AS score
                    FROM {TABLE} d WHERE {where}
                    ORDER BY d.date DESC NULLS LAST, d.id DESC LIMIT %s
                ), page AS (
                    SELECT id, score, row_number() OVER (ORDER BY {order}) AS position
                    FROM m ORDER BY {order} LIMIT %s OFFSET %s
                )
                SELECT 0, position, id, score, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM page
                UNION ALL
                SELECT 1, NULL, NULL, NULL, GROUPING(kind), GROUPING(territory_code), GROUPING(theme), GROUPING(year),
                       kind, territory_code, theme, year::text, count(*)
                FROM m GROUP BY GROUPING SETS ((), (kind), (territory_code), (theme), (year))""",  # noqa: S608
                [*self.tsquery_params, *params, window + 1, page_limit, offset],
            )
            hits, rows, total = [], [], 0
            for part, position, pk, score, g_kind, g_territory, g_theme, g_year, *values, count in cursor.fetchall():
                if part == 0:
                    hits.append((position, pk, score))
                elif g_kind and g_territory and g_theme and g_year:
                    total = count
                else:
                    for name, grouped, value in zip(
                        FACETS, (g_kind, g_territory, g_theme, g_year), values, strict=True
                    ):
                        if not grouped:
                            rows.append((name, value, count))
            if walk:
                cursor.execute(
                    "SELECT set_config('enable_bitmapscan', %s, true), set_config('enable_seqscan', %s, true)", walk
                )
            hits.sort()
            ids = [pk for _, pk, _ in hits]
            scores = {pk: score for _, pk, score in hits}
            if offset + limit > window:  # beyond the window: the next matches by date (stable pages, every match)
                start = max(offset, window)
                ids += self._by_date(cursor, where, params, start, offset + limit - start)
        facets = _facets_from_rows(rows, FACETS) if query.facets else {}
        return ids, scores, min(total, window), total > window, facets

    def _by_date(self, cursor, where, params, offset, limit):
        if limit <= 0:
            return []
        cursor.execute(
            f"SELECT d.id FROM {TABLE} d WHERE {where} ORDER BY d.date DESC NULLS LAST, d.id DESC LIMIT %s OFFSET %s",  # noqa: S608
            [*params, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


COPY_COLUMNS = ["key", *UPDATE_FIELDS]


def _postgres_copy(documents):
    if not documents:
        return
    now = timezone.now()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {TABLE} ({', '.join(COPY_COLUMNS)}) FROM STDIN") as copy,
    ):
        for document in documents:
            document.indexed_at = now
            copy.write_row([getattr(document, column) for column in COPY_COLUMNS])


# --- SQLite ----------------------------------------------------------------------------------------------------------


def _fts_string(token):
    """A token as an FTS5 string: between double quotes, a quote doubled (tokens are \\w+ words: none has one)."""
    return '"' + token.replace('"', '""') + '"'


def sqlite_match(parsed, language):
    """The FTS5 MATCH expression of `parsed` on the stemmed columns, for a visitor of `language`."""
    languages = ["en", "fr"] if language == "en" else ["fr"]

    def term_match(term):
        alternatives = []
        for stem_language in languages:
            stems = [search_text.stem(word, stem_language) for word in term.words]
            expression = " + ".join(_fts_string(stem) for stem in stems)
            if term.prefix:  # matched on the stems: the stem of « ecoles* » is « ecol »
                expression += "*"
            alternatives.append(expression)
        return "(" + " OR ".join(dict.fromkeys(alternatives)) + ")"

    groups = ["(" + " OR ".join(term_match(term) for term in group) + ")" for group in parsed.groups]
    expression = " AND ".join(groups)
    excluded = []
    for word in parsed.excluded:
        for stem_language in languages:
            excluded.append(_fts_string(search_text.stem(word, stem_language)))
    expression = f"{{title context body}} : ({expression})"
    if excluded:
        expression += f" NOT {{title context body}} : ({' OR '.join(dict.fromkeys(excluded))})"
    return expression


class _SQLiteQuery:
    def __init__(self, parsed, query):
        self.query = query
        self.match = sqlite_match(parsed, query.language)
        self.filters = _Filters(query)

    def run(self):
        """Relevance ranks (bm25) and counts the `SQLITE_WINDOW` last indexed matches (FTS5 walks its rowids
        backwards and stops there), then goes on in that order; by date, the date index is walked over the set of
        matching rowids. Below the window, counts and facets are exact."""
        query = self.query
        where = f"search_fts MATCH %s AND {self.filters.sql}"
        params = [self.match, *self.filters.params]
        offset, limit = max(0, query.offset), max(0, query.limit)
        window = int(getattr(settings, "SEARCH_SQLITE_WINDOW", SQLITE_WINDOW))
        join = f"search_fts JOIN {TABLE} d ON d.id = search_fts.rowid"
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT d.id, d.date, d.kind, d.territory_code, d.theme, d.year,
                           bm25(search_fts, 10.0, 2.0, 1.0, 0.0) AS score
                    FROM {join} WHERE {where} ORDER BY search_fts.rowid DESC LIMIT %s""",  # noqa: S608
                [*params, window + 1],
            )
            matches = cursor.fetchall()
            lower_bound = len(matches) > window
            matches = matches[:window]
            scores = {row[0]: -row[6] for row in matches}  # bm25: lower is better
            if query.sort == SORT_DATE:
                if lower_bound:
                    cursor.execute(
                        f"""SELECT d.id FROM {TABLE} d
                            WHERE d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)
                              AND {self.filters.sql}
                            ORDER BY d.date DESC NULLS LAST, d.id DESC LIMIT %s OFFSET %s""",  # noqa: S608
                        [*params, limit, offset],
                    )
                    ids = [row[0] for row in cursor.fetchall()]
                else:
                    ordered = sorted(matches, key=lambda row: (row[1] is not None, row[1] or 0, row[0]), reverse=True)
                    ids = [row[0] for row in ordered[offset : offset + limit]]
            else:
                ordered = sorted(matches, key=lambda row: (row[6], -(row[1].timestamp() if row[1] else 0), -row[0]))
                ids = [row[0] for row in ordered[offset : offset + limit]]
                if lower_bound and offset + limit > window:  # beyond the window: on in the same (rowid) order
                    start = max(offset, window)
                    cursor.execute(
                        f"SELECT d.id FROM {join} WHERE {where} ORDER BY search_fts.rowid DESC LIMIT %s OFFSET %s",  # noqa: S608
                        [*params, offset + limit - start, start],
                    )
                    ids += [row[0] for row in cursor.fetchall()]
        facets = {}
        if query.facets:
            counts = {}
            for row in matches:
                for name, value in zip(FACETS, row[2:6], strict=True):
                    counts[(name, value)] = counts.get((name, value), 0) + 1
            facets = _facets_from_rows([(name, value, n) for (name, value), n in counts.items()], FACETS)
        return ids, scores, len(matches), lower_bound, facets


def _sqlite_fts_delete(ids):
    if not ids:
        return
    with connection.cursor() as cursor:
        for batch in _batched(ids, 500):
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(batch))})", batch)  # noqa: S608


def _sqlite_fts_insert(rows):
    """rows: [(id, SearchDocument)] -> the FTS5 rows of their stems (and of pages' folded title words)."""
    values = []
    for pk, document in rows:
        language = _stem_language(document.language)
        title_words = " ".join(word for _, _, word in search_text.words(document.title)) if document.language else ""
        values.append(
            (
                pk,
                " ".join(search_text.stems(document.title, language)),
                " ".join(search_text.stems(document.context_title, language)),
                " ".join(search_text.stems(document.body, language)),
                title_words,
            )
        )
    if values:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, context, body, title_words) VALUES (%s, %s, %s, %s, %s)", values
            )
