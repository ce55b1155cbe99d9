"""Import of INSEE's "Code officiel géographique" (COG): régions, départements, collectivités d'outre-mer,
communes, EPCI, populations.

Reads the official files in their own formats (see `cms/data/territories/README.md`)::

    importer = TerritoryImporter()
    importer.add(FileKind.REGIONS, "v_region_2024.csv")
    importer.add(FileKind.COMMUNES, "v_commune_2024.csv")
    importer.add(FileKind.POPULATION, "donnees_communes.csv", year=2021)
    report = importer.run()  # raises TerritoryImportError carrying every error; then nothing is imported

How it works: every file is decoded and parsed first; then, inside one transaction, the whole territory table is
read once into memory, every row is validated and applied to that in-memory copy (parents are looked up there, so
they may come from the database or from the same import), and only if no row is wrong are the differences written
with bulk operations (`name_key` computed as `Territory.save()` would). Files are applied in a fixed order
(régions, départements, collectivités d'outre-mer, communes, communes d'outre-mer, EPCI, populations) whatever the
order they were given in. The overseas collectivités that are not départements (975, 977, 978, 984, 986 to 989)
have their own kind and no région; their communes are theirs. Upsert by (kind, code): running the same import
twice changes nothing. Nothing is ever deleted. Finally the population of every EPCI, département, collectivité
d'outre-mer and région whose communes all have a population is set to their sum (the demo's fictional communes
count in their EPCI only).

Where it lives: `files.py` reads the files, `codes.py` says what a valid code is and words the errors,
`importer.py` checks and applies the rows, `state.py` holds the territory table in memory and writes it back,
`report.py` sums up what changed, `shipped.py` names the files the project ships.
"""

from .codes import COMMUNE_CODE, DEPARTEMENT_CODE, EPCI_CODE, REGION_CODE
from .files import FileKind, TerritoryImportError, read_table
from .importer import TerritoryImporter
from .report import ImportReport
from .shipped import (
    DEMO_COMMUNES,
    DEMO_EPCI,
    DEMO_POPULATION,
    DEMO_POPULATION_YEAR,
    SHIPPED_COLLECTIVITES,
    SHIPPED_DEPARTEMENTS,
    SHIPPED_REGIONS,
    add_demo_files,
    add_france_files,
    add_reference_files,
    import_shipped_territories,
    shipped_importer,
)

__all__ = [
    "COMMUNE_CODE",
    "DEMO_COMMUNES",
    "DEMO_EPCI",
    "DEMO_POPULATION",
    "DEMO_POPULATION_YEAR",
    "DEPARTEMENT_CODE",
    "EPCI_CODE",
    "REGION_CODE",
    "SHIPPED_COLLECTIVITES",
    "SHIPPED_DEPARTEMENTS",
    "SHIPPED_REGIONS",
    "FileKind",
    "ImportReport",
    "TerritoryImportError",
    "TerritoryImporter",
    "add_demo_files",
    "add_france_files",
    "add_reference_files",
    "import_shipped_territories",
    "read_table",
    "shipped_importer",
]
