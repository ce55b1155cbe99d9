"""Requests per second of the demo's space dashboard for anonymous visitors: rendered (the page cache off), served
from the page cache (Redis), and the same HTML from memory (the floor: the framework and the middleware around a
page that costs nothing), measured in one run on the same machine.

gunicorn (2 workers by default) serves `benchmarks.floor_settings` (cms.settings.production plus the memory view),
on PostgreSQL (a scratch database, dropped and created again: its name must contain "bench") with the demo loaded,
and Redis as the cache (CACHE_URL). Two servers in turn: the page cache off (PAGE_CACHE_ENABLED=false), then on;
each one serves the dashboard and the memory reference in alternate rounds, so that a noisy neighbour hurts both
alike. The client: processes that each open a new connection per request (gunicorn's sync workers close it).

    .venv/bin/python benchmarks/page_cache.py \\
        --database-url postgres://postgres@127.0.0.1:5432/aimpact_page_cache_bench \\
        --cache-url redis://127.0.0.1:6379/8

Target of issue 13: the cached dashboard at 50 % or more of the memory floor.
"""

import argparse
import multiprocessing
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import benchlib
import loadlib


def hammer(arguments):
    """(responses by status, latencies in ms): GETs of `path` one after another for `seconds`."""
    port, path, seconds = arguments
    message = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\nX-Forwarded-For: 203.0.113.7\r\n"
        "Accept-Language: fr\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n"
    ).encode()
    statuses, latencies = {}, []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
                connection.sendall(message)
                chunks = []
                while chunk := connection.recv(65536):
                    chunks.append(chunk)
            status = int(b"".join(chunks[:1])[9:12] or 0)
        except (OSError, ValueError) as error:
            status = type(error).__name__
        statuses[status] = statuses.get(status, 0) + 1
        latencies.append((time.perf_counter() - started) * 1000)
    return statuses, latencies


def measure(pool, port, path, seconds, clients):
    started = time.perf_counter()
    results = pool.map(hammer, [(port, path, seconds)] * clients)
    wall = time.perf_counter() - started
    statuses, latencies = {}, []
    for part, times in results:
        for status, count in part.items():
            statuses[status] = statuses.get(status, 0) + count
        latencies.extend(times)
    ok = statuses.get(200, 0)
    return {"rps": ok / wall, "statuses": statuses, "p50": statistics.median(latencies), "ok": ok}


def serve(options, tmp, cache_on, rounds, paths):
    """Start gunicorn with the page cache on or off, then measure each (label, path) in alternate rounds."""
    os.environ["PAGE_CACHE_ENABLED"] = "true" if cache_on else "false"
    port = loadlib.free_port()
    log = Path(tmp) / f"gunicorn-{'cache' if cache_on else 'nocache'}.log"
    process = loadlib.start_gunicorn(port, options.workers, log)
    figures = {label: [] for label, _path in paths}
    try:
        loadlib.wait_until_up(process, port, paths[0][1], log)
        for _label, path in paths:  # warm up: the workers' first requests, the cache's first entry
            for _ in range(options.workers * 3):
                loadlib.request(port, "GET", path)
        with multiprocessing.Pool(options.clients) as pool:
            for _round in range(rounds):
                for label, path in paths:
                    result = measure(pool, port, path, options.seconds, options.clients)
                    bad = {k: v for k, v in result["statuses"].items() if k != 200}
                    if bad:
                        print(f"  {label}: answers other than 200: {bad}; see {log}")
                    figures[label].append(result)
                    print(f"  {label:34} {result['rps']:9.1f} req/s  p50 {result['p50']:7.2f} ms", flush=True)
    finally:
        loadlib.stop_gunicorn(process)
    return {label: statistics.median(r["rps"] for r in results) for label, results in figures.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="a scratch PostgreSQL database (dropped!)")
    parser.add_argument("--cache-url", required=True, help="Redis for the caches, e.g. redis://127.0.0.1:6379/8")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4, help="client processes (one request at a time each)")
    parser.add_argument("--seconds", type=float, default=5.0, help="per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        memory_dir = Path(tmp) / "memory"
        memory_dir.mkdir()
        benchlib.production_environment(
            options.database_url, tmp, CACHE_URL=options.cache_url, BENCH_MEMORY_DIR=str(memory_dir)
        )
        benchlib.recreate_database(options.database_url)
        benchlib.setup_django()
        from django.core.cache import caches
        from django.core.management import call_command
        from django.test import Client

        from cms.models import CollectiviteSpace

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("load_demo", credentials_file=str(Path(tmp) / "credentials.txt"), verbosity=0)
        print(f"demo loaded in {time.perf_counter() - started:.1f} s; {benchlib.server_version()}")
        call_command("collectstatic", interactive=False, verbosity=0)
        caches["pages"].clear()
        space = CollectiviteSpace.objects.live().filter(locale__language_code="fr").order_by("path").first()
        path = space.url
        client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
        response = client.get(path, secure=True)
        if response.status_code != 200:
            sys.exit(f"GET {path} answered {response.status_code}")
        (memory_dir / "dashboard.html").write_bytes(response.content)
        print(
            f"dashboard: {path} ({len(response.content) / 1024:.0f} KiB), {options.workers} gunicorn workers, "
            f"{options.clients} client processes, {options.rounds} rounds of {options.seconds:.0f} s each"
        )
        from django.db import connections

        connections.close_all()

        memory = ("same HTML from memory", "/bench/memory/dashboard/")
        print("page cache off:")
        off = serve(options, tmp, False, options.rounds, [("dashboard, rendered", path), memory])
        caches["pages"].clear()
        print("page cache on:")
        on = serve(options, tmp, True, options.rounds, [("dashboard, from the page cache", path), memory])
        caches["pages"].clear()
        benchlib.recreate_database(options.database_url, drop_only=True)

    floor_off, floor_on = off[memory[0]], on[memory[0]]
    rendered, cached = off["dashboard, rendered"], on["dashboard, from the page cache"]
    print("\nsummary (median of the rounds, requests/s; ratio to the floor measured by the same server)")
    print(f"  {'memory floor (cache off)':34} {floor_off:9.1f}")
    print(f"  {'memory floor (cache on)':34} {floor_on:9.1f}")
    print(f"  {'dashboard rendered':34} {rendered:9.1f}   {rendered / floor_off:7.1%} of the floor")
    print(
        f"  {'dashboard from the page cache':34} {cached:9.1f}   {cached / floor_on:7.1%} of the floor "
        f"({cached / floor_off:.1%} of the floor without the cache); target 50 %"
    )
    print(f"  cached / rendered: x{cached / rendered:.1f}")


if __name__ == "__main__":
    main()
