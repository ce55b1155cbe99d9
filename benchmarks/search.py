"""The search's database backend on an archive of 100,000 or 1,000,000 contributions: indexing rate and query
latency, each next to the database's own floor measured in the same run.

    .venv/bin/python benchmarks/search.py --database sqlite [--size 100000]
    .venv/bin/python benchmarks/search.py --database postgres --size 1000000 \\
        [--database-url postgres://postgres@127.0.0.1:5432/aimpact_bench_search] [--runs 100] [--keep] [--explain]

Settings: benchmarks.floor_settings (cms.settings.production; DEBUG off), SEARCH_BACKEND as configured (the database
backend by default). SQLite: a throwaway file in a temporary directory under /tmp; PostgreSQL: the database of
`--database-url` (its name must contain "bench"), dropped, created, migrated, and dropped at the end (unless --keep).
The backend is called in this process (no view, no HTTP): what is measured is the search itself.

The archive (benchmarks/search_corpus.py): `--size` items, a few hundred pages and the rest free-text answers and
comments of 20 to 800 characters, generated in batches as they are indexed. Measured, in this order:
- generation alone (the same batches, thrown away): subtracted from the rebuild's time for its net rate;
- the floor of indexing, on the first `--floor-size` items (100,000 at most by default): the same rows copied into a
  bare table without full-text (PostgreSQL: COPY, as the backend writes; SQLite: executemany), then PostgreSQL's
  `to_tsvector` of the same texts (the text analysis alone) / SQLite: the same rows into a bare FTS5 table;
- `backend.rebuild(batches)` of the whole archive (then ANALYZE, as autovacuum would after such a load);
- `backend.index()` of 1,000 updates (existing keys, new texts) on the full index, three times, next to the same
  1,000 rows into the bare table;
- each query `--runs` times, warm, alternately with its references: the database's own floor for that match (SQL
  straight on the index: `SELECT count(*) … WHERE vector @@ to_tsquery(…)` / `… WHERE search_fts MATCH …`, every
  match counted, filters included) and a primary-key lookup through the ORM (`SearchDocument.objects.get(pk=…)`, the
  floor of any query through Django). Median and 95th percentile in milliseconds.
With --explain (or on PostgreSQL whenever a query's p95 is over 100 ms) the slowest SQL statement of that search is
shown with EXPLAIN (ANALYZE, BUFFERS). Target of issue 14: p95 under 100 ms at one million on PostgreSQL.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import benchlib
from benchlib import percentile
from search_corpus import Corpus

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/aimpact_bench_search"
TARGET_MS = 100.0


def cases(corpus):
    """(label, SearchQuery fields, PostgreSQL floor: (tsquery text, extra WHERE, params), SQLite floor: (MATCH,
    extra WHERE, params)); `autocomplete` as the fields: the autocomplete on that text."""
    territory = corpus.communes[0][0]
    return [
        ("common word « école »", {"text": "école"}, ("ecole", "", []), ('"ecol"', "", [])),
        ("rarer « défibrillateur »", {"text": "défibrillateur"}, ("defibrillateur", "", []), ('"defibrill"', "", [])),
        ("rare « trottinettes »", {"text": "trottinettes"}, ("trottinettes", "", []), ('"trottinet"', "", [])),
        (
            "two words « piste cyclable »",
            {"text": "piste cyclable"},
            ("piste & cyclable", "", []),
            ('"pist" "cyclabl"', "", []),
        ),
        (
            'phrase « "cantine scolaire" »',
            {"text": '"cantine scolaire"'},
            ("cantine <-> scolaire", "", []),
            ('"cantin scolair"', "", []),
        ),
        ("prefix « ralent* »", {"text": "ralent*"}, ("ralent:*", "", []), ('"ralent"*', "", [])),
        (
            "« cantine OR crèche »",
            {"text": "cantine OR crèche"},
            ("cantine | creche", "", []),
            ('"cantin" OR "crech"', "", []),
        ),
        (
            f"« école » in territory {territory}",
            {"text": "école", "territory": territory},
            ("ecole", "AND d.territory_code = %s", [territory]),
            ('"ecol"', "AND d.territory_code = %s", [territory]),
        ),
        (
            "« école », kind comment",
            {"text": "école", "kinds": ("comment",)},
            ("ecole", "AND d.kind = %s", ["comment"]),
            ('"ecol"', "AND d.kind = %s", ["comment"]),
        ),
        (
            "« école », year 2024",
            {"text": "école", "year": 2024},
            ("ecole", "AND d.year = %s", [2024]),
            ('"ecol"', "AND d.year = %s", [2024]),
        ),
        ("« école » sorted by date", {"text": "école", "sort": "date"}, ("ecole", "", []), ('"ecol"', "", [])),
        ("« école » page 5", {"text": "école", "offset": 80}, ("ecole", "", []), ('"ecol"', "", [])),
        (
            "« école » page 5 by date",
            {"text": "école", "sort": "date", "offset": 80},
            ("ecole", "", []),
            ('"ecol"', "", []),
        ),
        ("no match « zzyzx »", {"text": "zzyzx"}, ("zzyzx", "", []), ('"zzyzx"', "", [])),
        (
            'junk « :* "" (( école OR -- ]* »',
            {"text": ':* "" (( école OR -- ]* ~'},
            ("ecole", "", []),
            ('"ecol"', "", []),
        ),
        ("autocomplete « cant »", "cant", ("cant:*", "", []), ('"cant"*', "", [])),
        ("autocomplete « saint-h »", "saint-h", ("saint:* & h:*", "", []), ('"saint"* "h"*', "", [])),
    ]


# -- the floors ----------------------------------------------------------------------------------------------------


ROW_FIELDS = ["key", "kind", "title", "body", "url", "language", "date", "year", "territory_code", "territory_name"]
ROW_FIELDS += ["theme", "space_id", "context_title", "page_id", "title_key", "indexed_at"]


def _row(item, now):
    date = item.date
    return (
        item.key,
        item.kind,
        item.title,
        item.body,
        item.url,
        item.language,
        date,
        date.year if date else None,
        item.territory_code,
        item.territory_name,
        item.theme,
        item.space_id,
        item.context_title,
        item.page_id,
        item.title.casefold()[:255],
        now,
    )


def floor_setup(vendor):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor")
        if vendor == "postgresql":
            # LIKE without INCLUDING GENERATED/INDEXES: the same columns, `vector` a plain (NULL) column, no index.
            cursor.execute(
                "CREATE TABLE bench_floor (LIKE search_searchdocument INCLUDING DEFAULTS INCLUDING IDENTITY)"
            )
        else:
            cursor.execute(
                "CREATE TABLE bench_floor (id integer PRIMARY KEY, " + ", ".join(f"{name}" for name in ROW_FIELDS) + ")"
            )
            cursor.execute("DROP TABLE IF EXISTS bench_floor_fts")
            cursor.execute(
                "CREATE VIRTUAL TABLE bench_floor_fts USING fts5(title, body, "
                "tokenize = 'unicode61 remove_diacritics 2')"
            )


def floor_insert(vendor, items):
    """The rows of `items` into the bare table (PostgreSQL: COPY, as the backend writes; SQLite: executemany)."""
    import datetime

    from django.db import connection, transaction

    now = datetime.datetime.now(datetime.UTC)
    rows = [_row(item, now) for item in items]
    with transaction.atomic(), connection.cursor() as cursor:
        if vendor == "postgresql":
            columns = ", ".join(ROW_FIELDS)
            with cursor.cursor.copy(f"COPY bench_floor ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(ROW_FIELDS))
            cursor.executemany(f"INSERT INTO bench_floor ({', '.join(ROW_FIELDS)}) VALUES ({placeholders})", rows)  # noqa: S608


def floor_fulltext(vendor, items_batches):
    """PostgreSQL: `to_tsvector` of the texts in the bare table; SQLite: the same texts into a bare FTS5 table."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(
                "SELECT sum(length(to_tsvector('aimpact_french', coalesce(title, '')) "
                "|| to_tsvector('aimpact_french', coalesce(context_title, '')) "
                "|| to_tsvector('aimpact_french', coalesce(body, '')))) FROM bench_floor"
            )
            cursor.fetchone()
        else:
            for batch in items_batches:
                cursor.executemany(
                    "INSERT INTO bench_floor_fts (title, body) VALUES (%s, %s)", [(i.title, i.body) for i in batch]
                )
    return time.perf_counter() - started


def floor_truncate(vendor):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM bench_floor" if vendor == "sqlite" else "TRUNCATE bench_floor")


def floor_drop():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor")
        cursor.execute("DROP TABLE IF EXISTS bench_floor_fts")


def match_floor_sql(vendor, case):
    """The SQL (and params) counting every match of a case straight on the index."""
    table = "search_searchdocument"
    if vendor == "postgresql":
        tsquery, where, params = case[2]
        return (
            f"SELECT count(*) FROM {table} d WHERE d.vector @@ to_tsquery('aimpact_french', %s) {where}",  # noqa: S608
            [tsquery, *params],
        )
    match, where, params = case[3]
    return (
        f"SELECT count(*) FROM search_fts JOIN {table} d ON d.id = search_fts.rowid "  # noqa: S608
        f"WHERE search_fts MATCH %s {where}",
        [match, *params],
    )


# -- measuring -----------------------------------------------------------------------------------------------------


def timed(function):
    started = time.perf_counter()
    result = function()
    return (time.perf_counter() - started) * 1000, result


def run_case(backend, case, runs, vendor, ids, rng, floor_every=1):
    from django.db import connection

    from search.backends.base import SearchQuery, SearchUnavailable
    from search.models import SearchDocument

    label, fields = case[0], case[1]
    if isinstance(fields, str):

        def call():
            return backend.autocomplete(fields, "fr")
    else:
        query = SearchQuery(**fields)

        def call():
            return backend.search(query)

    sql, params = match_floor_sql(vendor, case)

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def lookup():
        return SearchDocument.objects.get(pk=rng.choice(ids))

    errors = 0
    result = None
    for _ in range(3):  # warm
        try:
            result = call()
        except SearchUnavailable:
            errors += 1
        matches = floor()
        lookup()
    search_ms, floor_ms, lookup_ms = [], [], []
    for _ in range(runs):
        try:
            ms, result = timed(call)
        except SearchUnavailable:
            ms, errors = float(os.environ.get("SEARCH_TIMEOUT_SECONDS", "3")) * 1000, errors + 1
        search_ms.append(ms)
        if len(search_ms) % floor_every == 1 or floor_every == 1:  # a full count is slow: not every run
            floor_ms.append(timed(floor)[0])
        lookup_ms.append(timed(lookup)[0])
    if isinstance(fields, str):
        shown = f"{len(result or [])} suggestions"
        total = len(result or [])
    elif result is None:
        shown, total = "stopped (SearchUnavailable)", None
    else:
        total = result.total
        shown = f"{'>' if result.total_is_lower_bound else ''}{result.total:,} results, {len(result.hits)} hits"
    return {
        "label": label,
        "median": statistics.median(search_ms),
        "p95": percentile(search_ms, 0.95),
        "floor_median": statistics.median(floor_ms),
        "floor_p95": percentile(floor_ms, 0.95),
        "lookup_median": statistics.median(lookup_ms),
        "matches": matches,
        "total": total,
        "shown": shown,
        "errors": errors,
    }


def explain(backend, case):
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest statement the search runs (PostgreSQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.backends.base import SearchQuery

    fields = case[1]
    with CaptureQueriesContext(connection) as captured:
        if isinstance(fields, str):
            backend.autocomplete(fields, "fr")
        else:
            backend.search(SearchQuery(**fields))
    statements = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    if not statements:
        return
    slowest = statements[0]
    print(
        f"    slowest of {len(statements)} statements ({float(slowest['time']) * 1000:.0f} ms): {slowest['sql'][:600]}"
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])  # no params: no placeholder parsing
        for (line,) in cursor.fetchall():
            print(f"      {line}")


def measure_indexing(options, corpus, backend, vendor, figures):
    """Generation, the floor of indexing, rebuild and 1,000 updates: prints them, returns the summary line."""
    from django.db import connection

    # generation alone
    started = time.perf_counter()
    characters = count = 0
    for batch in corpus.batches(options.batch):
        count += len(batch)
        characters += sum(len(item.body) for item in batch)
    generation = time.perf_counter() - started
    figures["generation_s"] = generation
    print(
        f"generation: {count:,} items ({corpus.pages} pages), {characters / count:.0f} characters on average, "
        f"in {generation:.1f} s ({count / generation:,.0f} items/s)",
        flush=True,
    )

    # the floor of indexing
    floor_size = min(options.floor_size, options.size)
    floor_setup(vendor)
    floor_items = [batch for batch in corpus.batches(options.batch, count=floor_size)]
    started = time.perf_counter()
    for batch in floor_items:
        floor_insert(vendor, batch)
    bare = time.perf_counter() - started
    fulltext = floor_fulltext(vendor, floor_items)
    floor_truncate(vendor)
    del floor_items
    what = "to_tsvector of the same texts" if vendor == "postgresql" else "the same texts into a bare FTS5 table"
    print(
        f"floor of indexing ({floor_size:,} items): rows into a bare table {bare:.1f} s "
        f"({floor_size / bare:,.0f}/s); {what} {fulltext:.1f} s; together {floor_size / (bare + fulltext):,.0f}/s",
        flush=True,
    )
    figures["floor"] = {"items": floor_size, "bare_s": bare, "fulltext_s": fulltext}

    # rebuild
    def progress(done):
        if done % 100_000 < options.batch:
            print(f"    {done:>9,} indexed, {time.perf_counter() - started:.0f} s", flush=True)

    started = time.perf_counter()
    indexed = backend.rebuild(corpus.batches(options.batch), progress=progress)
    rebuild = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")
    analyze = time.perf_counter() - started
    net = max(rebuild - generation, 0.001)
    floor_rate = floor_size / (bare + fulltext)
    print(
        f"rebuild: {indexed:,} items in {rebuild:.1f} s, {net:.1f} s without the generation: "
        f"{options.size / net:,.0f} items/s ({options.size / net / floor_rate:.2f} × the floor); "
        f"{'VACUUM ANALYZE' if vendor == 'postgresql' else 'ANALYZE'} {analyze:.1f} s",
        flush=True,
    )
    assert backend.count() == options.size, (backend.count(), options.size)
    figures["rebuild"] = {"s": rebuild, "net_s": net, "rate": options.size / net, "floor_rate": floor_rate}
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('search_searchdocument'))")
            print(f"    table and indexes: {cursor.fetchone()[0]}")

    # 1,000 updates on the full index
    updates, references = [], []
    for round_ in range(3):
        start = corpus.pages + (round_ + 1) * (options.size - corpus.pages) // 4
        items = next(corpus.batches(1000, start=start, count=1000, seed=options.seed + 7 + round_))
        updates.append(timed(lambda items=items: backend.index(items))[0] / 1000)
        references.append(timed(lambda items=items: floor_insert(vendor, items))[0] / 1000)
    assert backend.count() == options.size, "updates must replace, not add"
    update, reference = statistics.median(updates), statistics.median(references)
    print(
        f"index() of 1,000 updates on the full index: {update:.2f} s ({1000 / update:,.0f}/s), median of 3; "
        f"the same rows into the bare table {reference:.3f} s ({1000 / reference:,.0f}/s)",
        flush=True,
    )
    figures["updates"] = {"s": update, "floor_s": reference}
    floor_drop()

    return (
        f"  indexing: rebuild {options.size / net:,.0f} items/s (floor {floor_rate:,.0f}/s); "
        f"index() of 1,000 updates {1000 / update:,.0f}/s (floor {1000 / reference:,.0f}/s)"
    )


HEADER = (
    f"{'query':38} {'median':>7} {'p95':>7} {'SQL floor':>9} {'floor p95':>9} {'pk get':>6} {'matches':>9}"
    "  what came back"
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_SEARCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--runs", type=int, default=100, help="per query")
    parser.add_argument("--batch", type=int, default=5000, help="items per batch given to rebuild()")
    parser.add_argument("--floor-size", type=int, default=100_000)
    parser.add_argument("--floor-every", type=int, default=1, help="the match's SQL floor every N runs (1M: 5)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE every query's slowest statement")
    parser.add_argument("--json", default="", help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database (or the SQLite file)")
    parser.add_argument("--reuse", action="store_true", help="PostgreSQL: a database kept by --keep, not recreated")
    parser.add_argument("--queries-only", action="store_true", help="with --reuse: no indexing, only the queries")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="aimpact-search-bench-", dir="/tmp") as tmp:
        if options.database == "postgres":
            url = options.database_url
            if options.reuse:
                benchlib.database_name(url)
            else:
                benchlib.recreate_database(url)
        else:
            url = f"sqlite:///{tmp}/bench.sqlite3"
        benchlib.production_environment(url, tmp)
        benchlib.setup_django()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        from search.backends import get_backend
        from search.models import SearchDocument

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        vendor = connection.vendor
        backend = get_backend()
        version = (
            benchlib.server_version() if vendor == "postgresql" else f"SQLite {connection.Database.sqlite_version}"
        )
        print(
            f"setup: {version}, migrated in {time.perf_counter() - started:.1f} s; backend {settings.SEARCH_BACKEND}; "
            f"{os.cpu_count()} CPUs, shared; load average {benchlib.load_average()}",
            flush=True,
        )
        figures = {"database": vendor, "version": version, "size": options.size, "seed": options.seed}
        corpus = Corpus(options.size, options.seed)

        indexing = None
        if options.queries_only:
            print(f"queries only: {backend.count():,} items already indexed", flush=True)
            assert backend.count() == options.size, "--queries-only needs a database kept at this --size"
        else:
            indexing = measure_indexing(options, corpus, backend, vendor, figures)

        # queries
        ids = list(SearchDocument.objects.values_list("id", flat=True)[:: max(1, options.size // 10_000)])
        rng = random.Random(options.seed)  # noqa: S311 - benchmark
        print(f"\nqueries: {options.runs} runs each, warm; milliseconds; load average {benchlib.load_average()}")
        print(HEADER, flush=True)
        rows, figures["queries"] = [], []
        for case in cases(corpus):
            result = run_case(backend, case, options.runs, vendor, ids, rng, options.floor_every)
            figures["queries"].append(result)
            line = (
                f"{result['label']:38} {result['median']:>7.1f} {result['p95']:>7.1f} {result['floor_median']:>9.1f} "
                f"{result['floor_p95']:>9.1f} {result['lookup_median']:>6.2f} {result['matches']:>9,}  "
                f"{result['shown']}" + (f"; {result['errors']} stopped" if result["errors"] else "")
            )
            rows.append(line)
            print(line, flush=True)
            if options.explain or (vendor == "postgresql" and result["p95"] > TARGET_MS):
                explain(backend, case)
        print(f"load average {benchlib.load_average()}")

        print(f"\nsummary: {vendor}, {options.size:,} items")
        if indexing:
            print(indexing)
        print(HEADER)
        print("\n".join(rows))
        worst = max(figures["queries"], key=lambda q: q["p95"])
        print(f"worst p95: {worst['p95']:.1f} ms ({worst['label']}); target {TARGET_MS:.0f} ms at 1M on PostgreSQL")
        if options.json:
            Path(options.json).write_text(json.dumps(figures, indent=2, default=str))
        connection.close()
        if options.database == "postgres" and not options.keep:
            benchlib.recreate_database(url, drop_only=True)
        elif options.keep and options.database == "sqlite":
            kept = Path(tempfile.gettempdir()) / f"aimpact-search-bench-{options.size}.sqlite3"
            os.replace(Path(tmp) / "bench.sqlite3", kept)
            print(f"kept {kept}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
