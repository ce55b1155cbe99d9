"""Ballots per second through the consultations API, next to the framework floor and pgbench, in one run.

    .venv/bin/python benchmarks/voting_api.py [--citizens 2000] [--workers 4,2] [--rounds 2] [--concurrency 16]
        [--pgbench-seconds 20] [--pgbench-clients 8] [--burst 200] [--text long|short|none]
        [--database-url postgres://postgres@127.0.0.1:5432/aimpact_bench]

The database named by --database-url (its name must contain "bench") is dropped, created, migrated and filled: an
EPCI of 12 communes, its space, consultations reserved to its residents (secret ballot; yes/no, single choice,
multiple choice shown to those who said yes, scale, number and an optional free text: with the default long text,
every sealed ballot is padded to ~15 KB), and N citizens living in those communes (80 % consenting to age and
gender), each with a verified email address (allauth EmailAddress) and an API token (Token rows created directly).

gunicorn serves `cms.wsgi:application` with DJANGO_SETTINGS_MODULE=benchmarks.floor_settings: cms.settings.production
(DEBUG off, the production middleware, persistent connections) plus two benchmark-only URLs (benchmarks/floor_urls.py).
The environment is set here: throwaway SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, CELERY_BROKER_URL=memory:// (the release
each vote asks for goes nowhere: it is not measured here), ANYMAIL_ESP=test, a fresh BALLOT_PUBLIC_KEY and
BALLOT_PRIVATE_KEYS pair. Every request carries `X-Forwarded-Proto: https` (SECURE_SSL_REDIRECT stays on).

Measured, the three next to each other, `--rounds` times in alternation so that a noisy neighbour hurts all three:
  a. API: every citizen votes once through `POST /api/consultations/<id>/ballots/` (token, JSON), `--concurrency`
     client threads, a new connection per request. Ballots/s, latency percentiles, CPU per ballot (gunicorn,
     PostgreSQL backends, this client, the rest of the machine). The queries of one vote are counted in this process
     with CaptureQueriesContext around Django's test Client posting the same request (same settings, same
     middleware): a first vote (configuration not cached yet) and a second one (steady state).
  b. Floor: the same citizens, the same requests, to `POST /bench/floor/<id>/ballots/` on the same gunicorn: token
     authentication, JSON parsing, and the vote's transaction (FOR SHARE lock, participation, ballot of random bytes
     of the sealed length), without validation, eligibility or sealing.
  c. pgbench: the same transaction (the FOR SHARE select, the participation with a voter key from a sequence, the
     ballot with random bytes of the sealed length, spread over `--pgbench-scripts` script files) on the same
     database, `--pgbench-clients` clients.
Then the ratios API/floor, floor/pgbench and API/pgbench. With several `--workers` counts (default 4, then 2), the
API and the floor run again on a gunicorn with that many sync workers (pgbench and the burst run once).

Finally a duplicate burst: `--burst` connections of the SAME citizen released together: one 201, the rest 409, one
participation and one ballot. Consistency: for every consultation, participations == ballots == 201 answers, every
ballot has the sealed length, and releasing the first API consultation opens every ballot but the K that wait.
The script exits with status 1 if any check fails.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import benchlib
from benchlib import percentile
from loadlib import (
    HEADER,
    CpuMeter,
    Phase,
    burst,
    free_port,
    load,
    run_pgbench,
    start_gunicorn,
    stop_gunicorn,
    wait_until_up,
    write_pgbench_scripts,
)
from vote_pieces import breakdown, count_queries, short_sql

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/aimpact_bench"


# -- data --------------------------------------------------------------------------------------------------------------


def build_citizens(count, communes, seed, text):
    """`count` citizens with a verified address and a token: [(token key, JSON body)]."""
    from allauth.account.models import EmailAddress
    from rest_framework.authtoken.models import Token

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    rng = benchlib.seeded(seed)
    user_model = get_user_model()
    password = make_password(None)  # unusable: these citizens only use their token
    now = timezone.now()
    users = []
    weights = [population for _name, population in benchlib.COMMUNES]
    for number in range(count):
        consented = rng.random() < 0.8
        users.append(
            user_model(
                username=f"citoyen{number}",
                email=f"citoyen{number}@example.org",
                password=password,
                commune=rng.choices(communes, weights)[0],
                age_bracket=rng.choices(benchlib.AGES, benchlib.AGE_WEIGHTS)[0] if consented else "",
                gender=rng.choices(benchlib.GENDERS, benchlib.GENDER_WEIGHTS)[0] if consented else "",
                demographics_consent_at=now if consented else None,
            )
        )
    users = user_model.objects.bulk_create(users, batch_size=1000)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users], batch_size=1000
    )
    tokens = Token.objects.bulk_create([Token(key=Token.generate_key(), user=user) for user in users], batch_size=1000)
    voters = []
    for user, token in zip(users, tokens, strict=True):
        answers = benchlib.random_answers(rng, user.age_bracket or "35-49", text=bool(text))
        voters.append((token.key, json.dumps({"answers": answers}).encode()))
    return voters


# -- main --------------------------------------------------------------------------------------------------------------


def database_counts(page_id):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM consultations_participation WHERE consultation_id = %s), "
            "(SELECT count(*) FROM consultations_ballot WHERE consultation_id = %s), "
            "(SELECT array_agg(DISTINCT length(sealed)) FROM consultations_ballot WHERE consultation_id = %s)",
            [page_id, page_id, page_id],
        )
        participations, ballots, lengths = cursor.fetchone()
    return participations, ballots, sorted(lengths or [])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=2000, help="ballots per phase (API, floor) and worker count")
    parser.add_argument("--warmup", type=int, default=64, help="ballots cast first on a fresh server, not timed")
    parser.add_argument("--workers", default="4,2", help="gunicorn sync workers, comma-separated: one server each")
    parser.add_argument("--rounds", type=int, default=2, help="API, floor and pgbench alternate this many times")
    parser.add_argument("--concurrency", type=int, default=16, help="client threads")
    parser.add_argument("--pgbench-seconds", type=int, default=20, help="pgbench's duration, split over the rounds")
    parser.add_argument("--pgbench-clients", type=int, default=8)
    parser.add_argument("--pgbench-scripts", type=int, default=32, help="script files, each with its random ballot")
    parser.add_argument("--burst", type=int, default=200, help="simultaneous submissions of one citizen")
    parser.add_argument("--breakdown", type=int, default=200, help="in-process votes per piece timed (0: none)")
    parser.add_argument("--text", choices=["long", "short", "none"], default="long", help="the free-text question")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="leave the database in place")
    options = parser.parse_args()
    if not options.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("--database-url must be a PostgreSQL URL")
    worker_counts = [int(value) for value in options.workers.split(",") if value.strip()]
    text = "" if options.text == "none" else options.text
    rounds = max(1, options.rounds)
    failures = []

    with tempfile.TemporaryDirectory(prefix="aimpact-voting-bench-") as tmp:
        tmp = Path(tmp)
        started = time.perf_counter()
        migrated = benchlib.fresh_database(options.database_url, tmp)
        from django.conf import settings
        from django.db import connection

        from consultations.models import TallyCell
        from consultations.release import batch_size, release
        from consultations.voting import box_config

        index, communes = benchlib.build_place()
        pages = {"queries": benchlib.new_consultation(index, "comptage", text)}
        pages["queries-floor"] = benchlib.new_consultation(index, "comptage-plancher", text)
        for workers in worker_counts:
            for kind in ("api", "floor", "warm-api", "warm-floor"):
                pages[f"{kind}-{workers}"] = benchlib.new_consultation(index, f"{kind}-{workers}", text)
        for name in ("piece-vote", "piece-floor", "piece-api-request", "piece-floor-request"):
            pages[name] = benchlib.new_consultation(index, name, text)
        pages["burst"] = benchlib.new_consultation(index, "rafale", text)
        pages["pgbench"] = benchlib.new_consultation(index, "pgbench", text)
        voters = build_citizens(options.citizens + 1, communes, options.seed, text)
        burst_voter, voters = voters[-1], voters[:-1]
        warmup = voters[: options.warmup]
        padded_to = box_config(pages["api-" + str(worker_counts[0])].pk).padded_to
        sealed_size = padded_to + 48  # X25519 public key (32) + Poly1305 tag (16)
        settings.BENCH_FLOOR_SEALED_BYTES = sealed_size  # here; gunicorn reads it from the environment
        os.environ["BENCH_FLOOR_SEALED_BYTES"] = str(sealed_size)
        with connection.cursor() as cursor:
            cursor.execute("CREATE SEQUENCE bench_voter_seq")
        version = benchlib.server_version()
        print(
            f"setup: database recreated and migrated in {migrated - started:.1f} s, {len(voters) + 1} citizens with "
            f"tokens and verified addresses in {time.perf_counter() - migrated:.1f} s; sealed ballot: {sealed_size} "
            f"bytes (payload padded to {padded_to}, free text: {options.text})"
        )

        # The queries of a vote, in this process, through the test client (same settings and middleware).
        api_path = "/api/consultations/{}/ballots/"
        floor_path = "/bench/floor/{}/ballots/"
        print("\nqueries of one vote (in-process: django.test.Client + CaptureQueriesContext, same settings):")
        query_counts = {}
        for label, path, voter in [
            ("API, first vote (configuration read)", api_path.format(pages["queries"].pk), voters[0]),
            ("API, next vote (steady state)", api_path.format(pages["queries"].pk), voters[1]),
            ("floor", floor_path.format(pages["queries-floor"].pk), voters[0]),
            ("floor, next vote", floor_path.format(pages["queries-floor"].pk), voters[1]),
        ]:
            status, queries = count_queries(path, voter)
            query_counts[label] = len(queries)
            print(f"  {label}: HTTP {status}, {len(queries)} queries")
            if status != 201:
                failures.append(f"in-process {label}: HTTP {status}")
            if "next" in label:
                for sql in queries:
                    print(f"    {short_sql(sql)}")
        if options.breakdown:
            print(
                f"\nwhere a vote's time goes (in-process, one thread, {options.breakdown} votes each; wall includes "
                "PostgreSQL and the commit):"
            )
            for label, cpu, wall in breakdown(pages, voters[: options.breakdown], sealed_size):
                print(f"  {label:58} CPU {cpu:6.2f} ms   wall {wall:6.2f} ms")
        connection.close()

        print(
            f"\nmachine: {os.cpu_count()} CPUs, shared; server: gunicorn cms.wsgi:application (sync workers), "
            f"benchmarks.floor_settings = cms.settings.production + floor URLs; {version}\n"
            f"client: {options.concurrency} threads, http.client, a connection per request; "
            f"pgbench: {options.pgbench_clients} clients, {options.pgbench_scripts} scripts"
        )
        log_path = tmp / "gunicorn.log"
        pgbench = Phase(f"pgbench {options.pgbench_clients} clients")
        pgbench_processed = pgbench_failed = 0
        scripts = write_pgbench_scripts(tmp, pages["pgbench"].pk, sealed_size, options.pgbench_scripts)
        results = {}
        burst_report = None
        slices = [voters[number::rounds] for number in range(rounds)]
        for position, workers in enumerate(worker_counts):
            port = free_port()
            process = start_gunicorn(port, workers, log_path)
            try:
                wait_until_up(process, port, f"/api/consultations/{pages['api-' + str(workers)].pk}/", log_path)
                for kind in ("api", "floor"):
                    template = api_path if kind == "api" else floor_path
                    meter = CpuMeter(options.database_url, process.pid)
                    statuses, _latencies, samples = load(
                        port, template.format(pages[f"warm-{kind}-{workers}"].pk), warmup, options.concurrency, meter
                    )
                    if set(statuses) - {201}:
                        failures.append(f"warm-up {kind} ({workers} workers): {dict(statuses)} {samples}")
                api, floor = Phase(f"API, {workers} workers"), Phase(f"floor, {workers} workers")
                print(f"\n{workers} workers; load average before: {benchlib.load_average()}")
                for number, voters_slice in enumerate(slices):
                    order = [(api, api_path, "api"), (floor, floor_path, "floor")]
                    for phase, template, kind in order if number % 2 == 0 else order[::-1]:
                        meter = CpuMeter(options.database_url, process.pid)
                        statuses, latencies, samples = load(
                            port,
                            template.format(pages[f"{kind}-{workers}"].pk),
                            voters_slice,
                            options.concurrency,
                            meter,
                        )
                        phase.add(statuses, latencies, samples, meter, statuses.get(201, 0))
                    if position == 0:
                        meter = CpuMeter(options.database_url)
                        processed, failed, _tps, latencies = run_pgbench(
                            options.database_url,
                            scripts,
                            options.pgbench_clients,
                            max(1, round(options.pgbench_seconds / rounds)),
                            tmp / "pgbench_log",
                            meter,
                        )
                        pgbench_processed += processed
                        pgbench_failed += failed
                        pgbench.add({201: processed}, latencies, {}, meter, processed)
                print(HEADER)
                for phase in (api, floor, *([pgbench] if position == 0 else [])):
                    print(phase.row())
                    for status, data in phase.samples.items():
                        print(f"    {status}: {data!r}")
                    if phase.statuses.get(201, 0) != sum(phase.statuses.values()):
                        failures.append(f"{phase.name}: statuses {dict(phase.statuses)}")
                results[workers] = (api, floor)

                if position == 0 and options.burst:
                    token, body = burst_voter
                    statuses, latencies, samples, wall = burst(
                        port, api_path.format(pages["burst"].pk), token, body, options.burst
                    )
                    burst_report = (statuses, latencies, samples, wall)
                if process.poll() is not None:
                    failures.append(f"gunicorn ({workers} workers) died during the run ({process.returncode})")
            finally:
                stop_gunicorn(process)

        # -- the figures side by side
        first = worker_counts[0]
        api, floor = results[first]
        pg_rate = pgbench_processed / pgbench.wall if pgbench.wall else float("nan")
        print("\nsummary (same run, same database, same server):")
        print(f"  API      {api.rate:8.1f} ballots/s  ({first} workers)")
        print(f"  floor    {floor.rate:8.1f} ballots/s  ({first} workers)")
        print(f"  pgbench  {pg_rate:8.1f} transactions/s  ({options.pgbench_clients} clients)")
        print(
            f"  API/floor {api.rate / floor.rate:.0%}   floor/pgbench {floor.rate / pg_rate:.0%}   "
            f"API/pgbench {api.rate / pg_rate:.0%}"
        )
        server_api = api.cpu_ms("gunicorn") + api.cpu_ms("PostgreSQL backends")
        server_floor = floor.cpu_ms("gunicorn") + floor.cpu_ms("PostgreSQL backends")
        print(
            f"  server CPU per ballot (gunicorn + PostgreSQL backends): API {server_api:.2f} ms, floor "
            f"{server_floor:.2f} ms, pgbench {pgbench.cpu_ms('PostgreSQL backends'):.2f} ms (backends only); "
            f"queries per vote: API {query_counts['API, next vote (steady state)']}, floor "
            f"{query_counts['floor, next vote']}"
        )
        if len(worker_counts) > 1:
            print(
                "  scaling with gunicorn workers: "
                + "; ".join(
                    f"{workers} workers: API {results[workers][0].rate:.0f}/s, floor {results[workers][1].rate:.0f}/s "
                    f"({results[workers][0].rate / results[workers][1].rate:.0%})"
                    for workers in worker_counts
                )
            )

        # -- the burst
        if burst_report:
            statuses, latencies, samples, wall = burst_report
            ok, conflicts = statuses.get(201, 0), statuses.get(409, 0)
            found = database_counts(pages["burst"].pk)[:2]
            print(
                f"\nburst: {options.burst} simultaneous votes of one citizen in {wall:.2f} s: "
                + ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items(), key=str))
                + f"; p50 {percentile(latencies, 0.5):.0f} ms, max {max(latencies, default=0):.0f} ms; "
                f"database (participations, ballots): {found}, expected (1, 1)"
            )
            for status, data in samples.items():
                if status not in (201, 409):
                    print(f"    {status}: {data!r}")
            if (ok, conflicts) != (1, options.burst - 1):
                failures.append(f"burst: expected 1 x 201 and {options.burst - 1} x 409, got {dict(statuses)}")
            if found != (1, 1):
                failures.append(f"burst: the database holds {found}, expected (1, 1)")

        # -- consistency
        print("\nconsistency (participations, ballots, sealed lengths) == answers 201:")
        expected = {"pgbench": pgbench_processed, "queries": 2, "queries-floor": 2}
        pieces = min(options.breakdown, len(voters))
        expected |= {name: pieces for name in ("piece-vote", "piece-floor", "piece-api-request", "piece-floor-request")}
        for workers in worker_counts:
            api, floor = results[workers]
            expected |= {
                f"api-{workers}": api.done,
                f"floor-{workers}": floor.done,
                f"warm-api-{workers}": len(warmup),
                f"warm-floor-{workers}": len(warmup),
            }
        for name, count in expected.items():
            participations, ballots, lengths = database_counts(pages[name].pk)
            ok = participations == ballots == count and lengths == ([sealed_size] if count else [])
            print(f"  {name:16} {participations:>6} {ballots:>6} {lengths} expected {count}: {'ok' if ok else 'WRONG'}")
            if not ok:
                failures.append(f"{name}: {participations} participations, {ballots} ballots, {lengths}, not {count}")
        if pgbench_failed:
            failures.append(f"pgbench: {pgbench_failed} failed transactions")
        box = pages[f"api-{first}"].pk
        released = release(box)
        counted = TallyCell.objects.filter(consultation_id=box, question_id="", key="participants").first()
        counted = counted.value if counted else 0
        want = max(0, results[first][0].done - batch_size())
        print(f"  release of api-{first}: {released} ballots opened, counters say {counted}, expected {want}")
        if not released == counted == want:
            failures.append(f"release: {released} opened, {counted} counted, expected {want}")

        errors = [line for line in log_path.read_text().splitlines() if "Traceback" in line or "ERROR" in line]
        if errors:
            print(f"\ngunicorn log: {len(errors)} error lines, first: {errors[0]}")
        connection.close()
        if not options.keep:
            benchlib.recreate_database(options.database_url, drop_only=True)
        if failures:
            print("\nFAILED:\n  " + "\n  ".join(failures))
            print(log_path.read_text()[-3000:])
            sys.exit(1)
        burst_note = "; the burst gave one 201 and one participation" if burst_report else ""
        print(f"\nOK: every ballot recorded once, sealed at its length{burst_note}.")


if __name__ == "__main__":
    main()
