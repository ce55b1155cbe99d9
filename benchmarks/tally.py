"""Time the tally of a consultation with 100,000 and 1,000,000 ballots, on SQLite and on PostgreSQL.

    .venv/bin/python benchmarks/tally.py [--sizes 100000,1000000] [--backends sqlite,postgres]
        [--postgres-url postgres://postgres@127.0.0.1:5432/aimpact_bench_tally] [--keep]

For each backend and size, a fresh database (a SQLite file in a temporary directory, or the PostgreSQL database
named by --postgres-url, whose name must contain "bench": dropped and created again) is migrated and given an
EPCI of 12 communes, its space and a consultation reserved to its residents (secret ballot) with five questions:
yes/no, single choice, multiple choice (1 to 3 choices, asked to those who said yes), scale 1-5 and number 0-31.
It is then filled with N participations, N ballots (commune weighted by population, 80 % with age bracket and
gender) and their answers (about 5 a ballot, drawn according to age), by executemany on SQLite and COPY on
PostgreSQL, in batches, with the tables' indexes and constraints in place. PostgreSQL gets a VACUUM ANALYZE after
the fill (what autovacuum does soon after a load); SQLite gets none (Django never runs ANALYZE).

The tally runs in a new process, so that its peak memory is its own: `compute_results()` twice (the first right
after the start, under tracemalloc for the peak of Python allocations; the second warm), then `freeze_results()`
once the consultation is closed (the closing path: compute_results, analyse, snapshot).
Reported: fill time, database size, tally times, the slowest query, peak Python memory and the growth of the
process's peak RSS (ru_maxrss) during the tally (what the database driver and SQLite allocate is in the RSS only).
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/aimpact_bench_tally"
BATCH = 20_000
COMMUNES = [
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


# -- the consultation -------------------------------------------------------------------------------------------------


def question(block_type, qid, label, choices=None, condition=None, **extra):
    value = {
        "label": label,
        "help_text": "",
        "required": True,
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
            "Quels équipements ? (trois au plus)",
            ["Bancs", "Toilettes", "Ponton", "Fontaines", "Marché"],
            condition={"question_number": 1, "answer": "Oui"},
            min_choices=1,
            max_choices=3,
        ),
        question("scale", "urgence", "Ce projet est-il urgent ?", scale_max="5", min_label="Non", max_label="Très"),
        question("number", "visites", "Combien de visites par mois ?", min_value="0", max_value="31", unit=""),
    ]


def create_consultation():
    import datetime

    from django.utils import timezone

    from cms.models import PlatformHomePage, Territory
    from tests.factories import CollectiviteSpaceFactory, ConsultationIndexPageFactory, ConsultationPageFactory

    epci = Territory.objects.create(kind="epci", code="244900000", name="CC du Banc d'essai")
    communes = [
        Territory.objects.create(kind="commune", code=f"{44900 + n}", name=name, population=population, epci=epci)
        for n, (name, population) in enumerate(COMMUNES, start=1)
    ]
    home = PlatformHomePage.objects.get(locale__language_code="fr")
    space = CollectiviteSpaceFactory(parent=home, title="Banc d'essai", slug="banc-d-essai", territory=epci)
    index = ConsultationIndexPageFactory(parent=space)
    now = timezone.now()
    page = ConsultationPageFactory(
        parent=index,
        title="Le réaménagement des quais",
        slug="quais",
        survey=survey_raw(),
        eligibility="residents",
        secrecy="secret",
        results_visibility="live",
        opens_at=now - datetime.timedelta(days=20),
        closes_at=now + datetime.timedelta(days=10),
    )
    return page, [commune.pk for commune in communes]


# -- the ballots ----------------------------------------------------------------------------------------------------


def ballots(rng, count, consultation_id, commune_ids):
    """Yield batches of (participations, ballots, answers) rows."""
    weights = [population for _name, population in COMMUNES]
    created_at = "2026-03-01 12:00:00"
    usage = [f"usage-{n}" for n in range(1, 5)]
    equipment = [f"equipements-{n}" for n in range(1, 6)]
    for start in range(0, count, BATCH):
        participations, ballot_rows, answers = [], [], []
        for number in range(start, min(count, start + BATCH)):
            consented = rng.random() < 0.8
            age = rng.choices(AGES, AGE_WEIGHTS)[0] if consented else ""
            gender = rng.choices(["femme", "homme", "autre"], [51, 47, 2])[0] if consented else ""
            ballot_id = rng.getrandbits(63) or 1
            participations.append((consultation_id, f"user:{number + 1}", None, "web", created_at))
            ballot_rows.append((ballot_id, consultation_id, None, rng.choices(commune_ids, weights)[0], age, gender))
            young, old = age in ("18-24", "25-34"), age in ("50-64", "65+")
            roll = rng.random()
            yes = 0.74 if young else 0.48 if old else 0.62
            favorable = "yes" if roll < yes else "abstain" if roll > 0.95 else "no"
            scale = min(5, max(1, round(rng.gauss(3.6 if young else 3.0, 1.1))))
            picks = [
                ("favorable", favorable, None),
                ("usage", rng.choices(usage, [3, 5 if young else 2, 3, 1 if young else 4])[0], None),
                ("urgence", str(scale), scale),
                ("visites", "", min(31, max(0, round(rng.gauss(6, 4))))),
            ]
            if favorable == "yes":
                chosen = rng.sample(equipment, rng.choices([1, 2, 3], [45, 40, 15])[0])
                picks.extend(("equipements", choice, None) for choice in chosen)
            for question_id, choice_id, value in picks:
                answers.append(
                    (rng.getrandbits(63) or 1, ballot_id, consultation_id, question_id, choice_id, None, value, "", "")
                )
        yield participations, ballot_rows, answers


TABLES = {
    "participation": ("consultations_participation", "consultation_id, voter_key, user_id, channel, created_at"),
    "ballot": ("consultations_ballot", "id, consultation_id, participation_id, commune_id, age_bracket, gender"),
    "answer": (
        "consultations_answer",
        "id, ballot_id, consultation_id, question_id, choice_id, rank, number, text, moderation",
    ),
}


def fill(connection, rng, count, consultation_id, commune_ids):
    from django.db import transaction

    from consultations.models import Answer, Ballot, Participation

    assert (Participation._meta.db_table, Ballot._meta.db_table, Answer._meta.db_table) == tuple(
        table for table, _columns in TABLES.values()
    )
    answers_count = 0
    for batch in ballots(rng, count, consultation_id, commune_ids):
        with transaction.atomic(), connection.cursor() as cursor:
            for (table, columns), rows in zip(TABLES.values(), batch, strict=True):
                if connection.vendor == "postgresql":
                    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    marks = ", ".join(["%s"] * len(columns.split(",")))
                    cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
        answers_count += len(batch[2])
    return answers_count


def database_size(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
    path = Path(connection.settings_dict["NAME"])
    return sum(p.stat().st_size for p in [path, Path(f"{path}-wal")] if p.exists())


# -- the children: fill, then tally in a fresh process ---------------------------------------------------------------


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    import django

    django.setup()


def child_fill(options):
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    page, commune_ids = create_consultation()
    rng = random.Random(options.seed)
    started_fill = time.perf_counter()
    answers = fill(connection, rng, options.size, page.pk, commune_ids)
    filled = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    analysed = time.perf_counter()
    report = {
        "consultation_id": page.pk,
        "migrate_s": migrated - started,
        "fill_s": filled - started_fill,
        "analyze_s": analysed - filled if connection.vendor == "postgresql" else None,
        "answers": answers,
        "db_bytes": database_size(connection),
    }
    print(json.dumps(report))


def child_tally(options):
    import datetime

    setup_django()
    from django.db import connection
    from django.utils import timezone

    from consultations.closing import freeze_results
    from consultations.models import ConsultationPage
    from consultations.results import compute_results

    baseline_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queries = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - started, sql))

    page = ConsultationPage.objects.get(pk=options.consultation_id)
    timings, cpu = [], []
    for run in range(2):
        queries.clear()
        if run == 0:  # the peak of Python allocations; tracemalloc slows Python code only, a small part here
            tracemalloc.start()
        started, started_cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(timed):
            results = compute_results(page)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        if run == 0:
            python_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    slowest = sorted(queries, key=lambda item: item[0], reverse=True)[:5]

    ConsultationPage.objects.filter(pk=page.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    page = ConsultationPage.objects.get(pk=page.pk)
    started = time.perf_counter()
    snapshot, created = freeze_results(page)
    freeze_s = time.perf_counter() - started
    assert created and snapshot.results["participants"] == results["participants"]

    yes_no = next(q for q in results["questions"] if q["id"] == "favorable")
    report = {
        "participants": results["participants"],
        "yes_no_total": sum(option["count"] for option in yes_no["options"]),
        "breakdown_groups": sum(len(groups) for groups in yes_no["breakdowns"].values()),
        "queries": len(queries),
        "first_s": timings[0],
        "warm_s": timings[1],
        "warm_cpu_s": cpu[1],
        "load": os.getloadavg()[0],
        "freeze_s": freeze_s,
        "slowest": [(round(seconds, 3), " ".join(sql.split())[:160]) for seconds, sql in slowest],
        "python_peak_bytes": python_peak,
        "rss_growth_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline_rss,
    }
    print(json.dumps(report))


# -- the parent -----------------------------------------------------------------------------------------------------


def postgres_admin(url, action):
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: the database name must contain 'bench'")
    with psycopg.connect(urlunparse(parsed._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if action == "recreate":
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def run_child(kind, database_url, *arguments):
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    command = [sys.executable, __file__, "--child", kind, *map(str, arguments)]
    completed = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)  # noqa: S603
    if completed.returncode:
        sys.exit(f"the {kind} step failed ({completed.returncode}):\n{completed.stdout[-2000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def mib(value):
    return value / 1024 / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="ballots, comma-separated")
    parser.add_argument("--backends", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="leave the last PostgreSQL database in place")
    parser.add_argument("--child", choices=["fill", "tally"], help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--consultation-id", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child == "fill":
        return child_fill(options)
    if options.child == "tally":
        return child_tally(options)

    sizes = [int(size.replace("_", "")) for size in options.sizes.split(",") if size.strip()]
    backends = [backend.strip() for backend in options.backends.split(",") if backend.strip()]
    if set(backends) - {"sqlite", "postgres"}:
        sys.exit("--backends: sqlite and/or postgres")
    print(f"machine: {os.cpu_count()} CPUs, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB")
    header = (
        f"{'backend':9} {'ballots':>9} {'answers':>9} {'fill s':>7} {'DB MiB':>7} {'tally s':>8} {'warm s':>7} "
        f"{'freeze s':>8} {'queries':>7} {'py peak MiB':>11} {'RSS +MiB':>8}"
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="aimpact-tally-bench-") as tmp:
        for backend in backends:
            for size in sizes:
                if backend == "sqlite":
                    path = Path(tmp) / f"tally-{size}.sqlite3"
                    url = f"sqlite:///{path}"
                else:
                    url = options.postgres_url
                    postgres_admin(url, "recreate")
                filled = run_child("fill", url, "--size", size, "--seed", options.seed)
                tallied = run_child("tally", url, "--consultation-id", filled["consultation_id"])
                if backend == "sqlite":
                    path.unlink()
                elif not (options.keep and (backend, size) == (backends[-1], sizes[-1])):
                    postgres_admin(url, "drop")
                assert tallied["participants"] == size == tallied["yes_no_total"], tallied
                analyze = f", VACUUM ANALYZE {filled['analyze_s']:.1f} s" if filled["analyze_s"] is not None else ""
                row = (
                    f"{backend:9} {size:>9,} {filled['answers']:>9,} {filled['fill_s']:>7.1f} "
                    f"{mib(filled['db_bytes']):>7.0f} {tallied['first_s']:>8.2f} {tallied['warm_s']:>7.2f} "
                    f"{tallied['freeze_s']:>8.2f} {tallied['queries']:>7} {mib(tallied['python_peak_bytes']):>11.2f} "
                    f"{tallied['rss_growth_kib'] / 1024:>8.1f}"
                )
                rows.append(row)
                print(f"\n{header}\n{row}")
                print(
                    f"  migrate {filled['migrate_s']:.1f} s{analyze}; warm tally: {tallied['warm_cpu_s']:.2f} CPU s in "
                    f"this process (SQLite runs here; PostgreSQL in its server); load average {tallied['load']:.1f}"
                )
                print("  slowest queries of the warm tally:")
                for seconds, sql in tallied["slowest"]:
                    print(f"    {seconds:7.3f} s  {sql}")
                sys.stdout.flush()
    print(f"\nsummary\n{header}")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
