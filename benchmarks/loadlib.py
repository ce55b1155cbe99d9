"""Load on a real server, for the benchmarks that measure requests per second: not a benchmark itself.

- the server: `start_gunicorn()` (this venv's gunicorn serving `cms.wsgi:application`, in its own process group),
  `wait_until_up()`, `stop_gunicorn()`, `free_port()`;
- the client: `request()` (one request on a new connection, with the production headers), `load()` (many voters
  through a thread pool), `burst()` (the same request released together on connections opened beforehand);
- the CPU: `CpuMeter` splits the CPU seconds of a phase between gunicorn, the PostgreSQL backends of the benchmark's
  database, the client and the rest of the machine (Linux /proc); `Phase` adds the rounds of one kind of load up and
  prints them as a row under `HEADER`;
- pgbench: `write_pgbench_scripts()` (the vote's transaction in SQL) and `run_pgbench()`.
"""

import contextlib
import http.client
import os
import re
import resource
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg
from benchlib import ROOT, percentile

PGBENCH = "/usr/lib/postgresql/15/bin/pgbench"


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
