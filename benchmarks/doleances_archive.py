"""The cahier de doléances with 100,000 entries: its first page, filtered pages, a deep page and the API, next to the
same bytes served from memory.

    .venv/bin/python benchmarks/doleances_archive.py [--entries 100000] [--repeat 30]
        [--database-url postgres://postgres@127.0.0.1:5432/aimpact_bench_doleances] [--keep]

Settings: benchmarks.floor_settings (cms.settings.production plus the memory view), as benchmarks/results_page.py;
the database named by --database-url (its name must contain "bench") is dropped, created and migrated. Requests go
through Django's test Client in this process (the whole middleware stack, no web server).

The load: a région, 5 départements of 50 communes each, an EPCI's space and its consultations index (benchlib), one
closed consultation made the ordinary way, then N - 1 copies of it written in bulk (wagtailcore_page rows with their
treebeard paths, and their consultation rows copied from the first one in one INSERT … SELECT), and N archive entries
(`ArchiveEntry`, bulk) spread over ten years, ten themes and the territories (80 % communes, 15 % départements, 5 %
the région), then VACUUM ANALYZE (as autovacuum would after such a load). Entries are what `services.sync_entry`
writes; writing them through it (one snapshot each) would only make the load slower, not the reads measured here.

Measured, each first once under CaptureQueriesContext (queries, SQL time, slowest), then `--repeat` times alternately
with its memory reference (median, p95): the archive's first page; filtered by a département (the containment
subquery); by theme and year; a deep page (page 4,000 of 5,000: OFFSET 79,980); the API's first page and a deep
offset. Checks (exit status 1 if one fails): every response 200, 20 entries on each page, the count in the page.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import benchlib
from benchlib import percentile
from results_page import measure_pair, short_sql

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/aimpact_bench_doleances"
THEMES = [
    "mobilite",
    "environnement",
    "education",
    "culture",
    "sport",
    "solidarite",
    "logement",
    "economie",
    "securite",
    "democratie",
]
HEADER = (
    f"{'request':34} {'status':>6} {'queries':>7} {'SQL ms':>6} {'slowest':>7} {'median ms':>9} {'p95 ms':>7} "
    f"{'KiB':>4} {'memory median':>13} {'memory p95':>10} {'x memory':>8}"
)


def build_territories():
    from cms.models import Territory

    region = Territory.objects.create(kind="region", code="99", name="Région d'essai")
    departements = [
        Territory.objects.create(kind="departement", code=f"9{n}", name=f"Département {n}", parent=region)
        for n in range(5)
    ]
    communes = Territory.objects.bulk_create(
        Territory(
            kind="commune",
            code=f"9{d}{c:03d}",
            name=f"Commune {d}-{c}",
            parent=departement,
            population=1000 + 37 * c,
        )
        for d, departement in enumerate(departements)
        for c in range(50)
    )
    return region, departements, communes


def bulk_consultations(index, template, count):
    """`count` closed consultation pages under `index`, copies of `template`: [(page id, translation key)]."""
    from django.db import connection

    from wagtail.models import Page

    pages = []
    now = datetime.datetime.now(datetime.UTC)
    for n in range(count):
        step = n + 2  # the template is the first child
        slug = f"archive-{step}"
        pages.append(
            Page(
                title=f"Consultation archivée n° {step}",
                draft_title=f"Consultation archivée n° {step}",
                slug=slug,
                content_type_id=template.content_type_id,
                path=Page._get_path(index.path, index.depth + 1, step),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                live=True,
                locale_id=template.locale_id,
                translation_key=uuid.uuid4(),
                first_published_at=now,
                last_published_at=now,
            )
        )
    created = Page.objects.bulk_create(pages, batch_size=5000)
    Page.objects.filter(pk=index.pk).update(numchild=count + 1)
    with connection.cursor() as cursor:
        columns = [
            column.name
            for column in connection.introspection.get_table_description(cursor, "consultations_consultationpage")
            if column.name != "page_ptr_id"
        ]
        listed = ", ".join(connection.ops.quote_name(name) for name in columns)
        copied = ", ".join(f"t.{connection.ops.quote_name(name)}" for name in columns)
        cursor.execute(
            f"INSERT INTO consultations_consultationpage (page_ptr_id, {listed}) "  # noqa: S608 - names introspected
            f"SELECT p.id, {copied} FROM wagtailcore_page p, consultations_consultationpage t "
            "WHERE t.page_ptr_id = %s AND p.path LIKE %s AND p.depth = %s AND p.id <> %s",
            [template.pk, index.path + "%", index.depth + 1, template.pk],
        )
    return [(page.pk, page.translation_key) for page in created]


def bulk_entries(pages, territories, space, locale_id, rng):
    from consultations.doleances.models import ArchiveEntry

    region, departements, communes = territories
    now = datetime.datetime.now(datetime.UTC)
    summary = {
        "fr": {
            "questions": [
                {
                    "label": "Êtes-vous favorable au projet ?",
                    "respondents": 400,
                    "leading": {"label": "Oui", "share": 0.61},
                },
                {"label": "Votre note", "respondents": 390, "mean": 3.4},
                {"label": "En un mot ?", "respondents": 120, "texts": 120},
            ]
        }
    }
    entries = []
    for page_id, key in pages:
        draw = rng.random()
        territory = rng.choice(communes) if draw < 0.8 else rng.choice(departements) if draw < 0.95 else region
        closed_at = now - datetime.timedelta(minutes=rng.randrange(10 * 365 * 24 * 60))
        participants = rng.randrange(5, 5000)
        entries.append(
            ArchiveEntry(
                page_id=page_id,
                translation_key=key,
                locale_id=locale_id,
                title=f"Consultation archivée {page_id}",
                opened_at=closed_at - datetime.timedelta(days=21),
                closed_at=closed_at,
                year=closed_at.year,
                theme=rng.choice(THEMES),
                territory=territory,
                space=space if rng.random() < 0.1 else None,
                participants=participants,
                population=territory.population,
                results_summary=summary,
                published=rng.random() > 0.02,
            )
        )
    ArchiveEntry.objects.bulk_create(entries, batch_size=5000)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DOLEANCES_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--show-slower-than", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    failures, rows = [], []
    with tempfile.TemporaryDirectory(prefix="aimpact-doleances-bench-") as tmp:
        started = time.perf_counter()
        benchlib.production_environment(options.database_url, tmp)
        benchlib.recreate_database(options.database_url)
        benchlib.setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        migrated = time.perf_counter()
        from django.db import connection
        from django.test import Client

        from cms.models import PlatformHomePage
        from consultations.doleances.models import ArchiveEntry, CahierDoleancesPage
        from consultations.models import ResultsSnapshot
        from tests.consultations.doleances.factories import closed_consultation, frozen_results

        call_command("collectstatic", interactive=False, verbosity=0)
        index, _communes = benchlib.build_place()
        space = index.get_parent().specific
        home = PlatformHomePage.objects.get(locale__language_code="fr")
        cahier = CahierDoleancesPage(title="Cahier de doléances", slug="cahier-de-doleances")
        home.add_child(instance=cahier)
        cahier.save_revision().publish()
        territories = build_territories()
        rng = random.Random(options.seed)  # noqa: S311 - benchmark data
        loading = time.perf_counter()
        template = closed_consultation(index, title="Consultation modèle", slug="archive-1")
        assert ResultsSnapshot.objects.filter(consultation=template).exists() and frozen_results
        pages = bulk_consultations(index, template, options.entries - 1)
        bulk_entries(pages, territories, space, template.locale_id, rng)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would soon after such a load
        loaded = time.perf_counter()
        total = ArchiveEntry.objects.count()
        published = ArchiveEntry.objects.published().count()
        print(
            f"setup: migrated in {migrated - started:.1f} s; {total:,} entries ({published:,} published) and their "
            f"pages loaded in {loaded - loading:.1f} s; benchmarks.floor_settings; {benchlib.server_version()}; "
            f"{os.cpu_count()} CPUs, shared; in-process django.test.Client; load average {benchlib.load_average()}"
        )
        client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
        base = cahier.url
        departement = territories[1][2]
        deep = (published // 20) * 4 // 5
        requests = [
            ("platform home (base.html's floor)", home.url, None),
            ("archive, first page", base, published),
            (f"by département ({departement.code})", f"{base}?territory={departement.pk}", None),
            ("by theme and year", f"{base}?theme=culture&year={datetime.date.today().year - 3}", None),
            (f"deep page ({deep:,})", f"{base}?page={deep}", published),
            ("space view", f"{base}espace/{space.slug}/", None),
            ("API, first page", "/api/doleances/", published),
            ("API, offset 80,000", "/api/doleances/?offset=80000", published),
            ("API, by département", f"/api/doleances/?territory={departement.pk}", None),
        ]
        print(HEADER)
        for label, path, count in requests:
            figures = measure_pair(client, label.replace(" ", "-").replace(",", ""), path, options.repeat)
            response = figures["response"]
            median, reference = statistics.median(figures["ms"]), statistics.median(figures["memory_ms"])
            line = (
                f"{label:34} {response.status_code:>6} {figures['queries']:>7} {figures['query_ms']:>6.1f} "
                f"{figures['slowest'][0]:>7.1f} {median:>9.2f} {percentile(figures['ms'], 0.95):>7.2f} "
                f"{figures['bytes'] / 1024:>4.0f} {reference:>13.2f} {percentile(figures['memory_ms'], 0.95):>10.2f} "
                f"{median / reference:>8.1f}"
            )
            rows.append(line)
            print(line, flush=True)
            if figures["slowest"][0] >= options.show_slower_than:
                print(f"    slowest query: {short_sql(figures['slowest'][1])}")
            if response.status_code != 200:
                failures.append(f"{label}: HTTP {response.status_code}")
                continue
            if path == home.url:
                continue
            content = response.content.decode()
            api = path.startswith("/api/")
            shown = content.count('"consultation_id"') if api else content.count('class="card doleance"')
            if shown != 20 and (count is not None or shown == 0):
                failures.append(f"{label}: {shown} entries shown, expected 20")
            if count is not None and not any(
                spelling in content for spelling in (str(count), f"{count:,}".replace(",", "\u202f"))
            ):
                failures.append(f"{label}: the count {count} is not in the response")
        connection.close()
        if not options.keep:
            benchlib.recreate_database(options.database_url, drop_only=True)
    print(f"\nsummary (median and p95 of {options.repeat} requests each, view and memory alternately)")
    print(HEADER)
    print("\n".join(rows))
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("\nOK: every response 200 with 20 entries.")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
