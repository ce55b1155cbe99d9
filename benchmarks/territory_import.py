"""Time the territory import on a synthetic full-size COG: 101 départements, 35,000 communes, EPCI, populations.

    DJANGO_SETTINGS_MODULE=cms.settings.dev .venv/bin/python benchmarks/territory_import.py [--communes 35000]

It never touches the dev database: DATABASE_URL is pointed at a throwaway SQLite file in a temporary directory
(migrated first, deleted at the end) before Django is set up. Three runs are timed: the first import (everything
created), the same import again (nothing changes) and an import of a new population year (every commune updated).
"""

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOM = ("971", "972", "973", "974", "976")


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=35_000)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="aimpact-territory-bench-") as tmp:
        directory = Path(tmp)
        database = directory / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"  # a throwaway database, never the dev one
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
        sys.path.insert(0, str(ROOT))

        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        from cms.models import Territory
        from cms.territories import SHIPPED_DEPARTEMENTS, SHIPPED_REGIONS, FileKind, TerritoryImporter

        assert Path(settings.DATABASES["default"]["NAME"]) == database, "refusing to run on another database"
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"database: {database} (migrated in {time.perf_counter() - started:.1f} s)")

        paths, total = synthetic_files(directory, options.communes, random.Random(42))
        print(f"synthetic COG: {total} communes, {paths['v_commune.csv'].stat().st_size / 1e6:.1f} MB")

        def run(label, population_year):
            importer = TerritoryImporter()
            importer.add(FileKind.REGIONS, SHIPPED_REGIONS).add(FileKind.DEPARTEMENTS, SHIPPED_DEPARTEMENTS)
            importer.add(FileKind.COMMUNES, paths["v_commune.csv"]).add(FileKind.EPCI, paths["epci.csv"])
            importer.add(FileKind.POPULATION, paths["donnees_communes.csv"], year=population_year)
            started = time.perf_counter()
            report = importer.run()
            elapsed = time.perf_counter() - started
            print(f"{label}: {elapsed:.2f} s")
            for line in report.lines():
                print(f"    {line}")
            return elapsed

        run("first import (everything created)", 2021)
        run("same import again (nothing changes)", 2021)
        run("new population year (every commune updated)", 2022)
        assert Territory.objects.communes().count() == total
        assert Territory.objects.communes().filter(population_year=2022).count() == total


if __name__ == "__main__":
    main()
