"""The results page and the results API of an open consultation (live counters) and of a closed one (snapshot), at
1,000, 100,000 and 1,000,000 ballots, next to the same bytes served from memory.

    .venv/bin/python benchmarks/results_page.py [--sizes 1000,100000,1000000] [--repeat 40] [--text short]
        [--no-analyze] [--no-vacuum]
        [--database-url postgres://postgres@127.0.0.1:5432/aimpact_bench_results] [--keep]

Settings: benchmarks.floor_settings, that is cms.settings.production (DEBUG off, production middleware,
CompressedManifestStaticFilesStorage: collectstatic runs first into a temporary STATIC_ROOT) plus the benchmark's
memory view, with throwaway secrets and a fresh ballot key pair in the environment. The database named by
--database-url (its name must contain "bench") is dropped, created, migrated and given an EPCI of 12 communes and
its space. Requests go through Django's test Client in this process, with `X-Forwarded-Proto: https` (the whole
middleware stack, no web server): this measures the application, not gunicorn.

For each size N, a consultation reserved to the EPCI's residents (secret ballot, live results; yes/no, single
choice, conditional multiple choice, scale, number and an optional free text, `--text`) gets N sealed ballots through
`consultations.voting.record_ballots` (80 % of them with a commune, age bracket and gender) and the table is
ANALYZEd (as autovacuum would after such a load; --no-analyze to skip it: with the statistics of a nearly empty table
the planner reads release()'s whole backlog, then sorts it, for every chunk of 2,000, so releasing 1M ballots takes
an hour instead of minutes), then:
  1. open: `release()` opens them into the live counters (K stay waiting); the results page ("page",
     `<page url>resultats/`) and the results API ("API", `/api/consultations/<id>/results/`) are requested;
  1b. open, vacuumed: the same after VACUUM ANALYZE of the ballots and counters (unless --no-vacuum): right after
     a release, the index entries of the ballots it marked released are dead until (auto)vacuum passes, and the
     count of waiting ballots each request makes walks them;
  2. closed: closes_at is moved to the past and `consultations.closing.close()` freezes, counts and snapshots it;
     the same two URLs are requested again.
Each request is first made once under CaptureQueriesContext (its queries, their total and slowest time, the
slowest printed when over --show-slower-than ms), then timed `--repeat` times (median, p95). The reference, in the
same run and through the same client: the bytes of that very response served by a view that returns them from
memory (`/bench/memory/<name>/`, benchmarks/floor_urls.py), requested alternately with it.

Checks (exit status 1 if one fails): every response is a 200; open, the API says N - K participants and K pending;
closed, N participants, a yes/no question answered N times in total, and breakdowns by commune.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import benchlib
from benchlib import percentile

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/aimpact_bench_results"


def capture(client, path):
    """(response, [(ms, SQL)]) of `path`, after three requests to warm it up (templates, translations)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response, [(float(query["time"]) * 1000, query["sql"]) for query in captured.captured_queries]


def measure_pair(client, label, path, repeat):
    """The view and its memory reference, alternately, so that a noisy neighbour hurts both alike."""
    from benchmarks.floor_urls import MEMORY

    response, queries = capture(client, path)
    MEMORY[label] = (response.content, response["Content-Type"])
    memory_path = f"/bench/memory/{label}/"
    _response, memory_queries = capture(client, memory_path)
    slowest = max(queries, default=(0.0, ""))
    view, reference = [], []
    for _ in range(repeat):
        for target, bucket in ((path, view), (memory_path, reference)):
            started = time.perf_counter()
            client.get(target)
            bucket.append((time.perf_counter() - started) * 1000)
    return {
        "response": response,
        "queries": len(queries),
        "query_ms": sum(ms for ms, _sql in queries),
        "slowest": slowest,
        "ms": view,
        "memory_queries": len(memory_queries),
        "memory_ms": reference,
        "bytes": len(response.content),
    }


ROW_HEADER = (
    f"{'state':14} {'ballots':>9} {'view':11} {'status':>6} {'queries':>7} {'SQL ms':>6} {'slowest':>7} "
    f"{'median ms':>9} {'p95 ms':>7} {'KiB':>4} {'memory median':>13} {'memory p95':>10} {'mem. queries':>12} "
    f"{'x memory':>8}"
)


def row(state, size, view, figures):
    median, reference = statistics.median(figures["ms"]), statistics.median(figures["memory_ms"])
    return (
        f"{state:14} {size:>9,} {view:11} {figures['response'].status_code:>6} {figures['queries']:>7} "
        f"{figures['query_ms']:>6.1f} {figures['slowest'][0]:>7.1f} {median:>9.2f} "
        f"{percentile(figures['ms'], 0.95):>7.2f} {figures['bytes'] / 1024:>4.0f} {reference:>13.2f} "
        f"{percentile(figures['memory_ms'], 0.95):>10.2f} {figures['memory_queries']:>12} {median / reference:>8.1f}"
    )


def short_sql(sql, width=140):
    sql = " ".join(sql.split())
    return sql if len(sql) <= width else sql[: width - 1] + "…"


def analyze(options):
    """ANALYZE the ballots after a bulk fill, as autovacuum would soon after such a load (unless --no-analyze): with
    the statistics of an almost empty table, release() reads its whole backlog for every chunk (see the docstring)."""
    from django.db import connection

    if options.no_analyze:
        return 0.0
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE consultations_ballot")
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000,1000000", help="ballots, comma-separated")
    parser.add_argument("--repeat", type=int, default=40, help="timed requests per URL (and as many from memory)")
    parser.add_argument("--text", choices=["long", "short", "none"], default="short", help="the free-text question")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_RESULTS_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--no-vacuum", action="store_true", help="skip the open consultation's vacuumed state")
    parser.add_argument("--no-analyze", action="store_true", help="no ANALYZE between the fill and the release")
    parser.add_argument("--show-slower-than", type=float, default=5.0, help="print queries slower than (ms)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="leave the database in place")
    options = parser.parse_args()
    sizes = [int(size.replace("_", "")) for size in options.sizes.split(",") if size.strip()]
    text = "" if options.text == "none" else options.text
    failures = []
    rows = []

    with tempfile.TemporaryDirectory(prefix="aimpact-results-bench-") as tmp:
        started = time.perf_counter()
        migrated = benchlib.fresh_database(options.database_url, tmp)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.utils import timezone

        from consultations.closing import close
        from consultations.models import ConsultationPage
        from consultations.release import batch_size, release

        call_command("collectstatic", interactive=False, verbosity=0)
        collected = time.perf_counter()
        index, communes = benchlib.build_place()
        rng = benchlib.seeded(options.seed)
        client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
        k = batch_size()
        print(
            f"setup: migrated in {migrated - started:.1f} s, collectstatic {collected - migrated:.1f} s; settings "
            f"benchmarks.floor_settings (cms.settings.production + memory view); {benchlib.server_version()}; "
            f"{os.cpu_count()} CPUs, shared; in-process django.test.Client; K = {k}; free text: {options.text}"
        )
        for size in sizes:
            page = benchlib.new_consultation(index, f"resultats-{size}", text)
            sys.stdout.flush()
            fill_s = benchlib.fill_ballots(
                page,
                size,
                rng,
                communes,
                text=bool(text),
                progress=benchlib.print_progress,
            )
            analyze_s = analyze(options)
            started = time.perf_counter()
            released = release(page.pk)
            release_s = time.perf_counter() - started
            print(
                f"\n{size:,} ballots: stored in {fill_s:.1f} s ({size / fill_s:,.0f}/s), ANALYZE {analyze_s:.1f} s, "
                f"{released:,} released into the counters in {release_s:.1f} s; load average {benchlib.load_average()}"
            )
            page = ConsultationPage.objects.get(pk=page.pk)
            page_path = page.get_url() + page.reverse_subpage("results")
            api_path = f"/api/consultations/{page.pk}/results/"
            measured = {}
            print(f"  {ROW_HEADER}")
            states = ["open", *([] if options.no_vacuum else ["open, vacuumed"]), "closed"]
            for state in states:
                if state == "open, vacuumed":
                    started = time.perf_counter()
                    with connection.cursor() as cursor:
                        cursor.execute("VACUUM ANALYZE consultations_ballot")
                        cursor.execute("VACUUM ANALYZE consultations_tallycell")
                    print(f"  VACUUM ANALYZE of the ballots and counters: {time.perf_counter() - started:.1f} s")
                if state == "closed":
                    ConsultationPage.objects.filter(pk=page.pk).update(
                        closes_at=timezone.now() - datetime.timedelta(minutes=1)
                    )
                    started = time.perf_counter()
                    snapshot, created = close(page.pk)
                    print(
                        f"  closed in {time.perf_counter() - started:.1f} s (snapshot created: {created}); "
                        f"load average {benchlib.load_average()}"
                    )
                    if snapshot is None:
                        failures.append(f"{size}: close() made no snapshot")
                for view, path in (("page", page_path), ("API", api_path)):
                    label = f"{state.replace(', ', '-')}-{size}-{view}"
                    figures = measure_pair(client, label, path, options.repeat)
                    measured[state, view] = figures
                    line = row(state, size, view, figures)
                    rows.append(line)
                    print(f"  {line}", flush=True)
                    if figures["slowest"][0] >= options.show_slower_than:
                        print(f"      slowest query: {short_sql(figures['slowest'][1])}")
                    if figures["response"].status_code != 200:
                        failures.append(f"{state} {size} {view}: HTTP {figures['response'].status_code}")

                api = json.loads(measured[state, "API"]["response"].content)
                favorable = next(q for q in api["questions"] if q["id"] == "favorable")
                answered = sum(option["count"] for option in favorable["options"])
                if state.startswith("open"):
                    want = (max(0, size - k), min(size, k), max(0, size - k), False)
                    found = (api["participants"], api["pending"], answered, api["final"])
                else:
                    want = (size, size, True, True)
                    found = (api["participants"], answered, api["final"], bool(favorable["breakdowns"].get("commune")))
                if found != want:
                    failures.append(f"{state} {size}: the API says {found}, expected {want}")
                page_html = measured[state, "page"]["response"].content.decode()
                shown = {api["participants"], api["participants"] + api.get("pending", 0)}  # counted, or cast
                if not any(f"{count} participant" in page_html for count in shown):
                    failures.append(f"{state} {size}: the page shows neither of {sorted(shown)} participants")

        print(f"\nsummary (median and p95 of {options.repeat} requests each, view and memory alternately)")
        print(ROW_HEADER)
        print("\n".join(rows))
        connection.close()
        if not options.keep:
            benchlib.recreate_database(options.database_url, drop_only=True)
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("\nOK: every response 200; live counters = N - K with K pending; snapshots count every ballot.")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
