"""Time the territory import at full size: every commune of France as shipped (or a synthetic COG), on SQLite or
PostgreSQL.

    DJANGO_SETTINGS_MODULE=cms.settings.dev .venv/bin/python benchmarks/territory_import.py \
        [--data real|synthetic] [--communes 35000] [--postgres [--database-url postgres://…/aimpact_bench_import]]

`--data real` (the default) imports the files `import_territories --france` reads: the shipped régions,
départements and collectivités d'outre-mer, 34,969 communes (94 overseas), their EPCI and populations, plus the
demo's fictional communes. `--data synthetic` writes a made-up COG of `--communes` communes instead.

It never touches the dev database: DATABASE_URL is pointed at a throwaway SQLite file in a temporary directory, or
with `--postgres` at a scratch PostgreSQL database whose name must contain "bench" (dropped and created again,
dropped at the end). Three runs are timed: the first import (everything created), the same import again (nothing
changes) and an import of a new population year (every commune updated). Next to them, measured in the same run,
the floor: reading and parsing the same files without checking them, and inserting as many bare rows with one
`bulk_create` (rolled back).
"""

import argparse
import csv
import gzip
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOM = ("971", "972", "973", "974", "976")
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/aimpact_bench_import"


def departements():
    with (ROOT / "cms" / "data" / "territories" / "v_departement_2024.csv").open(encoding="utf-8") as file:
        return [(row["DEP"], row["REG"]) for row in csv.DictReader(file)]


def synthetic_files(directory, total, rng):
    """Write v_commune, EPCI composition and donnees_communes files; returns their paths."""
    deps = departements()
    per_dom = 30
    per_metro = -(-(total - per_dom * len(DOM)) // (len(deps) - len(DOM)))
    communes = []  # (code, dep, reg)
    for dep, reg in deps:
        count = per_dom if dep in DOM else per_metro
        numbers = (n for n in range(1, 1000) if dep in DOM or n < 100 or n > 400)  # no arrondissement-like codes
        for number in list(numbers)[:count]:
            if len(communes) == total:
                break
            code = f"{dep}{number:02d}" if dep in DOM else f"{dep}{number:03d}"
            communes.append((code, dep, reg))

    paths = {name: directory / name for name in ("v_commune.csv", "epci.csv", "donnees_communes.csv")}
    with paths["v_commune.csv"].open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(
            ["TYPECOM", "COM", "REG", "DEP", "CTCD", "ARR", "TNCC", "NCC", "NCCENR", "LIBELLE", "CAN", "COMPARENT"]
        )
        for index, (code, dep, reg) in enumerate(communes):
            name = f"Commune synthétique {code}"
            writer.writerow(["COM", code, reg, dep, "", "", "0", name.upper(), name, name, "", ""])
            if index % 17 == 0:  # communes déléguées, as in the real file: skipped by the import
                writer.writerow(["COMD", code, "", "", "", "", "0", "DELEGUEE", "Déléguée", "Déléguée", "", code])

    with paths["epci.csv"].open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["CODGEO", "LIBGEO", "EPCI", "LIBEPCI", "DEP", "REG"])
        siren, previous_dep, size = 200000000, None, 0
        for code, dep, reg in communes:
            if dep != previous_dep or size == 28:
                siren, previous_dep, size = siren + 1, dep, 0
            size += 1
            writer.writerow([code, f"Commune synthétique {code}", siren, f"CC synthétique {siren}", dep, reg])

    with paths["donnees_communes.csv"].open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["CODREG", "REG", "CODDEP", "CODARR", "CODCAN", "CODCOM", "COM", "PMUN", "PCAP", "PTOT"])
        for code, dep, reg in communes:
            codcom = code[2:]  # "44109" -> "109", "97105" -> "105", as INSEE writes them
            writer.writerow([reg, "", dep, "", "", codcom, f"Commune {code}", rng.randint(20, 50_000), "", ""])
    return paths, len(communes)


def synthetic_sources(directory, total):
    from cms.territories import FileKind, add_reference_files

    paths, count = synthetic_files(directory, total, random.Random(42))
    print(f"synthetic COG: {count} communes, {paths['v_commune.csv'].stat().st_size / 1e6:.1f} MB")

    def sources(population_year):
        files = [(FileKind.COMMUNES, paths["v_commune.csv"], None), (FileKind.EPCI, paths["epci.csv"], None)]
        return files + [(FileKind.POPULATION, paths["donnees_communes.csv"], population_year)]

    return add_reference_files, sources, count


def real_sources():
    from cms.territories import FileKind, add_demo_files, add_reference_files
    from cms.territories.shipped import FRANCE_COMMUNES, FRANCE_COMMUNES_OUTRE_MER, FRANCE_EPCI, FRANCE_POPULATIONS

    with gzip.open(FRANCE_COMMUNES, "rt", encoding="utf-8") as file:
        count = sum(1 for _ in file) - 1
    count += sum(1 for _ in FRANCE_COMMUNES_OUTRE_MER.open(encoding="utf-8")) - 1
    size = sum(path.stat().st_size for path in (FRANCE_COMMUNES, FRANCE_COMMUNES_OUTRE_MER, FRANCE_EPCI))
    size += sum(path.stat().st_size for path, _year in FRANCE_POPULATIONS)
    print(f"real data (cms/data/territories/france/): {count} communes, {size / 1e6:.1f} MB compressed")

    def reference(importer):
        return add_demo_files(add_reference_files(importer))

    def sources(population_year):
        files = [
            (FileKind.COMMUNES, FRANCE_COMMUNES, None),
            (FileKind.COMMUNES_OUTRE_MER, FRANCE_COMMUNES_OUTRE_MER, None),
            (FileKind.EPCI, FRANCE_EPCI, None),
        ]
        # A new millésime: the same figures under another year, so that every commune is updated.
        shift = population_year - 2023
        return files + [(FileKind.POPULATION, path, year + shift) for path, year in FRANCE_POPULATIONS]

    return reference, sources, count + 4  # the demo's four fictional communes


def floor(sources, total):
    """Seconds to parse the files without checking a value, and to insert `total` bare rows (rolled back)."""
    from django.db import transaction

    from cms.models import Territory
    from cms.territories.files import Errors, read_table

    started = time.perf_counter()
    for kind, path, year in sources:
        read_table(kind, path, Errors(), year=year)
    parsed = time.perf_counter() - started

    class Rollback(Exception):
        pass

    rows = [
        Territory(kind="commune", code=f"X{n:07d}", name=f"Commune {n}", name_key=f"commune {n}") for n in range(total)
    ]
    started = time.perf_counter()
    try:
        with transaction.atomic():
            Territory.objects.bulk_create(rows, batch_size=2000)
            raise Rollback
    except Rollback:
        pass
    return parsed, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", choices=["real", "synthetic"], default="real")
    parser.add_argument("--communes", type=int, default=35_000, help="with --data synthetic")
    parser.add_argument("--postgres", action="store_true", help="a scratch PostgreSQL database instead of SQLite")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_IMPORT_DATABASE_URL", DEFAULT_POSTGRES_URL))
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="aimpact-territory-bench-") as tmp:
        directory = Path(tmp)
        sys.path.insert(0, str(ROOT))
        if options.postgres:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            import benchlib

            benchlib.recreate_database(options.database_url)
            os.environ["DATABASE_URL"] = options.database_url
        else:
            os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"  # never the dev database
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        from cms.models import Territory
        from cms.territories import TerritoryImporter

        name = settings.DATABASES["default"]["NAME"]
        assert str(name).endswith("bench.sqlite3") or "bench" in str(name), "refusing to run on another database"
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"database: {connection.vendor} {name} (migrated in {time.perf_counter() - started:.1f} s)")

        if options.data == "real":
            reference, sources, total = real_sources()
        else:
            reference, sources, total = synthetic_sources(directory, options.communes)

        parsed, inserted = floor(sources(2023), total)
        print(f"floor: parsing the files {parsed:.2f} s + one bulk_create of {total} bare rows {inserted:.2f} s")
        print(f"       = {parsed + inserted:.2f} s")

        def run(label, population_year):
            importer = reference(TerritoryImporter())
            for kind, path, year in sources(population_year):
                importer.add(kind, path, year=year)
            started = time.perf_counter()
            report = importer.run()
            elapsed = time.perf_counter() - started
            print(f"{label}: {elapsed:.2f} s ({elapsed / (parsed + inserted):.1f} × the floor)")
            for line in report.lines():
                print(f"    {line}")
            return elapsed

        run("first import (everything created)", 2023)
        run("same import again (nothing changes)", 2023)
        run("new population year (every commune updated)", 2024)
        assert Territory.objects.communes().count() == total
        assert Territory.objects.communes().filter(population_year__gte=2018).count() >= total - 10

        if options.postgres:
            connection.close()
            benchlib.recreate_database(options.database_url, drop_only=True)


if __name__ == "__main__":
    main()
