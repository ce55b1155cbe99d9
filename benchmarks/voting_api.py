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
import contextlib
import http.client
import json
import os
import re
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

import benchlib
from benchlib import ROOT, percentile

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/aimpact_bench"
PGBENCH = "/usr/lib/postgresql/15/bin/pgbench"


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


# -- the server --------------------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port, workers, log_path):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "cms.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--timeout=120",
        "--graceful-timeout=10",
    ]
    log = log_path.open("a")
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
        status, _ms, data = request(port, "GET", path)
        if status == 200:
            return
        if isinstance(status, int):
            sys.exit(f"GET {path} answered {status} instead of 200:\n{data[:500]!r}")
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer within {timeout} s:\n{log_path.read_text()[-3000:]}")


# -- measuring ---------------------------------------------------------------------------------------------------------


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


def own_cpu_seconds():
    """This process and its waited-for children (pgbench), user + system."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class CpuMeter:
    """CPU seconds spent during a phase by the server (gunicorn, if any), by the PostgreSQL backends serving the
    benchmark's database (sampled every 0.2 s: connections come and go), by the client (this process and pgbench),
    and by everything else on the machine (other sessions, PostgreSQL's own background processes)."""

    def __init__(self, database_url, server_pid=None):
        self.server_pid = server_pid
        parsed = urlparse(database_url)
        self.database = parsed.path.lstrip("/")
        self.maintenance_url = urlunparse(parsed._replace(path="/postgres"))
        self.backends = {}  # pid: [CPU seconds when first seen, last seen]
        self.stop = threading.Event()

    def server_seconds(self):
        if self.server_pid is None:
            return 0.0
        try:
            children = Path(f"/proc/{self.server_pid}/task/{self.server_pid}/children").read_text().split()
        except OSError:
            children = []
        return sum(process_cpu_seconds(pid) or 0 for pid in [self.server_pid, *children])

    def sample(self, connection, first=False):
        rows = connection.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database]).fetchall()
        for (pid,) in rows:
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
        self.client = own_cpu_seconds()
        self.server = self.server_seconds()
        self.machine = machine_busy_seconds()
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc_info):
        self.wall = time.perf_counter() - self.started
        machine = machine_busy_seconds() - self.machine
        server = self.server_seconds() - self.server
        client = own_cpu_seconds() - self.client
        self.stop.set()
        self.thread.join()
        database = sum(last - first for first, last in self.backends.values())
        self.figures = {
            "gunicorn": server,
            "PostgreSQL backends": database,
            "client": client,
            "other": max(0.0, machine - server - database - client),
        }


class Phase:
    """What the rounds of one kind of load added up to."""

    def __init__(self, name):
        self.name = name
        self.statuses = Counter()
        self.latencies = []
        self.samples = {}
        self.wall = 0.0
        self.cpu = Counter()
        self.rates = []

    def add(self, statuses, latencies, samples, meter, done):
        self.statuses.update(statuses)
        self.latencies.extend(latencies)
        for status, data in samples.items():
            self.samples.setdefault(status, data)
        self.wall += meter.wall
        self.cpu.update(meter.figures)
        self.rates.append(done / meter.wall if meter.wall else float("nan"))

    @property
    def done(self):
        return self.statuses.get(201, 0)

    @property
    def rate(self):
        return self.done / self.wall if self.wall else float("nan")

    def cpu_ms(self, name):
        return self.cpu[name] / max(1, self.done) * 1000

    def row(self):
        other = sum(self.statuses.values()) - self.done - self.statuses.get(409, 0)
        rounds = "/".join(f"{rate:.0f}" for rate in self.rates)
        return (
            f"{self.name:22} {self.done:>7} {other:>5} {self.wall:>7.1f} {self.rate:>9.1f} {rounds:>11} "
            f"{percentile(self.latencies, 0.5):>7.1f} {percentile(self.latencies, 0.95):>7.1f} "
            f"{percentile(self.latencies, 0.99):>7.1f} {self.cpu_ms('gunicorn'):>7.2f} "
            f"{self.cpu_ms('PostgreSQL backends'):>6.2f} {self.cpu_ms('client'):>7.2f} {self.cpu_ms('other'):>6.2f}"
        )


HEADER = (
    f"{'phase':22} {'201':>7} {'other':>5} {'wall s':>7} {'ballots/s':>9} {'per round':>11} "
    f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'CPU ms/ballot: app':>7} {'PG':>6} {'client':>7} {'other':>6}"
)


def load(port, path, voters, concurrency, meter):
    statuses, latencies, samples = Counter(), [], {}
    lock = threading.Lock()

    def cast(voter):
        token, body = voter
        status, ms, data = request(port, "POST", path, body, token)
        with lock:
            statuses[status] += 1
            if status == 201:
                latencies.append(ms)
            else:
                samples.setdefault(status, data[:300])

    with meter, ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(cast, voters))
    return statuses, latencies, samples


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


# -- pgbench -----------------------------------------------------------------------------------------------------------


def write_pgbench_scripts(directory, consultation_id, sealed_size, count):
    """`count` scripts of the vote's transaction, each with its own random ballot (random bytes do not compress:
    TOAST stores them as the API's sealed ballots); pgbench picks one at random for each transaction."""
    from benchmarks.floor_urls import FLOOR_KEY_ID, LOCK_SQL

    lock = LOCK_SQL.replace("%%", "%").replace("%s", ":cid")
    paths = []
    for number in range(count):
        path = Path(directory) / f"vote-{number}.sql"
        path.write_text(
            f"\\set cid {consultation_id}\n"
            "BEGIN;\n"
            f"{lock};\n"
            "INSERT INTO consultations_participation (consultation_id, voter_key, user_id, channel, created_at) "
            "VALUES (:cid, 'pgbench:' || nextval('bench_voter_seq'), NULL, 'api', now()) RETURNING id;\n"
            "INSERT INTO consultations_ballot (id, consultation_id, participation_id, key_id, sealed, release_id) "
            f"VALUES (floor(random() * 9.2e18)::bigint + 1, :cid, NULL, '{FLOOR_KEY_ID}', "
            f"'\\x{secrets.token_hex(sealed_size)}'::bytea, NULL);\n"
            "END;\n"
        )
        paths.append(path)
    return paths


def run_pgbench(database_url, scripts, clients, seconds, log_prefix, meter):
    parsed = urlparse(database_url)
    command = [
        PGBENCH,
        "-n",
        f"--client={clients}",
        f"--jobs={min(clients, os.cpu_count() or 1)}",
        f"--time={seconds}",
        f"--host={parsed.hostname or '127.0.0.1'}",
        f"--port={parsed.port or 5432}",
        f"--username={parsed.username or 'postgres'}",
        "--log",
        f"--log-prefix={log_prefix}",
        *[f"--file={path}@1" for path in scripts],
        parsed.path.lstrip("/"),
    ]
    env = {**os.environ, "PGPASSWORD": parsed.password or ""}
    with meter:
        completed = subprocess.run(command, capture_output=True, text=True, env=env, cwd=log_prefix.parent)  # noqa: S603
    if completed.returncode:
        sys.exit(f"pgbench failed ({completed.returncode}):\n{completed.stdout[-2000:]}\n{completed.stderr[-2000:]}")
    processed = int(re.search(r"number of transactions actually processed: (\d+)", completed.stdout).group(1))
    failed = re.search(r"number of failed transactions: (\d+)", completed.stdout)
    tps = float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", completed.stdout).group(1))
    latencies = []
    for log in log_prefix.parent.glob(f"{log_prefix.name}.*"):
        for line in log.read_text().splitlines():
            fields = line.split()
            if len(fields) >= 3 and fields[2].isdigit():
                latencies.append(int(fields[2]) / 1000)
        log.unlink()
    return processed, int(failed.group(1)) if failed else 0, tps, latencies


# -- in-process: the queries of one vote -------------------------------------------------------------------------------


def count_queries(path, voter):
    """(status, [SQL]) of one POST through Django's test Client (the whole middleware stack), in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    token, body = voter
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    with CaptureQueriesContext(connection) as captured:
        response = client.post(path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")
    return response.status_code, [query["sql"] for query in captured.captured_queries]


def breakdown(pages, voters, sealed_size):
    """Where a vote's time goes, in this process, one piece at a time: [(label, CPU ms, wall ms)] per vote."""
    from rest_framework.authentication import TokenAuthentication

    from django.test import Client

    from benchmarks.floor_urls import floor_transaction
    from cms.api_authentication import VerifiedTokenAuthentication
    from consultations import sealing
    from consultations.models import Participation
    from consultations.voting import box_config, vote

    def timed(function, items):
        cpu, wall = time.process_time(), time.perf_counter()
        for item in items:
            function(item)
        count = max(1, len(items))
        return (time.process_time() - cpu) / count * 1000, (time.perf_counter() - wall) / count * 1000

    keys = [token for token, _body in voters]
    bodies = [json.loads(body)["answers"] for _token, body in voters]
    users = [VerifiedTokenAuthentication().authenticate_credentials(key)[0] for key in keys]
    config = box_config(pages["piece-vote"].pk)

    def validate_and_seal(answers):
        cleaned = config.survey.validate(answers)
        sealing.seal(sealing.encode_payload(config.survey.payload_answers(cleaned), {}), config.padded_to)

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")

    def post(path):
        def send(voter):
            response = client.post(
                path, voter[1], content_type="application/json", HTTP_AUTHORIZATION=f"Token {voter[0]}"
            )
            assert response.status_code == 201, response.content

        return send

    rows = [
        (
            "token authentication, API (VerifiedTokenAuthentication)",
            *timed(VerifiedTokenAuthentication().authenticate_credentials, keys),
        ),
        (
            "token authentication, floor (DRF TokenAuthentication)",
            *timed(TokenAuthentication().authenticate_credentials, keys),
        ),
        ("survey.validate + encode_payload + seal (no database)", *timed(validate_and_seal, bodies)),
        (
            "vote() (box_config, checks, seal, transaction)",
            *timed(
                lambda item: vote(
                    pages["piece-vote"].pk, item[1], user=item[0], channel=Participation.Channel.API, public_only=True
                ),
                list(zip(users, bodies, strict=True)),
            ),
        ),
        (
            "floor transaction (lock, participation, ballot)",
            *timed(lambda user: floor_transaction(pages["piece-floor"].pk, user, os.urandom(sealed_size)), users),
        ),
        (
            "whole request, API (test client)",
            *timed(post(f"/api/consultations/{pages['piece-api-request'].pk}/ballots/"), voters),
        ),
        (
            "whole request, floor (test client)",
            *timed(post(f"/bench/floor/{pages['piece-floor-request'].pk}/ballots/"), voters),
        ),
    ]
    return rows


def short_sql(sql, width=150):
    sql = " ".join(sql.split())
    sql = re.sub(r"'\\\\x[0-9a-f]+'", "'\\\\x…'", sql)
    return sql if len(sql) <= width else sql[: width - 1] + "…"


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
        benchlib.production_environment(options.database_url, tmp)
        started = time.perf_counter()
        benchlib.recreate_database(options.database_url)
        benchlib.setup_django()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        from consultations.models import TallyCell
        from consultations.release import batch_size, release
        from consultations.voting import box_config

        call_command("migrate", verbosity=0)
        migrated = time.perf_counter()
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
