"""Closing a consultation of 100,000 and 1,000,000 secret ballots: time per step and peak memory of `close()`, next to
the crypto floor (opening as many sealed boxes with no database) and the read floor (reading as many ballots).

    .venv/bin/python benchmarks/closing.py [--sizes 100000,1000000] [--text short] [--no-prerelease] [--no-vacuum]
        [--no-analyze] [--pool 10000]
        [--database-url postgres://postgres@127.0.0.1:5432/aimpact_bench_closing] [--keep]

Settings: cms.settings.production (through benchmarks.floor_settings) with throwaway secrets and a fresh ballot key
pair (BALLOT_PRIVATE_KEYS: this process and its children open ballots, as a Celery worker does). The database named
by --database-url (its name must contain "bench") is dropped, created, migrated and given an EPCI of 12 communes.

For each size N, a consultation reserved to the EPCI's residents (secret ballot; yes/no, single choice, conditional
multiple choice, scale, number and an optional free text, `--text`) gets N sealed ballots through
`consultations.voting.record_ballots`, 80 % of them carrying a commune (population-weighted, 12 communes), an age
bracket and a gender, so that the closing computes breakdowns; the table is ANALYZEd, as autovacuum would after
such a load (--no-analyze: see benchmarks/results_page.py). Then, as in production where ballots are released by
batches while the consultation is open, `release()` opens all but K of them into the live counters (unless
--no-prerelease: the worst case, nothing released before the closing), VACUUM ANALYZE tidies the table as autovacuum
would have (unless --no-vacuum), and closes_at is moved to the past.

`consultations.closing.close(box_id)` then runs in a fresh Python process (its peak memory is its own). Its steps are
timed by wrapping the functions it calls (freeze, release, count, build_results, analyse, notify_editors; the rest is
the snapshot's write), and the peak RSS of each step is read from /proc/self/status (VmHWM, reset before each step
through /proc/self/clear_refs). The same run measures, for the same N:
  - the read floor: `SELECT count(*), sum(length(sealed))` over the consultation's ballots (before and after the
    closing), and the same rows streamed to Python through a server-side cursor without opening them;
  - the crypto floor: N libsodium sealed boxes of the same padded length opened in a tight loop (a pool of distinct
    boxes, cycled), without a database; and the same with `sealing.unseal`, `decode_payload` and `Tally.add` with
    breakdowns, i.e. `count()` without its database.
Checks (exit status 1): the snapshot counts N participants, the yes/no question N answers, and has breakdowns by
commune; memory at the largest size stays within 64 MiB of the smallest's peak (--flat-margin).
"""

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import benchlib

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/aimpact_bench_closing"
STEPS = [  # (label, attribute of consultations.closing)
    ("freeze", "freeze"),
    ("final release", "release"),
    ("count (unseal + tally)", "count"),
    ("build results", "build_results"),
    ("analysis", "analyse"),
    ("notify editors", "notify_editors"),
]


# -- memory ----------------------------------------------------------------------------------------------------------


def memory_status():
    """{"VmHWM": KiB, "VmRSS": KiB} of this process."""
    text = Path("/proc/self/status").read_text()
    return {name: int(value) for name, value in re.findall(r"(VmHWM|VmRSS):\s+(\d+) kB", text)}


def reset_peak():
    """Make VmHWM start again from the current RSS (Linux 4.0+); False where that is not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


# -- the child: close() in a fresh process -------------------------------------------------------------------------


def child_close(box_id):
    benchlib.setup_django()
    from consultations import closing

    steps = {}
    overall = {"peak": 0}

    def wrap(label, function):
        def timed(*args, **kwargs):
            overall["peak"] = max(overall["peak"], memory_status()["VmHWM"])
            resettable = reset_peak()
            before = memory_status()["VmRSS"]
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                status = memory_status()
                overall["peak"] = max(overall["peak"], status["VmHWM"])
                steps[label] = {
                    "s": time.perf_counter() - started,
                    "cpu_s": time.process_time() - cpu,
                    "rss_before_kib": before,
                    "peak_kib": status["VmHWM"] if resettable else None,
                }

        return timed

    for label, attribute in STEPS:
        setattr(closing, attribute, wrap(label, getattr(closing, attribute)))
    # Django, the apps and a first query loaded: what the process holds before the closing starts.
    from consultations.models import ConsultationPage

    ConsultationPage.objects.filter(pk=box_id).exists()
    baseline = memory_status()
    overall["peak"] = baseline["VmHWM"]
    reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    snapshot, created = closing.close(box_id)
    total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
    overall["peak"] = max(overall["peak"], memory_status()["VmHWM"])
    results = snapshot.results if snapshot else {}
    favorable = next((q for q in results.get("questions", []) if q["id"] == "favorable"), {})
    print(
        json.dumps(
            {
                "created": created,
                "total_s": total,
                "total_cpu_s": total_cpu,
                "steps": steps,
                "baseline_rss_kib": baseline["VmRSS"],
                "peak_kib": overall["peak"],
                "participants": results.get("participants"),
                "favorable_answers": sum(option["count"] for option in favorable.get("options", [])),
                "commune_groups": len(favorable.get("breakdowns", {}).get("commune", [])),
                "age_groups": len(favorable.get("breakdowns", {}).get("age_bracket", [])),
            }
        )
    )


def run_child(*arguments):
    command = [sys.executable, __file__, *map(str, arguments)]
    completed = subprocess.run(command, stdout=subprocess.PIPE, text=True, cwd=benchlib.ROOT)  # noqa: S603
    if completed.returncode:
        sys.exit(f"the child {arguments} failed ({completed.returncode}):\n{completed.stdout[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# -- the floors --------------------------------------------------------------------------------------------------------


def read_floor(box_id):
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), sum(length(sealed)) FROM consultations_ballot WHERE consultation_id = %s", [box_id]
        )
        rows, size = cursor.fetchone()
    return time.perf_counter() - started, rows, size


def stream_floor(box_id):
    """The rows `count()` reads, through the same server-side cursor, without opening them."""
    from django.db import transaction

    from consultations.closing import STREAM_CHUNK
    from consultations.models import Ballot

    started = time.perf_counter()
    rows = size = 0
    with transaction.atomic():
        for _key_id, sealed in (
            Ballot.objects.filter(consultation_id=box_id)
            .values_list("key_id", "sealed")
            .iterator(chunk_size=STREAM_CHUNK)
        ):
            rows += 1
            size += len(sealed)
    return time.perf_counter() - started, rows, size


def crypto_floor(page, communes, count, pool_size, seed):
    """(seconds to open `count` boxes with libsodium alone, seconds for unseal + decode + Tally.add with breakdowns)."""
    from nacl.public import SealedBox

    from consultations import sealing
    from consultations.tally import Tally
    from consultations.voting import box_config

    config = box_config(page.pk, refresh=True)
    rng = benchlib.seeded(seed)
    pool = []
    for _ in range(min(pool_size, count)):
        profile = benchlib.random_profile(rng, communes)
        raw = benchlib.random_answers(rng, profile.get("age_bracket", "35-49"), text="remarque" in config.survey.by_id)
        cleaned = config.survey.validate(raw)
        pool.append(
            sealing.seal(sealing.encode_payload(config.survey.payload_answers(cleaned), profile), config.padded_to)
        )
    opener = SealedBox(sealing.keyring().private[0][1])
    boxes = [bytes(sealed) for _key_id, sealed in pool]
    size = len(boxes)
    started = time.perf_counter()
    for number in range(count):
        opener.decrypt(boxes[number % size])
    raw_seconds = time.perf_counter() - started

    tally = Tally(config.survey, breakdowns=True)
    unseal, decode = sealing.unseal, sealing.decode_payload
    started = time.perf_counter()
    for number in range(count):
        key_id, sealed = pool[number % size]
        answers, profile = decode(unseal(key_id, sealed))
        tally.add(answers, profile)
    full_seconds = time.perf_counter() - started
    assert tally.participants == count
    return raw_seconds, full_seconds, config.padded_to + 48


# -- main --------------------------------------------------------------------------------------------------------------


def mib(kib):
    return kib / 1024 if kib is not None else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="ballots, comma-separated")
    parser.add_argument("--text", choices=["long", "short", "none"], default="short", help="the free-text question")
    parser.add_argument("--no-prerelease", action="store_true", help="nothing released before the closing")
    parser.add_argument("--no-vacuum", action="store_true", help="no VACUUM ANALYZE after the release")
    parser.add_argument("--no-analyze", action="store_true", help="no ANALYZE between the fill and the release")
    parser.add_argument("--pool", type=int, default=10_000, help="distinct sealed boxes in the crypto floor's loop")
    parser.add_argument("--flat-margin", type=int, default=64, help="MiB the peak may grow from the smallest size")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_CLOSING_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="leave the database in place")
    parser.add_argument("--child-close", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child_close:
        return child_close(options.child_close)

    sizes = [int(size.replace("_", "")) for size in options.sizes.split(",") if size.strip()]
    text = "" if options.text == "none" else options.text
    failures = []
    reports = []
    with tempfile.TemporaryDirectory(prefix="aimpact-closing-bench-") as tmp:
        started = time.perf_counter()
        benchlib.fresh_database(options.database_url, tmp)
        from django.db import connection
        from django.utils import timezone

        from consultations.models import ConsultationPage
        from consultations.release import release

        index, communes = benchlib.build_place()
        rng = benchlib.seeded(options.seed)
        print(
            f"setup in {time.perf_counter() - started:.1f} s; {benchlib.server_version()}; {os.cpu_count()} CPUs "
            f"(shared); settings cms.settings.production; free text: {options.text}; prerelease: "
            f"{not options.no_prerelease}; VACUUM ANALYZE after it: {not options.no_vacuum}"
        )
        for size in sizes:
            page = benchlib.new_consultation(index, f"cloture-{size}", text)
            fill_s = benchlib.fill_ballots(
                page,
                size,
                rng,
                communes,
                text=bool(text),
                progress=benchlib.print_progress,
            )
            released_s = vacuum_s = analyze_s = 0.0
            released = 0
            if not options.no_analyze:
                started = time.perf_counter()
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE consultations_ballot")
                analyze_s = time.perf_counter() - started
            if not options.no_prerelease:
                started = time.perf_counter()
                released = release(page.pk)
                released_s = time.perf_counter() - started
            if not options.no_vacuum:
                started = time.perf_counter()
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE consultations_ballot")
                vacuum_s = time.perf_counter() - started
            ConsultationPage.objects.filter(pk=page.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_total_relation_size('consultations_ballot')")
                table_bytes = cursor.fetchone()[0]
            print(
                f"\n{size:,} ballots stored in {fill_s:.0f} s ({size / fill_s:,.0f}/s), ANALYZE {analyze_s:.1f} s; "
                f"{released:,} released "
                f"beforehand in {released_s:.1f} s; VACUUM ANALYZE {vacuum_s:.1f} s; ballot table (all sizes so far) "
                f"{table_bytes / 2**20:,.0f} MiB; load average {benchlib.load_average()}",
                flush=True,
            )
            read_before = read_floor(page.pk)
            stream = stream_floor(page.pk)
            connection.close()
            closed = run_child("--child-close", page.pk)
            read_after = read_floor(page.pk)
            raw_s, full_s, sealed_size = crypto_floor(page, communes, size, options.pool, options.seed)
            report = {
                "size": size,
                "closed": closed,
                "read_before": read_before,
                "read_after": read_after,
                "stream": stream,
                "raw_s": raw_s,
                "full_s": full_s,
                "sealed_size": sealed_size,
                "load": benchlib.load_average(),
            }
            reports.append(report)
            print_report(report)
            want = (size, size)
            found = (closed["participants"], closed["favorable_answers"])
            if found != want or not closed["commune_groups"] or read_before[1] != size:
                failures.append(
                    f"{size}: snapshot {found} (expected {want}), {closed['commune_groups']} commune groups, "
                    f"{read_before[1]} ballots read"
                )

        print("\nsummary")
        print(SUMMARY_HEADER)
        for report in reports:
            print(summary_row(report))
        if len(reports) > 1:
            smallest, largest = reports[0]["closed"]["peak_kib"], reports[-1]["closed"]["peak_kib"]
            growth = mib(largest - smallest)
            print(
                f"peak memory {mib(smallest):.0f} MiB at {reports[0]['size']:,} ballots, {mib(largest):.0f} MiB at "
                f"{reports[-1]['size']:,}: {growth:+.0f} MiB for {reports[-1]['size'] / reports[0]['size']:.0f}x "
                "the ballots"
            )
            if growth > options.flat_margin:
                failures.append(f"memory is not flat: {growth:+.0f} MiB (margin {options.flat_margin})")
        connection.close()
        if not options.keep:
            benchlib.recreate_database(options.database_url, drop_only=True)
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("\nOK: every snapshot counts every ballot, with breakdowns; memory flat.")


def print_report(report):
    closed = report["closed"]
    size = report["size"]
    print(
        f"  close(): {closed['total_s']:.1f} s ({closed['total_cpu_s']:.1f} CPU s in its process), memory: "
        f"{mib(closed['baseline_rss_kib']):.0f} MiB before, peak {mib(closed['peak_kib']):.0f} MiB"
    )
    accounted = 0.0
    for label, _attribute in STEPS:
        step = closed["steps"].get(label)
        if step is None:
            continue
        accounted += step["s"]
        print(
            f"    {label:24} {step['s']:8.2f} s  CPU {step['cpu_s']:7.2f} s  peak {mib(step['peak_kib']):6.0f} MiB "
            f"(RSS {mib(step['rss_before_kib']):.0f} MiB before)"
        )
    print(f"    {'snapshot write and rest':24} {closed['total_s'] - accounted:8.2f} s")
    count_s = closed["steps"]["count (unseal + tally)"]["s"]
    read_s, rows, size_bytes = report["read_before"]
    print(
        f"  read floor: SELECT count(*), sum(length(sealed)) {read_s:.2f} s before the closing, "
        f"{report['read_after'][0]:.2f} s after ({rows:,} rows, {size_bytes / 2**20:,.0f} MiB); streamed to Python "
        f"unopened {report['stream'][0]:.2f} s"
    )
    print(
        f"  crypto floor (no database): {size:,} sealed boxes of {report['sealed_size']} bytes opened by libsodium "
        f"{report['raw_s']:.2f} s ({report['raw_s'] / size * 1e6:.1f} µs each); with unseal + decode_payload + "
        f"Tally.add (breakdowns) {report['full_s']:.2f} s"
    )
    print(
        f"  ratios: count / crypto floor {count_s / report['raw_s']:.2f}, count / (unseal+decode+tally) "
        f"{count_s / report['full_s']:.2f}, count / stream floor {count_s / report['stream'][0]:.1f}, close / count "
        f"{closed['total_s'] / count_s:.2f}; load average {report['load']}"
    )


SUMMARY_HEADER = (
    f"{'ballots':>9} {'close s':>8} {'freeze':>7} {'release':>8} {'count':>7} {'results':>8} {'analysis':>8} "
    f"{'other':>6} {'crypto floor':>12} {'no-DB count':>11} {'read floor':>10} {'stream':>7} {'peak MiB':>8} "
    f"{'count peak':>10}"
)


def summary_row(report):
    closed, steps = report["closed"], report["closed"]["steps"]

    def seconds(label):
        return steps.get(label, {}).get("s", 0.0)

    accounted = sum(seconds(label) for label, _attribute in STEPS)
    return (
        f"{report['size']:>9,} {closed['total_s']:>8.1f} {seconds('freeze'):>7.2f} {seconds('final release'):>8.2f} "
        f"{seconds('count (unseal + tally)'):>7.1f} {seconds('build results'):>8.2f} {seconds('analysis'):>8.2f} "
        f"{closed['total_s'] - accounted:>6.2f} {report['raw_s']:>12.1f} {report['full_s']:>11.1f} "
        f"{report['read_before'][0]:>10.2f} {report['stream'][0]:>7.1f} {mib(closed['peak_kib']):>8.0f} "
        f"{mib(steps.get('count (unseal + tally)', {}).get('peak_kib')):>10.0f}"
    )


if __name__ == "__main__":
    main()
