"""The territory files the project ships (cms/data/territories/): the régions, départements and collectivités
d'outre-mer, every commune of France (`france/`, converted from `@etalab/decoupage-administratif`), and the demo's."""

from pathlib import Path

from .files import FileKind
from .importer import TerritoryImporter

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "territories"
SHIPPED_REGIONS = DATA_DIR / "v_region_2024.csv"
SHIPPED_DEPARTEMENTS = DATA_DIR / "v_departement_2024.csv"
SHIPPED_COLLECTIVITES = DATA_DIR / "v_comer_2026.csv"
FRANCE_DIR = DATA_DIR / "france"
FRANCE_COMMUNES = FRANCE_DIR / "v_commune_2026.csv.gz"
FRANCE_COMMUNES_OUTRE_MER = FRANCE_DIR / "v_commune_comer_2026.csv"
FRANCE_EPCI = FRANCE_DIR / "epci_composition_2026.csv.gz"
# (file, millésime): Mayotte's populations come from its 2017 census, the others are the populations légales 2023.
FRANCE_POPULATIONS = (
    (FRANCE_DIR / "populations_2023.csv.gz", 2023),
    (FRANCE_DIR / "populations_mayotte_2017.csv", 2017),
)
DEMO_COMMUNES = DATA_DIR / "demo_communes.csv"
DEMO_EPCI = DATA_DIR / "demo_epci.csv"
DEMO_POPULATION = DATA_DIR / "demo_population.csv"
DEMO_POPULATION_YEAR = 2022


def add_reference_files(importer):
    """The 18 régions, 101 départements and 8 collectivités d'outre-mer."""
    importer.add(FileKind.REGIONS, SHIPPED_REGIONS).add(FileKind.DEPARTEMENTS, SHIPPED_DEPARTEMENTS)
    importer.add(FileKind.COLLECTIVITES_OUTRE_MER, SHIPPED_COLLECTIVITES)
    return importer


def add_france_files(importer):
    """Every current commune (34,875 in the départements, 94 overseas), its EPCI and its population."""
    importer.add(FileKind.COMMUNES, FRANCE_COMMUNES).add(FileKind.COMMUNES_OUTRE_MER, FRANCE_COMMUNES_OUTRE_MER)
    importer.add(FileKind.EPCI, FRANCE_EPCI)
    for path, year in FRANCE_POPULATIONS:
        importer.add(FileKind.POPULATION, path, year=year)
    return importer


def add_demo_files(importer):
    importer.add(FileKind.COMMUNES, DEMO_COMMUNES).add(FileKind.EPCI, DEMO_EPCI)
    importer.add(FileKind.POPULATION, DEMO_POPULATION, year=DEMO_POPULATION_YEAR)
    return importer


def shipped_importer(*, demo=False, france=False):
    """Importer loaded with the reference files the project ships, plus every commune of France when `france`
    and the demo's fictional communes, EPCI and populations when `demo` is true."""
    importer = add_reference_files(TerritoryImporter())
    if france:
        add_france_files(importer)
    if demo:
        add_demo_files(importer)
    return importer


def import_shipped_territories(*, demo=False, france=False):
    """Load the shipped territories (and France's communes, the demo's); idempotent. Returns an ImportReport."""
    return shipped_importer(demo=demo, france=france).run()
