"""The territory files the project ships (cms/data/territories/): the régions and départements, and the demo's."""

from pathlib import Path

from .codes import Kind
from .files import FileKind
from .importer import TerritoryImporter

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "territories"
SHIPPED_REGIONS = DATA_DIR / "v_region_2024.csv"
SHIPPED_DEPARTEMENTS = DATA_DIR / "v_departement_2024.csv"
DEMO_COMMUNES = DATA_DIR / "demo_communes.csv"
DEMO_EPCI = DATA_DIR / "demo_epci.csv"
DEMO_POPULATION = DATA_DIR / "demo_population.csv"
DEMO_POPULATION_YEAR = 2022


def shipped_importer(*, demo=False):
    """Importer loaded with the files the project ships: the 18 régions and 101 départements, and the demo's
    fictional communes, EPCI and populations when `demo` is true."""
    importer = TerritoryImporter()
    importer.add(FileKind.REGIONS, SHIPPED_REGIONS).add(FileKind.DEPARTEMENTS, SHIPPED_DEPARTEMENTS)
    if demo:
        add_demo_files(importer)
    return importer


def add_demo_files(importer):
    importer.aggregate_kinds = {Kind.EPCI}
    importer.add(FileKind.COMMUNES, DEMO_COMMUNES).add(FileKind.EPCI, DEMO_EPCI)
    importer.add(FileKind.POPULATION, DEMO_POPULATION, year=DEMO_POPULATION_YEAR)
    return importer


def import_shipped_territories(*, demo=False):
    """Load the shipped territories (and the demo's with `demo=True`); idempotent. Returns an ImportReport."""
    return shipped_importer(demo=demo).run()
