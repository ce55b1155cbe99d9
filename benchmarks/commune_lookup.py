"""Time the commune lookup at the size of France: the old scan of every name against the indexed normalised name.

    .venv/bin/python benchmarks/commune_lookup.py [--file v_commune_2026.csv.gz] [--databases sqlite,postgres]
        [--pg-url postgres://postgres@127.0.0.1:5432/aimpact_bench_lookup] [--runs 40]

The communes come from a COG `v_commune` file (the project's full list of France,
cms/data/territories/france/v_commune_2026.csv.gz, when it is there, or `--file`), else ~35,000 synthetic communes
with French-looking names (thousands of « Saint-… », articles, homonyms; Nantes, Saint-Étienne and Saint-Nazaire
among them). Each database runs in its own process: a throwaway SQLite file, or the PostgreSQL database of
`--pg-url`, dropped and created again (never the dev database), migrated, loaded in bulk, then ANALYZEd.

For every case the same text is looked up `--runs` times by:
- the old algorithm (copied below from cms/accounts/communes.py before the index: a case-insensitive exact name, then
  a scan of every commune's name normalised in Python): the reference, measured in the same run;
- `resolve_commune()` (the forms: sign-up, profile, the network's filters), on the indexed `name_key`;
- `suggest_communes()` (the autocomplete API and its page without JavaScript).
Median and 95th percentile in milliseconds.
"""

import argparse
import csv
import gzip
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_FILE = ROOT / "cms" / "data" / "territories" / "france" / "v_commune_2026.csv.gz"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/aimpact_bench_lookup"
CASES = [  # (what, typed)
    ("exact name", "Nantes"),
    ("« saint-etienne »", "saint-etienne"),
    ("« St Nazaire »", "St Nazaire"),
    ("homonyms « saint denis »", "saint denis"),
    ("prefix « saint-jean-de »", "saint-jean-de"),
    ("typo « sant-nazair »", "sant-nazair"),
    ("word inside « nazaire »", "nazaire"),
    ("INSEE code", "44109"),
    ("unknown", "Villeneuve-les-Pommiers"),
]


# -- the old algorithm (the reference) --------------------------------------------------------------------------------

LEADING_ARTICLE = re.compile(r"^(le|la|les|l) ")
ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def old_commune_key(name):
    text = unicodedata.normalize("NFKD", str(name).casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = re.sub(r"[^0-9a-z]+", " ", text).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def old_commune_keys(name):
    key = old_commune_key(name)
    return {key, LEADING_ARTICLE.sub("", key)}


def old_lookup(text):
    """The lookup of cms/accounts/communes.py before the index (an INSEE code, else a name)."""
    from cms.models import Territory
    from cms.territories import COMMUNE_CODE

    communes = Territory.objects.communes().select_related("parent")
    if COMMUNE_CODE.fullmatch(text.upper()):
        return list(communes.filter(code=text.upper()))
    exact = list(communes.filter(name__iexact=text))
    if exact:
        return exact
    wanted = old_commune_key(text)
    if not wanted:
        return []
    names = communes.values_list("pk", "name").iterator()
    matching = [pk for pk, candidate in names if wanted in old_commune_keys(candidate)]
    return list(communes.filter(pk__in=matching))


# -- the communes -----------------------------------------------------------------------------------------------------

SAINTS = [
    "Jean",
    "Martin",
    "Pierre",
    "Germain",
    "Laurent",
    "Georges",
    "André",
    "Julien",
    "Denis",
    "Hilaire",
    "Aubin",
    "Michel",
    "Étienne",
    "Vincent",
    "Paul",
    "Maurice",
    "Sulpice",
    "Cyr",
    "Genès",
    "Médard",
    "Rémy",
    "Lô",
    "Sauveur",
    "Loup",
    "Amand",
    "Brice",
    "Ouen",
    "Symphorien",
    "Nicolas",
    "Christophe",
    "Léger",
    "Marcel",
    "Jacques",
    "Just",
    "Privat",
    "Saturnin",
    "Romain",
    "Sébastien",
    "Avit",
    "Gervais",
    "Benoît",
    "Lambert",
    "Clément",
    "Vivien",
]
SAINTES = [
    "Marie",
    "Anne",
    "Croix",
    "Colombe",
    "Foy",
    "Marguerite",
    "Radegonde",
    "Gemme",
    "Hélène",
    "Catherine",
    "Cécile",
    "Eulalie",
    "Reine",
]
BASES = [
    "Villeneuve",
    "Beaumont",
    "Montreuil",
    "Châteauneuf",
    "Fontaine",
    "Chapelle",
    "Roche",
    "Rivière",
    "Bois",
    "Mesnil",
    "Plessis",
    "Neuville",
    "Villiers",
    "Boissy",
    "Montigny",
    "Bourg",
    "Moulin",
    "Pont",
    "Port",
    "Val",
    "Vaux",
    "Mont",
    "Champ",
    "Breuil",
    "Thil",
    "Vernet",
    "Aunay",
    "Longueville",
    "Bellevue",
    "Charmes",
    "Épinay",
    "Lanoux",
    "Peyrac",
    "Cazals",
    "Ormes",
    "Essarts",
    "Loges",
    "Granges",
    "Aubiers",
    "Authieux",
    "Ventes",
    "Touches",
]
ARTICLES = {"Chapelle": "La ", "Roche": "La ", "Rivière": "La ", "Ormes": "Les ", "Essarts": "Les ", "Loges": "Les "}
SUFFIXES = [
    "-sur-Loire",
    "-sur-Seine",
    "-sur-Marne",
    "-en-Bresse",
    "-le-Vieux",
    "-la-Forêt",
    "-de-Bretagne",
    "-du-Bois",
    "-aux-Prés",
    "-sur-Mer",
    "-en-Vexin",
    "-lès-Nancy",
    "-d'Azergues",
    "-de-Mons",
    "-le-Château",
    "-sous-Bois",
    "-la-Rivière",
    "-l'Orgueilleux",
    "-de-Vitré",
    "-en-Coglès",
    "-des-Champs",
    "-sur-Vienne",
    "-le-Grand",
    "-le-Petit",
]
DEPARTEMENTS = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", "971", "972", "973", "974", "976"]


def synthetic_communes(total, rng):
    """(code, département code, name): French-looking names, about one in nine a « Saint(e)-… », many homonyms."""
    names = []
    while len(names) < total:
        roll = rng.random()
        if roll < 0.09:
            name = f"Saint-{rng.choice(SAINTS)}"
        elif roll < 0.11:
            name = f"Sainte-{rng.choice(SAINTES)}"
        else:
            base = rng.choice(BASES)
            name = ARTICLES.get(base, "") + base
        if rng.random() < 0.7:
            name += rng.choice(SUFFIXES)
        if rng.random() < 0.25:
            name += f"-{rng.choice(BASES)}"
        names.append(name)
    per_dep = -(-total // len(DEPARTEMENTS))
    communes = []
    for index, name in enumerate(names):
        dep = DEPARTEMENTS[index // per_dep]
        number = index % per_dep + 1
        communes.append((f"{dep}{number:03d}" if len(dep) == 2 else f"{dep}{number % 100:02d}", dep, name))
    communes = {code: (code, dep, name) for code, dep, name in communes}  # overseas codes may repeat: drop them
    for code, dep, name in (
        ("44109", "44", "Nantes"),
        ("42218", "42", "Saint-Étienne"),
        ("44184", "44", "Saint-Nazaire"),
    ):
        communes[code] = (code, dep, name)
    return list(communes.values())


def _rows(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as file:
        yield from csv.DictReader(file)


def file_communes(path):
    return [(row["COM"], row["DEP"], row["LIBELLE"]) for row in _rows(path) if row["TYPECOM"] == "COM"]


def file_populations(path):
    """{code: population} from a `COM,PMUN` file next to the communes' (the shipped populations_2023.csv.gz)."""
    populations = {}
    for candidate in sorted(Path(path).parent.glob("populations_*.csv*")):
        for row in _rows(candidate):
            if (row.get("PMUN") or "").isdigit():
                populations[row["COM"]] = int(row["PMUN"])
    return populations


def load(communes, populations, rng):
    from django.db import connection

    from cms.models import Territory
    from cms.territories.names import name_key

    departements = {
        code: Territory(kind=Territory.Kind.DEPARTEMENT, code=code, name=f"Département {code}", name_key=code)
        for code in sorted({dep for _code, dep, _name in communes if dep})
    }
    Territory.objects.bulk_create(departements.values())
    departements = {t.code: t for t in Territory.objects.departements()}
    Territory.objects.bulk_create(
        (
            Territory(
                kind=Territory.Kind.COMMUNE,
                code=code,
                name=name,
                name_key=name_key(name),
                parent=departements.get(dep),
                population=populations.get(code) or int(rng.paretovariate(1.2) * 150),
            )
            for code, dep, name in communes
        ),
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# -- timing -----------------------------------------------------------------------------------------------------------


def timed(function, text, runs):
    function(text)  # warm: the first query of a kind pays for its plan and the cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function(text)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median": statistics.median(times), "p95": times[min(len(times) - 1, int(len(times) * 0.95))]}


def worker(options):
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log: it would weigh on every lookup
    from django.core.exceptions import ValidationError
    from django.core.management import call_command
    from django.db import connection

    from cms.accounts.communes import communes_named, resolve_commune, suggest_communes
    from cms.models import Territory
    from cms.territories import COMMUNE_CODE

    def new_found(text):
        if COMMUNE_CODE.fullmatch(text.upper()):
            return list(Territory.objects.communes().filter(code=text.upper()))
        return communes_named(text)

    call_command("migrate", verbosity=0)
    rng = random.Random(13)
    if options.file:
        communes, source = file_communes(options.file), Path(options.file).name
        populations = file_populations(options.file)
    else:
        communes, source, populations = synthetic_communes(options.communes, rng), "synthetic", {}
    start = time.perf_counter()
    load(communes, populations, rng)
    loaded = time.perf_counter() - start

    def resolve(text):
        try:
            return resolve_commune(text)
        except ValidationError:
            return None

    rows = []
    for what, text in CASES:
        old = timed(old_lookup, text, options.runs)
        new = timed(resolve, text, options.runs)
        suggested = timed(suggest_communes, text, options.runs)
        rows.append(
            {
                "case": what,
                "old": old,
                "new": new,
                "suggest": suggested,
                # The same communes as the old algorithm (before resolve_commune's « one, none or several »).
                "same": {c.code for c in old_lookup(text)} == {c.code for c in new_found(text)},
                "found": len(new_found(text)),
                "suggestions": [c.name for c in suggest_communes(text, limit=3)],
            }
        )
    print(
        json.dumps(
            {"vendor": connection.vendor, "communes": len(communes), "source": source, "load_s": loaded, "rows": rows}
        )
    )


def report(result):
    size = f"{result['communes']:,} communes ({result['source']})"
    print(f"\n{result['vendor']}: {size}, loaded in {result['load_s']:.1f} s")
    print(
        f"{'case':<30} {'old scan (ref.)':>18} {'resolve_commune':>18} {'speed-up':>9} {'found, same':>12}"
        f" {'suggest_communes':>18}"
    )
    print(
        f"{'':<30} {'median / p95 ms':>18} {'median / p95 ms':>18} {'(median)':>9} {'as old':>12}"
        f" {'median / p95 ms':>18}"
    )
    for row in result["rows"]:
        old, new, suggested = row["old"], row["new"], row["suggest"]
        print(
            f"{row['case']:<30} {old['median']:>8.2f} / {old['p95']:>7.2f} {new['median']:>8.2f} / {new['p95']:>7.2f}"
            f" {old['median'] / max(new['median'], 1e-6):>8.0f}× {row['found']:>5}, {'yes' if row['same'] else 'NO':>4}"
            f" {suggested['median']:>8.2f} / {suggested['p95']:>7.2f}"
            f"   → {', '.join(row['suggestions'])}"
        )


def reset_postgres(url):
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not name.startswith("aimpact_bench"):
        raise SystemExit(f"Refusing to drop {name!r}: the benchmark's database name starts with aimpact_bench.")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(SHIPPED_FILE) if SHIPPED_FILE.exists() else "")
    parser.add_argument("--communes", type=int, default=35_000, help="synthetic communes, without --file")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        return worker(options)

    for database in options.databases.split(","):
        with tempfile.TemporaryDirectory(prefix="aimpact-commune-bench-") as tmp:
            if database == "postgres":
                reset_postgres(options.pg_url)
                url = options.pg_url
            else:
                url = f"sqlite:///{tmp}/bench.sqlite3"
            environment = {
                **os.environ,
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
                "PYTHONPATH": str(ROOT),
            }
            arguments = [sys.executable, __file__, "--worker", "--runs", str(options.runs)]
            arguments += (
                ["--file", options.file] if options.file else ["--communes", str(options.communes), "--file", ""]
            )
            # This very script, with the arguments it was given: nothing from elsewhere.
            output = subprocess.run(  # noqa: S603
                arguments, env=environment, check=True, capture_output=True, text=True, cwd=ROOT
            )
            report(json.loads(output.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
