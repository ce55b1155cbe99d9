"""Time every public page type and count its queries, at the demo's size and with 1,000 more of what it lists.

    .venv/bin/python benchmarks/page_rendering.py [--repeat 30] [--grow 1000]

Runs on a throwaway SQLite file (migrated and loaded with the demo), or on the database named by
BENCH_DATABASE_URL (it must be a scratch database: it is migrated and filled). Requests go through
Django's test client, in process: this measures the application (views, templates, queries), not a
web server.

One run measures each page type twice: on the demo, then after `--grow` more items of what it lists were added
(news under the news index, projects, budget lines, consultations, lessons in a parcours, baromètre entries, the
newsletter's issues). For each it prints the queries, the median and p95 render time, and next to them the
reference measured in the same run: the same HTML served from memory by a minimal Django view (`/bench/memory/`
of benchmarks/floor_urls.py, through the same middleware). A page whose query count grows is flagged « GROWS ».
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(client, connection, path, repeat):
    """(status, queries, median ms, p95 ms, body, content type) of `repeat` GETs after a warm-up."""
    response = client.get(path)  # warm-up (renditions, caches)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
    return (
        response.status_code,
        len(queries),
        statistics.median(timings),
        p95,
        response.content,
        response["Content-Type"],
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--grow", type=int, default=1000)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="aimpact-render-bench-") as tmp:
        os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
        sys.path.insert(0, str(ROOT))
        sys.path.insert(0, str(ROOT / "benchmarks"))

        import django

        django.setup()
        from django.apps import apps
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment
        from django.urls import clear_url_caches

        setup_test_environment()
        settings.ROOT_URLCONF = "floor_urls"  # the project's URLs plus /bench/memory/<name>/
        clear_url_caches()
        import floor_urls

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("load_demo", credentials_file=str(Path(tmp) / "credentials.txt"), verbosity=0)
        print(f"database: {connection.vendor}; demo loaded in {time.perf_counter() - started:.1f} s", flush=True)

        def model(label):
            return apps.get_model(label)

        def pages(label):
            return model(label).objects.live().public().filter(locale__language_code="fr").order_by("path")

        def first(label):
            return pages(label).first()

        villebrune = "/villebrune-sur-loire/"
        client = Client()

        def ok(candidates, suffix=""):
            for page in candidates:
                if page is not None and client.get(page.url + suffix).status_code == 200:
                    return page.url + suffix
            return None

        news_index = pages("cms.NewsIndexPage").filter(url_path__contains=villebrune).first()
        projects_index = pages("cms.ProjectIndexPage").filter(url_path__contains=villebrune).first()
        budget_year = pages("cms.BudgetYearPage").filter(url_path__contains=villebrune).first()
        consultation_index = pages("consultations.ConsultationIndexPage").filter(url_path__contains=villebrune).first()
        academie = first("academie.AcademieIndexPage")
        parcours = first("academie.ParcoursPage")
        barometre = first("barometre.BarometreIndexPage")
        newsletter = pages("newsletters.NewsletterPage").filter(url_path__contains=villebrune).first() or first(
            "newsletters.NewsletterPage"
        )
        consultations = list(pages("consultations.ConsultationPage")[:40])
        routes = {
            "platform home (wall)": "/",
            "dashboard": villebrune,
            "dashboard (English)": "/en" + villebrune,
            "news index": news_index.url,
            "news page": first("cms.NewsPage").url,
            "projects index": projects_index.url,
            "projects (filtered)": projects_index.url + "?status=en_cours",
            "project page": first("cms.ProjectPage").url,
            "budget year": budget_year.url,
            "consultations index": consultation_index.url,
            "consultation page": ok(consultations),
            "consultation results": ok(consultations, "resultats/"),
            "Académie index": academie.url,
            "Académie page 2": academie.url + "?page=2",
            "lesson": ok(pages("academie.LessonPage")[:20]),
            "parcours": parcours.url,
            "case study": first("academie.CaseStudyPage").url,
            "baromètre index": barometre.url,
            "baromètre entry": first("barometre.BarometreEntryPage").url,
            "cahier de doléances": first("doleances.CahierDoleancesPage").url,
            "newsletter page": newsletter.url,
            "newsletter issue": ok(pages("newsletters.NewsletterIssuePage")[:10]),
            "legal notice": first("cms.LegalNoticePage").url,
            "privacy policy": first("cms.PrivacyPolicyPage").url,
            "accessibility": first("cms.AccessibilityStatementPage").url,
            "contact page": first("cms.ContactPage").url,
        }
        routes = {label: path for label, path in routes.items() if path}

        def run(phase):
            results = {}
            for number, (label, path) in enumerate(routes.items()):
                status, queries, median, p95, body, content_type = measure(client, connection, path, options.repeat)
                floor_urls.MEMORY[str(number)] = (body, content_type)
                _s, _q, ref_median, ref_p95, _b, _c = measure(
                    client, connection, f"/bench/memory/{number}/", options.repeat
                )
                results[label] = (status, queries, median, p95, ref_median, ref_p95)
                print(
                    f"  {phase:5} {label:24} {status:>4} {queries:>4} q {median:>7.1f} {p95:>7.1f} ms"
                    f"   reference {ref_median:>5.1f} {ref_p95:>5.1f} ms",
                    flush=True,
                )
            return results

        print(f"demo size ({options.repeat} requests each; status, queries, median, p95; reference from memory)")
        before = run("demo")

        started = time.perf_counter()
        grow(options.grow, news_index, projects_index, budget_year, consultation_index, parcours, barometre, newsletter)
        print(f"+{options.grow} of each listed item added in {time.perf_counter() - started:.0f} s", flush=True)
        after = run(f"+{options.grow}")

        print()
        print(f"{'page':24} {'queries':>9} {'median ms':>15} {'p95 ms':>15} {'reference ms':>13}  flag")
        grows = []
        for label in routes:
            b, a = before[label], after[label]
            flag = "GROWS" if a[1] > b[1] else ""
            if a[0] != 200 or b[0] != 200:
                flag += f" status {b[0]}/{a[0]}"
            if a[1] > b[1]:
                grows.append(label)
            print(
                f"{label:24} {b[1]:>4}→{a[1]:<4} {b[2]:>7.1f}→{a[2]:<7.1f} {b[3]:>7.1f}→{a[3]:<7.1f}"
                f" {b[4]:>5.1f}/{a[4]:<5.1f}  {flag}"
            )
        print(f"pages whose query count grows: {', '.join(grows) or 'none'}")


def grow(count, news_index, projects_index, budget_year, consultation_index, parcours, barometre, newsletter):
    """`count` more of what each measured page lists, through the tests' factories (real pages, published)."""
    from django.db import transaction

    from tests import factories

    with transaction.atomic():
        for n in range(count):
            factories.NewsPageFactory(parent=news_index, title=f"Actualité ajoutée {n}", slug=f"ajout-{n}")
            factories.ProjectPageFactory(parent=projects_index, title=f"Projet ajouté {n}", slug=f"ajout-{n}")
            factories.ConsultationPageFactory(parent=consultation_index, slug=f"ajout-{n}")
            factories.LessonPageFactory(parent=parcours, slug=f"ajout-{n}")
            factories.BarometreEntryPageFactory(parent=barometre, slug=f"ajout-{n}")
        factories.BudgetLineFactory.create_batch(count, page=budget_year)
    del newsletter  # issues need a sending to be shown: not grown here (see the report)


if __name__ == "__main__":
    main()
