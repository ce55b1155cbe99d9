"""Time the public pages and the API on the demo content, and count their database queries.

    .venv/bin/python benchmarks/page_rendering.py [--repeat 50]

Runs on a throwaway SQLite file (migrated and loaded with the demo), or on the database named by
BENCH_DATABASE_URL (it must be a scratch database: it is migrated and filled). Requests go through
Django's test client, in process: this measures the application (views, templates, queries), not a
web server.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="aimpact-render-bench-") as tmp:
        os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
        sys.path.insert(0, str(ROOT))

        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment

        from cms.models import BudgetYearPage, NewsPage, ProjectPage

        setup_test_environment()
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("load_demo", credentials_file=str(Path(tmp) / "credentials.txt"), verbosity=0)
        print(f"database: {connection.vendor}; demo loaded in {time.perf_counter() - started:.1f} s")

        def first(model):
            return model.objects.live().public().filter(locale__language_code="fr").first().url

        paths = {
            "platform home": "/",
            "dashboard": "/villebrune-sur-loire/",
            "news index": "/villebrune-sur-loire/actualites/",
            "news page": first(NewsPage),
            "budget year": first(BudgetYearPage),
            "projects (filtered)": "/villebrune-sur-loire/projets/?status=en_cours",
            "project page": first(ProjectPage),
            "dashboard (English)": "/en/villebrune-sur-loire/",
            "API: budget pages": "/api/v2/pages/?type=cms.BudgetYearPage&fields=*",
            "API: 20 news": "/api/v2/pages/?type=cms.NewsPage&fields=summary,date&limit=20",
        }
        client = Client()
        print(f"{'page':24} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'req/s':>7}")
        for label, path in paths.items():
            response = client.get(path)  # warm-up (renditions, caches)
            assert response.status_code == 200, (path, response.status_code)
            queries = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                client.get(path)
            timings = []
            for _ in range(options.repeat):
                started = time.perf_counter()
                client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            median = statistics.median(timings)
            p95 = timings[int(len(timings) * 0.95) - 1]
            print(f"{label:24} {len(queries):>7} {median:>10.1f} {p95:>8.1f} {1000 / median:>7.0f}")


if __name__ == "__main__":
    main()
