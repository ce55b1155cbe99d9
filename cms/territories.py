"""Import of INSEE's "Code officiel géographique" (COG): régions, départements, communes, EPCI, populations.

Reads the official files in their own formats (see `cms/data/territories/README.md`)::

    importer = TerritoryImporter()
    importer.add(FileKind.REGIONS, "v_region_2024.csv")
    importer.add(FileKind.COMMUNES, "v_commune_2024.csv")
    importer.add(FileKind.POPULATION, "donnees_communes.csv", year=2021)
    report = importer.run()  # raises TerritoryImportError carrying every error; then nothing is imported

How it works: every file is decoded and parsed first; then, inside one transaction, the whole territory table is
read once into memory, every row is validated and applied to that in-memory copy (parents are looked up there, so
they may come from the database or from the same import), and only if no row is wrong are the differences written
with bulk operations. Files are applied in a fixed order (régions, départements, communes, EPCI, populations)
whatever the order they were given in. Upsert by (kind, code): running the same import twice changes nothing.
Nothing is ever deleted. Finally the population of every EPCI, département and région whose communes all have a
population is set to their sum.
"""

import codecs
import csv
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from django.db import connections, router, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.models import Territory

Kind = Territory.Kind

DATA_DIR = Path(__file__).resolve().parent / "data" / "territories"
SHIPPED_REGIONS = DATA_DIR / "v_region_2024.csv"
SHIPPED_DEPARTEMENTS = DATA_DIR / "v_departement_2024.csv"
DEMO_COMMUNES = DATA_DIR / "demo_communes.csv"
DEMO_EPCI = DATA_DIR / "demo_epci.csv"
DEMO_POPULATION = DATA_DIR / "demo_population.csv"
DEMO_POPULATION_YEAR = 2022

REGION_CODE = re.compile(r"\d{2}")
DEPARTEMENT_CODE = re.compile(r"0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5]|97[1-6]")
COMMUNE_CODE = re.compile(r"\d{5}|2[AB]\d{3}")
EPCI_CODE = re.compile(r"\d{9}")
POPULATION_VALUE = re.compile(r"\d+")
NO_EPCI = "ZZZZZZZZZ"  # INSEE's code for the few island communes that belong to no EPCI
SKIPPED_TYPECOM = ("COMA", "COMD", "ARM")
MIN_YEAR, MAX_YEAR = 1800, 2200
# Arrondissements municipaux of Paris, Lyon and Marseille: never imported as communes, but population files may
# list them; such rows are skipped, not errors.
ARRONDISSEMENT_MUNICIPAL = re.compile(r"751(0[1-9]|1\d|20)|6938[1-9]|132(0[1-9]|1[0-6])")
WHITESPACE = re.compile(r"\s+")

# Words of the error messages: lazy, so that the ~100,000 rows of a full import cost no translation lookup unless
# they are wrong.
REGION_CODE_LABEL = gettext_lazy("code région")
DEPARTEMENT_CODE_LABEL = gettext_lazy("code département")
COMMUNE_CODE_LABEL = gettext_lazy("code commune")
EPCI_CODE_LABEL = gettext_lazy("SIREN d'EPCI")
COMMUNE_LABEL = gettext_lazy("commune")
REGION_SHAPE = gettext_lazy("2 chiffres")
DEPARTEMENT_SHAPE = gettext_lazy("01 à 95, 2A, 2B ou 971 à 976")
COMMUNE_SHAPE = gettext_lazy("5 caractères (ex. 44109, 2A004)")
EPCI_SHAPE = gettext_lazy("9 chiffres")
UNKNOWN_PARENT = {
    Kind.REGION: gettext_lazy("région « %(code)s » inconnue : ni en base ni dans les fichiers importés"),
    Kind.DEPARTEMENT: gettext_lazy("département « %(code)s » inconnu : ni en base ni dans les fichiers importés"),
    Kind.COMMUNE: gettext_lazy("commune « %(code)s » inconnue : ni en base ni dans les fichiers importés"),
}


class FileKind(StrEnum):
    REGIONS = "regions"
    DEPARTEMENTS = "departements"
    COMMUNES = "communes"
    EPCI = "epci"
    POPULATION = "population"


APPLY_ORDER = list(FileKind)
REQUIRED_COLUMNS = {
    FileKind.REGIONS: ("REG", "LIBELLE"),
    FileKind.DEPARTEMENTS: ("DEP", "REG", "LIBELLE"),
    FileKind.COMMUNES: ("TYPECOM", "COM", "DEP", "LIBELLE"),
    FileKind.EPCI: ("CODGEO", "EPCI", "LIBEPCI", "DEP"),
    FileKind.POPULATION: ("PMUN",),  # plus COM, or CODCOM with DEP/CODDEP: checked in _apply_population
}
WRITABLE_FIELDS = ("name", "parent", "epci", "population", "population_year")


class TerritoryImportError(Exception):
    """Raised when any file or row is wrong; `errors` lists every problem ("<file>, ligne <n> : <message>")."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass
class ImportReport:
    """What an import did, per territory kind, plus the rows it skipped on purpose."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    aggregated: int = 0

    @property
    def changed(self):
        return sum(self.created.values()) + sum(self.updated.values())

    def lines(self):
        """Human-readable summary, in French."""
        lines = []
        for kind in (Kind.REGION, Kind.DEPARTEMENT, Kind.EPCI, Kind.COMMUNE):
            counts = (self.created[kind], self.updated[kind], self.unchanged[kind])
            if any(counts):
                lines.append(
                    _("%(kind)s : %(created)d créé(s), %(updated)d mis à jour, %(unchanged)d inchangé(s)")
                    % {"kind": Kind(kind).label, "created": counts[0], "updated": counts[1], "unchanged": counts[2]}
                )
        labels = {
            "COMA": _("communes associées (COMA) ignorées"),
            "COMD": _("communes déléguées (COMD) ignorées"),
            "ARM": _("arrondissements municipaux (ARM) ignorés"),
            NO_EPCI: _("communes sans intercommunalité (ZZZZZZZZZ)"),
            "ARM_POPULATION": _("populations d'arrondissements municipaux ignorées"),
        }
        for key, count in self.skipped.items():
            lines.append(_("%(count)d %(label)s") % {"count": count, "label": labels.get(key, key)})
        if self.aggregated:
            lines.append(
                _("%(count)d population(s) d'EPCI, de département ou de région recalculée(s)")
                % {"count": self.aggregated}
            )
        if not lines:
            lines.append(_("Aucun territoire dans les fichiers importés."))
        return lines


class _Errors(list):
    def at(self, file_name, line, message):
        self.append(_("%(file)s, ligne %(line)d : %(message)s") % {"file": file_name, "line": line, "message": message})

    def file(self, file_name, message):
        self.append(_("%(file)s : %(message)s") % {"file": file_name, "message": message})


@dataclass
class _Table:
    kind: FileKind
    name: str
    columns: set
    rows: list  # (spreadsheet line number, {COLUMN: stripped value})
    year: int | None = None


class _Record:
    """In-memory copy of one territory; `parent` and `epci` are (kind, code) keys."""

    __slots__ = ("pk", "kind", "code", "name", "parent", "epci", "population", "population_year", "original")

    def __init__(self, kind, code, *, pk=None, name="", parent=None, epci=None, population=None, year=None):
        self.pk, self.kind, self.code, self.name = pk, kind, code, name
        self.parent, self.epci, self.population, self.population_year = parent, epci, population, year
        self.original = self.values() if pk is not None else None

    def values(self):
        return (self.name, self.parent, self.epci, self.population, self.population_year)

    def changed_fields(self):
        if self.original is None:
            return ()
        return tuple(f for f, old, new in zip(WRITABLE_FIELDS, self.original, self.values(), strict=True) if old != new)


def decode(raw, file_name, errors):
    """Text of a CSV file: UTF-8 (BOM or not), else Windows-1252; None (and an error) for anything else."""
    if raw.startswith(b"PK\x03\x04"):
        errors.file(file_name, _("classeur Excel ou OpenDocument (zip) : enregistrez la feuille au format CSV"))
        return None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw:
        errors.file(
            file_name,
            _("fichier binaire ou encodé en UTF-16 (octets nuls) : enregistrez-le au format « CSV UTF-8 »"),
        )
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        errors.file(file_name, _("encodage non reconnu : UTF-8 ou Windows-1252 attendu"))
        return None


def sniff_delimiter(header_line):
    """`,`, `;` or tab: whichever the header line holds most of (INSEE uses `,`, its population files `;`)."""
    return max((",", ";", "\t"), key=header_line.count)


def read_table(kind, path, errors, *, year=None):
    """Decode and parse one file; None (with errors recorded) when it cannot be read or lacks a column."""
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        errors.file(name, _("fichier illisible (%(reason)s)") % {"reason": exc.strerror or exc})
        return None
    text = decode(raw, name, errors)
    if text is None:
        return None
    if not text.strip():
        errors.file(name, _("fichier vide"))
        return None
    header_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(header_line))
    header = [column.strip().upper() for column in next(reader)]
    missing = [column for column in REQUIRED_COLUMNS[kind] if column not in header]
    for column in missing:
        errors.at(name, 1, _("colonne obligatoire « %(column)s » absente") % {"column": column})
    if missing:
        return None
    rows = []
    line = 1
    try:
        for line, values in enumerate(reader, start=2):  # one record per spreadsheet row; the header is row 1
            if not any(value.strip() for value in values):
                continue
            if len(values) > len(header):
                errors.at(
                    name,
                    line,
                    _("%(found)d valeurs pour %(expected)d colonnes (séparateur dans une valeur non protégée ?)")
                    % {"found": len(values), "expected": len(header)},
                )
                continue
            row = dict.fromkeys(header, "")
            row.update(zip(header, (value.strip() for value in values), strict=False))
            rows.append((line, row))
    except csv.Error as exc:
        errors.at(name, line + 1, _("CSV mal formé (%(reason)s)") % {"reason": exc})
        return None
    return _Table(kind, name, set(header), rows, year)


def _shape_message(label, code, expected):
    message = _("%(label)s « %(code)s » invalide : %(expected)s attendu") % {
        "label": label,
        "code": code,
        "expected": expected,
    }
    if code.isdigit() and len(code) < 5:
        message += _(" (zéro initial supprimé par un tableur ?)")
    return message


class TerritoryImporter:
    """Collects files with `add()`, then `run()` validates everything and imports all of it or nothing."""

    def __init__(self):
        self.sources = []
        # Which groupings get the sum of their communes' populations. The demo loads a handful of
        # fictional communes into real départements: it sums its EPCI only, never a real département.
        self.aggregate_kinds = {Kind.EPCI, Kind.DEPARTEMENT, Kind.REGION}

    def add(self, kind, path, *, year=None):
        self.sources.append((FileKind(kind), Path(path), year))
        return self

    # -- entry point -------------------------------------------------------------------------------------------

    def run(self):
        self.errors = _Errors()
        self.report = ImportReport()
        tables = []
        self.unreadable = set()  # kinds with a file that could not be read: no parent checks against them
        for kind, path, year in sorted(self.sources, key=lambda source: APPLY_ORDER.index(source[0])):
            if kind is FileKind.POPULATION and not (isinstance(year, int) and MIN_YEAR <= year <= MAX_YEAR):
                self.errors.file(path.name, _("année de population absente ou invalide (%(year)s)") % {"year": year})
                self.unreadable.add(kind)
                continue
            table = read_table(kind, path, self.errors, year=year)
            if table is None:
                self.unreadable.add(kind)
            else:
                tables.append(table)
        self.using = router.db_for_write(Territory)
        with transaction.atomic(using=self.using):
            self._load()
            for table in tables:
                getattr(self, f"_apply_{table.kind}")(table)
            if self.errors:
                raise TerritoryImportError(self.errors)
            self._aggregate_populations()
            self._write()
        return self.report

    # -- in-memory state ---------------------------------------------------------------------------------------

    def _load(self):
        rows = list(
            Territory.objects.using(self.using).values_list(
                "pk", "kind", "code", "name", "parent_id", "epci_id", "population", "population_year"
            )
        )
        keys = {row[0]: (row[1], row[2]) for row in rows}
        self.state = {}
        for pk, kind, code, name, parent_id, epci_id, population, year in rows:
            self.state[(kind, code)] = _Record(
                kind,
                code,
                pk=pk,
                name=name,
                parent=keys.get(parent_id),
                epci=keys.get(epci_id),
                population=population,
                year=year,
            )
        self.touched = set()
        self.attempted = defaultdict(set)  # codes whose own row was wrong: children do not report them again

    def _record(self, kind, code):
        key = (kind, code)
        record = self.state.get(key)
        if record is None:
            record = self.state[key] = _Record(kind, code)
        self.touched.add(key)
        return record

    def _known(self, kind, code, file_kind):
        return (kind, code) in self.state or code in self.attempted[kind] or file_kind in self.unreadable

    # -- row checks ----------------------------------------------------------------------------------------------

    def _check_code(self, table, line, value, pattern, label, expected):
        if pattern.fullmatch(value):
            return True
        if not value:
            self.errors.at(table.name, line, _("%(label)s manquant") % {"label": label})
        else:
            self.errors.at(table.name, line, _shape_message(label, value, expected))
        return False

    def _check_parent(self, table, line, kind, code, file_kind):
        if self._known(kind, code, file_kind):
            return True
        self.errors.at(table.name, line, UNKNOWN_PARENT[kind] % {"code": code})
        return False

    def _check_name(self, table, line, name, column):
        if not name:
            self.errors.at(table.name, line, _("nom (%(column)s) vide") % {"column": column})
            return False
        if len(name) > Territory._meta.get_field("name").max_length:
            self.errors.at(table.name, line, _("nom (%(column)s) trop long") % {"column": column})
            return False
        return True

    def _check_unique(self, table, line, code, seen, label):
        if code in seen:
            self.errors.at(
                table.name,
                line,
                _("%(label)s « %(code)s » en double (déjà ligne %(first)d)")
                % {"label": label, "code": code, "first": seen[code]},
            )
            return False
        seen[code] = line
        return True

    def _region_code(self, table, line, code):
        return self._check_code(table, line, code, REGION_CODE, REGION_CODE_LABEL, REGION_SHAPE)

    def _departement_code(self, table, line, code):
        return self._check_code(table, line, code, DEPARTEMENT_CODE, DEPARTEMENT_CODE_LABEL, DEPARTEMENT_SHAPE)

    def _commune_code(self, table, line, code):
        return self._check_code(table, line, code, COMMUNE_CODE, COMMUNE_CODE_LABEL, COMMUNE_SHAPE)

    # -- files ---------------------------------------------------------------------------------------------------

    def _apply_regions(self, table):
        seen = {}
        for line, row in table.rows:
            code, name = row["REG"], row["LIBELLE"]
            if not self._region_code(table, line, code) or not self._check_unique(
                table, line, code, seen, REGION_CODE_LABEL
            ):
                continue
            self.attempted[Kind.REGION].add(code)
            if self._check_name(table, line, name, "LIBELLE"):
                record = self._record(Kind.REGION, code)
                record.name, record.parent = name, None

    def _apply_departements(self, table):
        seen = {}
        for line, row in table.rows:
            code, region, name = row["DEP"].upper(), row["REG"], row["LIBELLE"]
            if not self._departement_code(table, line, code) or not self._check_unique(
                table, line, code, seen, DEPARTEMENT_CODE_LABEL
            ):
                continue
            self.attempted[Kind.DEPARTEMENT].add(code)
            valid = self._check_name(table, line, name, "LIBELLE")
            if self._region_code(table, line, region):
                valid &= self._check_parent(table, line, Kind.REGION, region, FileKind.REGIONS)
            else:
                valid = False
            if valid:
                record = self._record(Kind.DEPARTEMENT, code)
                record.name, record.parent = name, (Kind.REGION, region)

    def _apply_communes(self, table):
        seen = {}
        for line, row in table.rows:
            typecom = row["TYPECOM"].upper()
            if typecom in SKIPPED_TYPECOM:
                self.report.skipped[typecom] += 1
                continue
            if typecom != "COM":
                self.errors.at(
                    table.name,
                    line,
                    _("type de commune (TYPECOM) « %(value)s » inconnu : COM, COMA, COMD ou ARM attendu")
                    % {"value": typecom},
                )
                continue
            code, departement, name = row["COM"].upper(), row["DEP"].upper(), row["LIBELLE"]
            if not self._commune_code(table, line, code) or not self._check_unique(
                table, line, code, seen, COMMUNE_CODE_LABEL
            ):
                continue
            self.attempted[Kind.COMMUNE].add(code)
            valid = self._check_name(table, line, name, "LIBELLE")
            if not self._departement_code(table, line, departement):
                continue
            if not code.startswith(departement):
                self.errors.at(
                    table.name,
                    line,
                    _("le code commune « %(code)s » n'appartient pas au département « %(dep)s »")
                    % {"code": code, "dep": departement},
                )
                continue
            valid &= self._check_parent(table, line, Kind.DEPARTEMENT, departement, FileKind.DEPARTEMENTS)
            if valid:
                record = self._record(Kind.COMMUNE, code)
                record.name, record.parent = name, (Kind.DEPARTEMENT, departement)

    def _apply_epci(self, table):
        members = {}  # commune code -> line
        groups = {}  # EPCI code -> {"name", "line", "departements": Counter, "communes": []}
        for line, row in table.rows:
            commune, epci, name, departement = row["CODGEO"].upper(), row["EPCI"].upper(), row["LIBEPCI"], row["DEP"]
            departement = departement.upper()
            valid = self._commune_code(table, line, commune)
            if valid:
                valid = self._check_unique(table, line, commune, members, COMMUNE_LABEL) and self._check_parent(
                    table, line, Kind.COMMUNE, commune, FileKind.COMMUNES
                )
            if epci == NO_EPCI:
                if valid:
                    self.report.skipped[NO_EPCI] += 1
                    self._record(Kind.COMMUNE, commune).epci = None
                continue
            if not self._check_code(table, line, epci, EPCI_CODE, EPCI_CODE_LABEL, EPCI_SHAPE):
                continue
            valid &= self._check_name(table, line, name, "LIBEPCI")
            if self._departement_code(table, line, departement):
                valid &= self._check_parent(table, line, Kind.DEPARTEMENT, departement, FileKind.DEPARTEMENTS)
            else:
                valid = False
            group = groups.setdefault(epci, {"name": name, "line": line, "departements": Counter(), "communes": []})
            if name and name != group["name"]:
                self.errors.at(
                    table.name,
                    line,
                    _("nom d'EPCI « %(name)s » différent de celui de la ligne %(first)d (« %(first_name)s »)")
                    % {"name": name, "first": group["line"], "first_name": group["name"]},
                )
                valid = False
            if valid:
                group["departements"][departement] += 1
                group["communes"].append(commune)
        for code, group in groups.items():
            if not group["communes"]:
                continue  # every row of this EPCI was wrong: already reported
            # The file does not give the EPCI's seat: its département is the one most of its communes are in
            # (the first one met on a tie).
            departement = group["departements"].most_common(1)[0][0]
            record = self._record(Kind.EPCI, code)
            record.name, record.parent = group["name"], (Kind.DEPARTEMENT, departement)
            for commune in group["communes"]:
                self._record(Kind.COMMUNE, commune).epci = (Kind.EPCI, code)

    def _apply_population(self, table):
        departement_column = next((c for c in ("DEP", "CODDEP") if c in table.columns), None)
        split_code = "CODCOM" in table.columns and departement_column is not None
        if not split_code and "COM" not in table.columns:
            self.errors.at(
                table.name, 1, _("colonne obligatoire « COM » (ou « CODCOM » avec « DEP » ou « CODDEP ») absente")
            )
            return
        seen = {}
        for line, row in table.rows:
            if split_code:
                if not row[departement_column] or not row["CODCOM"]:
                    missing = departement_column if not row[departement_column] else "CODCOM"
                    self.errors.at(table.name, line, _("%(column)s manquant") % {"column": missing})
                    continue
                code = self._join_commune_code(row[departement_column].upper(), row["CODCOM"])
            else:
                code = row["COM"].upper()
            if not self._commune_code(table, line, code):
                continue
            if ARRONDISSEMENT_MUNICIPAL.fullmatch(code):
                self.report.skipped["ARM_POPULATION"] += 1
                continue
            if not self._check_unique(table, line, code, seen, COMMUNE_CODE_LABEL):
                continue
            valid = self._check_parent(table, line, Kind.COMMUNE, code, FileKind.COMMUNES)
            value = WHITESPACE.sub("", row["PMUN"])  # "18 450" as re-saved by a French spreadsheet
            if not POPULATION_VALUE.fullmatch(value) or int(value) > 2_147_483_647:
                self.errors.at(
                    table.name,
                    line,
                    _("population (PMUN) « %(value)s » invalide : nombre entier positif ou nul attendu")
                    % {"value": row["PMUN"]},
                )
                continue
            if valid:
                record = self._record(Kind.COMMUNE, code)
                record.population, record.population_year = int(value), table.year

    @staticmethod
    def _join_commune_code(departement, codcom):
        """INSEE's population files split the commune code: CODDEP "44" + CODCOM "109" -> "44109".

        Leading zeros a spreadsheet dropped ("1" + "9") are restored ("01009")."""
        if len(departement) == 3:  # overseas: "971" + "05" or "971" + "105" -> "97105"
            if len(codcom) == 3 and codcom[0] == departement[2]:
                return departement[:2] + codcom
            return departement + codcom.zfill(2)
        return departement.zfill(2) + codcom.zfill(3)

    # -- populations of groupings ------------------------------------------------------------------------------

    def _aggregate_populations(self):
        """EPCI, département and région population = sum of their communes', only when every commune has one."""
        members = defaultdict(list)
        for record in self.state.values():
            if record.kind != Kind.COMMUNE:
                continue
            if record.epci:
                members[record.epci].append(record)
            if record.parent:
                members[record.parent].append(record)
                departement = self.state.get(record.parent)
                if departement is not None and departement.parent:
                    members[departement.parent].append(record)
        for key, communes in members.items():
            target = self.state.get(key)
            if (
                target is None
                or target.kind not in self.aggregate_kinds
                or any(commune.population is None for commune in communes)
            ):
                continue
            years = [commune.population_year for commune in communes if commune.population_year]
            total, year = sum(commune.population for commune in communes), max(years, default=None)
            if (target.population, target.population_year) != (total, year):
                target.population, target.population_year = total, year
                self.report.aggregated += 1

    # -- writing -----------------------------------------------------------------------------------------------

    def _write(self):
        pks = {key: record.pk for key, record in self.state.items() if record.pk is not None}
        by_kind = defaultdict(list)
        for record in self.state.values():
            by_kind[record.kind].append(record)
        # Parents first: régions, then départements, then EPCI (parent: département), then communes.
        for kind in (Kind.REGION, Kind.DEPARTEMENT, Kind.EPCI, Kind.COMMUNE):
            new = [record for record in by_kind[kind] if record.pk is None]
            if new:
                objects = Territory.objects.using(self.using).bulk_create(
                    [self._instance(record, pks) for record in new], batch_size=2000
                )
                if any(obj.pk is None for obj in objects):  # backends that do not return primary keys
                    created = dict(Territory.objects.using(self.using).filter(kind=kind).values_list("code", "pk"))
                    for obj in objects:
                        obj.pk = created[obj.code]
                for record, obj in zip(new, objects, strict=True):
                    record.pk = pks[(kind, record.code)] = obj.pk
                self.report.created[kind] += len(new)
        changes = defaultdict(list)  # changed fields -> records: only what changed is written
        for key, record in self.state.items():
            if record.original is None:
                continue
            changed = record.changed_fields()
            if changed:
                changes[changed].append(record)
                self.report.updated[record.kind] += 1
            elif key in self.touched:
                self.report.unchanged[record.kind] += 1
        for fields, records in changes.items():
            self._update(fields, records, pks)

    def _update(self, fields, records, pks):
        """One UPDATE statement run for many rows (executemany).

        QuerySet.bulk_update() builds a CASE WHEN per field and batch, which takes ~20 s for the 35,000 communes of
        a new population year on SQLite; a parametrised UPDATE sent with executemany takes well under a second on
        SQLite and PostgreSQL alike. Only table and column names from the model's metadata go into the SQL text.
        """
        connection = connections[self.using]
        quote = connection.ops.quote_name
        meta = Territory._meta
        columns = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in fields)
        sql = f"UPDATE {quote(meta.db_table)} SET {columns} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
        values = {
            "name": lambda r: r.name,
            "parent": lambda r: pks.get(r.parent),
            "epci": lambda r: pks.get(r.epci),
            "population": lambda r: r.population,
            "population_year": lambda r: r.population_year,
        }
        getters = [values[name] for name in fields]
        with connection.cursor() as cursor:
            cursor.executemany(sql, [[get(r) for get in getters] + [r.pk] for r in records])

    @staticmethod
    def _instance(record, pks):
        return Territory(
            pk=record.pk,
            kind=record.kind,
            code=record.code,
            name=record.name,
            parent_id=pks.get(record.parent),
            epci_id=pks.get(record.epci),
            population=record.population,
            population_year=record.population_year,
        )


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
