"""Ballots per second through the consultations API, served by gunicorn on PostgreSQL, then a duplicate burst.

    .venv/bin/python benchmarks/voting_api.py [--citizens 2000] [--workers 4] [--threads 1] [--concurrency 16]
        [--burst 200] [--database-url postgres://postgres@127.0.0.1:5432/aimpact_bench]

The database named by --database-url (its name must contain "bench") is dropped and created again, migrated and
filled: an EPCI of 12 communes, its space, an open consultation reserved to its residents (secret ballot; yes/no,
single choice, multiple choice shown only to those who said yes, scale, number and an optional free text), and
N citizens living in those communes (population-weighted, 80 % consenting to age/gender) with an API token each
(Token rows created directly: /api/auth/token/ checks a password per citizen and counts towards allauth's login
rate limit, neither of which is what is measured here).

gunicorn then serves `cms.wsgi:application` with cms.settings.production (DEBUG off, persistent connections, the
production middleware), from environment variables set here: throwaway SECRET_KEY, ALLOWED_HOSTS=127.0.0.1,
CELERY_BROKER_URL=memory://, ANYMAIL_ESP=test. SECURE_SSL_REDIRECT stays on: every request carries
`X-Forwarded-Proto: https`, as the TLS-terminating proxy would send it (SECURE_PROXY_SSL_HEADER).

1. Throughput: every citizen votes once, `--concurrency` client threads at a time (a new connection per request:
   gunicorn's sync workers close it after each response). Reports ballots/s, latency percentiles, statuses, and
   checks that the database holds exactly one participation, one ballot and the expected answer rows per 201.
2. Duplicate burst: `--burst` connections by the SAME citizen are opened, then released together against a fresh
   consultation. Expected: one 201, the rest 409, and one participation and one ballot in the database; the script
   exits with status 1 otherwise (or if phase 1 saw any non-201 answer or a count mismatch).

Throttling: the consultations API sets no DRF throttle on the ballots endpoint and REST_FRAMEWORK has no
DEFAULT_THROTTLE_CLASSES (the "anon" rate in DEFAULT_THROTTLE_RATES is used by no class); the only throttles are
on email confirmations (10/hour) and allauth's login rate limits (the token endpoint, not called here). Any 429
would be counted and reported. The client runs on the same machine as gunicorn and PostgreSQL: its CPU time is
reported, since it competes with the server for the cores.
"""

import argparse
import contextlib
import http.client
import json
import logging
import math
import os
import random
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/aimpact_bench"
COMMUNES = [  # (name, population): one large town, a few small towns, villages
    ("Bourg-Centre", 48_000),
    ("Saint-Aubin", 12_000),
    ("Les Ormeaux", 8_500),
    ("Port-Neuf", 6_000),
    ("La Chapelle", 4_200),
    ("Vieillevigne", 3_100),
    ("Montbert", 2_500),
    ("Le Bignon", 1_800),
    ("Geneston", 1_200),
    ("La Planche", 900),
    ("Remouillé", 600),
    ("Saint-Lumine", 350),
]
AGES = ["18-24", "25-34", "35-49", "50-64", "65+"]
AGE_WEIGHTS = [10, 18, 27, 25, 20]
GENDERS = ["femme", "homme"]
TEXTS = ["Prévoir des bancs à l'ombre.", "Penser aux vélos.", "Attention aux crues.", "Plus d'arbres !"]


# -- the database -----------------------------------------------------------------------------------------------------


def recreate_database(url):
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: the database name must contain 'bench'")
    maintenance = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def question(block_type, qid, label, choices=None, condition=None, required=True, **extra):
    value = {
        "label": label,
        "help_text": "",
        "required": required,
        "condition": condition or {"question_number": None, "answer": ""},
        **extra,
    }
    if choices:
        value["choices"] = [{"type": "item", "value": text, "id": f"{qid}-{n}"} for n, text in enumerate(choices, 1)]
    return {"type": block_type, "value": value, "id": qid}


def survey_raw():
    return [
        question("yes_no", "favorable", "Êtes-vous favorable au projet ?", allow_abstain=True),
        question("single_choice", "usage", "Quel usage privilégier ?", ["Promenade", "Vélo", "Jeux", "Parking"]),
        question(
            "multiple_choice",
            "equipements",
            "Quels équipements ? (deux au plus)",
            ["Bancs", "Toilettes", "Ponton", "Fontaines", "Marché"],
            condition={"question_number": 1, "answer": "Oui"},
            min_choices=1,
            max_choices=2,
        ),
        question("scale", "urgence", "Ce projet est-il urgent ?", scale_max="5", min_label="Non", max_label="Très"),
        question("number", "visites", "Combien de visites par mois ?", min_value="0", max_value="31", unit=""),
        question("long_text", "remarque", "Une remarque ?", required=False),
    ]


def random_answers(rng, age):
    """Believable answers, and the number of Answer rows they make."""
    young, old = age in ("18-24", "25-34"), age in ("50-64", "65+")
    roll = rng.random()
    favorable = "yes" if roll < (0.74 if young else 0.48 if old else 0.62) else "abstain" if roll > 0.95 else "no"
    answers = {
        "favorable": favorable,
        "usage": rng.choices([f"usage-{n}" for n in range(1, 5)], [3, 5 if young else 2, 3, 1 if young else 4])[0],
        "urgence": str(min(5, max(1, round(rng.gauss(3.6 if young else 3.0, 1.1))))),
        "visites": str(min(31, max(0, round(rng.gauss(6, 4))))),
    }
    rows = 4
    if favorable == "yes":
        answers["equipements"] = rng.sample([f"equipements-{n}" for n in range(1, 6)], rng.choice([1, 2]))
        rows += len(answers["equipements"])
    if rng.random() < 0.08:
        answers["remarque"] = rng.choice(TEXTS)
        rows += 1
    return answers, rows


def build_data(citizens_count, seed):
    """Territories, space, consultations, citizens with tokens: returns what the benchmark needs."""
    from rest_framework.authtoken.models import Token

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from cms.models import PlatformHomePage, Territory
    from tests.factories import CollectiviteSpaceFactory, ConsultationIndexPageFactory, ConsultationPageFactory

    rng = random.Random(seed)
    epci = Territory.objects.create(kind="epci", code="244900000", name="CC du Banc d'essai")
    communes = [
        Territory.objects.create(kind="commune", code=f"{44900 + n}", name=name, population=population, epci=epci)
        for n, (name, population) in enumerate(COMMUNES, start=1)
    ]
    home = PlatformHomePage.objects.get(locale__language_code="fr")
    space = CollectiviteSpaceFactory(parent=home, title="Banc d'essai", slug="banc-d-essai", territory=epci)
    index = ConsultationIndexPageFactory(parent=space)

    def consultation(slug):
        return ConsultationPageFactory(
            parent=index, title=slug, slug=slug, survey=survey_raw(), eligibility="residents", secrecy="secret"
        )

    main, burst = consultation("debit"), consultation("rafale")
    user_model = get_user_model()
    password = make_password(None)  # unusable: these citizens only use their token
    now = timezone.now()
    users = []
    weights = [population for _name, population in COMMUNES]
    for number in range(citizens_count + 1):  # the last one is the burst's
        consented = rng.random() < 0.8
        users.append(
            user_model(
                username=f"citoyen{number}",
                email=f"citoyen{number}@example.org",
                password=password,
                commune=rng.choices(communes, weights)[0],
                age_bracket=rng.choices(AGES, AGE_WEIGHTS)[0] if consented else "",
                gender=rng.choice(GENDERS) if consented else "",
                demographics_consent_at=now if consented else None,
            )
        )
    users = user_model.objects.bulk_create(users, batch_size=1000)
    tokens = Token.objects.bulk_create([Token(key=Token.generate_key(), user=user) for user in users], batch_size=1000)
    voters = []
    for user, token in zip(users, tokens, strict=True):
        answers, rows = random_answers(rng, user.age_bracket or "35-49")
        body = json.dumps({"answers": answers}).encode()
        voters.append((token.key, body, rows))
    return main, burst, voters[:-1], voters[-1]


# -- the server -----------------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port, workers, threads, log_path):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "cms.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--timeout=120",
        "--graceful-timeout=10",
    ]
    if threads > 1:
        command += ["--worker-class=gthread", f"--threads={threads}"]
    log = log_path.open("w")
    process = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, fixed arguments
        command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    log.close()
    return process


def stop_gunicorn(process):
    """SIGTERM to gunicorn's process group (master and workers, nothing else), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        return  # it exited between poll() and killpg(): nothing left to stop


def headers(token=None):
    result = {
        "Host": "127.0.0.1",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "203.0.113.7",
        "Content-Type": "application/json",
        "Accept-Language": "fr",
    }
    if token:
        result["Authorization"] = f"Token {token}"
    return result


def request(port, method, path, body=None, token=None, connection=None, before_send=None):
    """(status or exception name, latency in ms, body): one request on a new connection."""
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        if before_send:
            before_send()
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers(token))
        response = connection.getresponse()
        data = response.read()
        return response.status, (time.perf_counter() - started) * 1000, data
    except (OSError, http.client.HTTPException, threading.BrokenBarrierError) as error:
        return type(error).__name__, 0.0, b""
    finally:
        connection.close()


def wait_until_up(process, port, path, log_path, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited ({process.returncode}):\n{log_path.read_text()[-3000:]}")
        status, _ms, _data = request(port, "GET", path)
        if status == 200:
            return
        if isinstance(status, int):
            sys.exit(f"GET {path} answered {status} instead of 200:\n{_data[:500]!r}")
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer within {timeout} s:\n{log_path.read_text()[-3000:]}")


# -- measuring --------------------------------------------------------------------------------------------------------


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def process_cpu_seconds(pid):
    """User + system CPU seconds of one process so far (Linux /proc), or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime: fields 14, 15 of stat


def machine_busy_seconds():
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU seconds spent during a phase by gunicorn, by this client, by the PostgreSQL backends serving the
    benchmark's database (sampled every 0.2 s: gunicorn reconnects when a connection is older than
    DATABASE_CONN_MAX_AGE), and by everything else on the machine (other processes, PostgreSQL's own workers)."""

    def __init__(self, server_pid, database_url):
        self.server_pid = server_pid
        parsed = urlparse(database_url)
        self.database = parsed.path.lstrip("/")
        self.maintenance_url = urlunparse(parsed._replace(path="/postgres"))
        self.backends = {}  # pid: [first seen, last seen]
        self.stop = threading.Event()

    def server_seconds(self):
        try:
            children = Path(f"/proc/{self.server_pid}/task/{self.server_pid}/children").read_text().split()
        except OSError:
            children = []
        return sum(process_cpu_seconds(pid) or 0 for pid in [self.server_pid, *children])

    def sample(self, connection, first=False):
        pids = connection.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database]).fetchall()
        for (pid,) in pids:
            seconds = process_cpu_seconds(pid)
            if seconds is None:
                continue
            if pid not in self.backends:
                self.backends[pid] = [seconds if first else 0.0, seconds]
            self.backends[pid][1] = seconds

    def watch(self):
        import psycopg

        with psycopg.connect(self.maintenance_url, autocommit=True) as connection:
            self.sample(connection, first=True)
            self.ready.set()
            while not self.stop.wait(0.2):
                self.sample(connection)
            self.sample(connection)

    def __enter__(self):
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self.watch, daemon=True)
        self.thread.start()
        self.ready.wait(10)
        self.client = resource.getrusage(resource.RUSAGE_SELF)
        self.server = self.server_seconds()
        self.machine = machine_busy_seconds()
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc_info):
        self.wall = time.perf_counter() - self.started
        machine = machine_busy_seconds() - self.machine
        server = self.server_seconds() - self.server
        after = resource.getrusage(resource.RUSAGE_SELF)
        client = (after.ru_utime - self.client.ru_utime) + (after.ru_stime - self.client.ru_stime)
        self.stop.set()
        self.thread.join()
        database = sum(last - first for first, last in self.backends.values())
        self.figures = {
            "gunicorn": server,
            "PostgreSQL backends": database,
            "client": client,
            "other": max(0.0, machine - server - database - client),
        }
        self.capacity = self.wall * os.cpu_count()

    def summary(self):
        parts = ", ".join(f"{name} {seconds:.1f}" for name, seconds in self.figures.items())
        return f"CPU s: {parts} (of {self.capacity:.1f} available: {self.wall:.1f} s x {os.cpu_count()} CPUs)"


def throughput(port, path, voters, concurrency, meter):
    statuses, latencies, samples = Counter(), [], {}
    lock = threading.Lock()

    def vote(voter):
        token, body, _rows = voter
        status, ms, data = request(port, "POST", path, body, token)
        with lock:
            statuses[status] += 1
            if status == 201:
                latencies.append(ms)
            else:
                samples.setdefault(status, data[:300])

    with meter, ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(vote, voters))
    return statuses, latencies, samples, meter.wall


def burst(port, path, token, body, count):
    """`count` connections opened first, then released together with the same citizen's ballot."""
    barrier = threading.Barrier(count)
    statuses, latencies, samples = Counter(), [], {}
    lock = threading.Lock()

    def submit():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        with contextlib.suppress(OSError):  # request() reports the failure
            connection.connect()
        status, ms, data = request(port, "POST", path, body, token, connection, lambda: barrier.wait(timeout=60))
        with lock:
            statuses[status] += 1
            latencies.append(ms)
            samples.setdefault(status, data[:300])

    threads = [threading.Thread(target=submit) for _ in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, latencies, samples, time.perf_counter() - started


def counts(page):
    """Participations, ballots and answers in the database, once the ballots still waiting for their batch
    (secret ballots are mixed into the box by batches of CONSULTATIONS_BALLOT_BATCH) are mixed, as closing does."""
    from consultations.mixing import mix_ballots
    from consultations.models import Answer, Ballot, Participation

    mix_ballots(page.pk, force=True)
    return (
        Participation.objects.filter(consultation=page).count(),
        Ballot.objects.filter(consultation=page).count(),
        Answer.objects.filter(consultation=page).count(),
    )


def show_statuses(statuses, samples):
    print("  statuses: " + ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items(), key=str)))
    for status, data in samples.items():
        if status not in (201, 409):
            print(f"    {status}: {data!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=2000, help="ballots in the throughput phase")
    parser.add_argument("--warmup", type=int, default=64, help="ballots cast first, not timed")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (more than 1: gthread)")
    parser.add_argument("--concurrency", type=int, default=16, help="client threads")
    parser.add_argument("--burst", type=int, default=200, help="simultaneous submissions of one citizen")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()
    if not options.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("--database-url must be a PostgreSQL URL")

    with tempfile.TemporaryDirectory(prefix="aimpact-voting-bench-") as tmp:
        tmp = Path(tmp)
        (tmp / "static").mkdir()
        os.environ.update(
            DJANGO_SETTINGS_MODULE="cms.settings.production",
            DATABASE_URL=options.database_url,
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            CELERY_BROKER_URL="memory://",
            ANYMAIL_ESP="test",
            ANYMAIL_API_KEY="unused",
            STATIC_ROOT=str(tmp / "static"),
            MEDIA_ROOT=str(tmp / "media"),
        )
        sys.path.insert(0, str(ROOT))
        started = time.perf_counter()
        recreate_database(options.database_url)

        import django

        django.setup()
        logging.disable(logging.INFO)  # this process's page-creation chatter; gunicorn logs as configured
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        migrated = time.perf_counter()
        main_page, burst_page, voters, burst_voter = build_data(options.citizens + options.warmup, options.seed)
        warmup, voters = voters[: options.warmup], voters[options.warmup :]
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            server_version = cursor.fetchone()[0].split(" on ")[0]
        connection.close()
        print(
            f"setup: database recreated and migrated in {migrated - started:.1f} s, "
            f"{len(voters) + len(warmup) + 1} citizens with tokens in {time.perf_counter() - migrated:.1f} s"
        )

        port = options.port or free_port()
        log_path = tmp / "gunicorn.log"
        process = start_gunicorn(port, options.workers, options.threads, log_path)
        failures = []
        try:
            wait_until_up(process, port, f"/api/consultations/{main_page.pk}/", log_path)
            kind = (
                f"{options.workers} gthread workers x {options.threads} threads"
                if options.threads > 1
                else f"{options.workers} sync workers"
            )
            print(
                f"server: gunicorn cms.wsgi:application, {kind}, cms.settings.production, {server_version}; "
                f"client: {options.concurrency} threads, http.client; machine: {os.cpu_count()} CPUs"
            )
            path = f"/api/consultations/{main_page.pk}/ballots/"
            warm_meter = CpuMeter(process.pid, options.database_url)
            warm_statuses, *_rest = throughput(port, path, warmup, options.concurrency, warm_meter)
            if set(warm_statuses) - {201}:
                failures.append(f"warm-up statuses {dict(warm_statuses)}")

            print(f"load average before the run: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
            meter = CpuMeter(process.pid, options.database_url)
            statuses, latencies, samples, wall = throughput(port, path, voters, options.concurrency, meter)
            recorded = statuses.get(201, 0)
            print()
            print(
                f"{'phase':12} {'requests':>8} {'201':>6} {'409':>5} {'other':>5} {'wall s':>7} {'ballots/s':>9} "
                f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}"
            )
            other = sum(statuses.values()) - recorded - statuses.get(409, 0)
            print(
                f"{'throughput':12} {len(voters):>8} {recorded:>6} {statuses.get(409, 0):>5} {other:>5} "
                f"{wall:>7.2f} {recorded / wall:>9.1f} {percentile(latencies, 0.5):>7.1f} "
                f"{percentile(latencies, 0.95):>7.1f} {percentile(latencies, 0.99):>7.1f} "
                f"{max(latencies, default=float('nan')):>7.1f}"
            )
            show_statuses(statuses, samples)
            print(f"  {meter.summary()}")
            per_ballot = {name: seconds / max(1, recorded) * 1000 for name, seconds in meter.figures.items()}
            app, database = per_ballot["gunicorn"], per_ballot["PostgreSQL backends"]
            own = app + database
            print(
                f"  CPU ms per ballot: gunicorn {app:.1f}, PostgreSQL {database:.1f}"
                f" -> at most ~{os.cpu_count() * 1000 / own:.0f} ballots/s on {os.cpu_count()} otherwise idle CPUs"
            )
            expected = (
                len(warmup) + len(voters),
                len(warmup) + len(voters),
                sum(rows for _t, _b, rows in warmup + voters),
            )
            found = counts(main_page)
            print(f"  database (participations, ballots, answers): {found}, expected {expected}")
            if recorded != len(voters):
                failures.append(f"throughput: {len(voters) - recorded} ballots not recorded ({dict(statuses)})")
            if found != expected:
                failures.append(f"throughput: the database holds {found}, expected {expected}")

            token, body, rows = burst_voter
            burst_path = f"/api/consultations/{burst_page.pk}/ballots/"
            burst_meter = CpuMeter(process.pid, options.database_url)
            with burst_meter:
                statuses, latencies, samples, wall = burst(port, burst_path, token, body, options.burst)
            ok = statuses.get(201, 0)
            conflicts = statuses.get(409, 0)
            other = sum(statuses.values()) - ok - conflicts
            print(
                f"{'burst':12} {options.burst:>8} {ok:>6} {conflicts:>5} {other:>5} {wall:>7.2f} {'':>9} "
                f"{percentile(latencies, 0.5):>7.1f} {percentile(latencies, 0.95):>7.1f} "
                f"{percentile(latencies, 0.99):>7.1f} {max(latencies, default=float('nan')):>7.1f}"
            )
            show_statuses(statuses, samples)
            print(f"  {burst_meter.summary()}")
            found = counts(burst_page)
            print(f"  database (participations, ballots, answers): {found}, expected {(1, 1, rows)}")
            if (ok, conflicts) != (1, options.burst - 1):
                failures.append(f"burst: expected 1 x 201 and {options.burst - 1} x 409, got {dict(statuses)}")
            if found != (1, 1, rows):
                failures.append(f"burst: the database holds {found}, expected (1, 1, {rows})")
            if process.poll() is not None:
                failures.append(f"gunicorn died during the run ({process.returncode})")
        finally:
            stop_gunicorn(process)
            connection.close()
        errors = [line for line in log_path.read_text().splitlines() if "Traceback" in line or "ERROR" in line]
        if errors:
            print(f"\ngunicorn log: {len(errors)} error lines, first: {errors[0]}")
        if failures:
            print("\nFAILED:\n  " + "\n  ".join(failures))
            print(log_path.read_text()[-3000:])
            sys.exit(1)
        print("\nOK: every ballot recorded once; the burst gave exactly one 201 and one participation.")


if __name__ == "__main__":
    main()
