"""The territory import itself: files in a fixed order, every row checked and applied to the in-memory table.

`TerritoryImporter` collects files with `add()`; `run()` reads them (`files.py`), then in one transaction loads the
territory table (`state.py`), applies every row of every file, and raises `TerritoryImportError` with every problem
found, or sums the populations of groupings and writes the differences.
"""

from collections import Counter, defaultdict
from pathlib import Path

from django.db import router, transaction
from django.utils.translation import gettext as _

from cms.models import Territory

from .codes import (
    ARRONDISSEMENT_MUNICIPAL,
    COMMUNE_CODE,
    COMMUNE_CODE_LABEL,
    COMMUNE_LABEL,
    COMMUNE_SHAPE,
    DEPARTEMENT_CODE,
    DEPARTEMENT_CODE_LABEL,
    DEPARTEMENT_SHAPE,
    EPCI_CODE,
    EPCI_CODE_LABEL,
    EPCI_SHAPE,
    FICTIONAL_COMMUNE,
    MAX_YEAR,
    MIN_YEAR,
    NATURES_ZONAGE,
    NO_EPCI,
    OUTRE_MER_CODE,
    OUTRE_MER_CODE_LABEL,
    OUTRE_MER_SHAPE,
    PARENT_SHAPE,
    POPULATION_VALUE,
    REGION_CODE,
    REGION_CODE_LABEL,
    REGION_SHAPE,
    SKIPPED_TYPECOM,
    UNKNOWN_PARENT,
    WHITESPACE,
    Kind,
    shape_message,
)
from .files import APPLY_ORDER, Errors, FileKind, TerritoryImportError, read_table
from .report import ImportReport
from .state import TerritoryState


class TerritoryImporter:
    """Collects files with `add()`, then `run()` validates everything and imports all of it or nothing."""

    def __init__(self):
        self.sources = []
        # Which groupings get the sum of their communes' populations (the demo's fictional communes count in
        # their EPCI only: `FICTIONAL_COMMUNE`).
        self.aggregate_kinds = {Kind.EPCI, Kind.DEPARTEMENT, Kind.REGION, Kind.COLLECTIVITE_OUTRE_MER}

    def add(self, kind, path, *, year=None):
        self.sources.append((FileKind(kind), Path(path), year))
        return self

    # -- entry point -------------------------------------------------------------------------------------------

    def run(self):
        self.errors = Errors()
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
            self.territories = TerritoryState(self.using)
            self.attempted = defaultdict(set)  # codes whose own row was wrong: children do not report them again
            for table in tables:
                getattr(self, f"_apply_{table.kind}")(table)
            if self.errors:
                raise TerritoryImportError(self.errors)
            self.report.aggregated += self.territories.aggregate_populations(self.aggregate_kinds, FICTIONAL_COMMUNE)
            self.territories.write(self.report)
        return self.report

    def _known(self, kind, code, file_kind):
        return self.territories.has(kind, code) or code in self.attempted[kind] or file_kind in self.unreadable

    # -- row checks ----------------------------------------------------------------------------------------------

    def _check_code(self, table, line, value, pattern, label, expected, *, width=None, departement=False):
        if pattern.fullmatch(value):
            return True
        if not value:
            self.errors.at(table.name, line, _("%(label)s manquant") % {"label": label})
        else:
            message = shape_message(label, value, expected, width=width, pattern=pattern, departement=departement)
            self.errors.at(table.name, line, message)
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
        return self._check_code(table, line, code, REGION_CODE, REGION_CODE_LABEL, REGION_SHAPE, width=2)

    def _departement_code(self, table, line, code):
        return self._check_code(
            table, line, code, DEPARTEMENT_CODE, DEPARTEMENT_CODE_LABEL, DEPARTEMENT_SHAPE, width=2, departement=True
        )

    def _outre_mer_code(self, table, line, code):
        return self._check_code(table, line, code, OUTRE_MER_CODE, OUTRE_MER_CODE_LABEL, OUTRE_MER_SHAPE)

    def _commune_code(self, table, line, code):
        return self._check_code(table, line, code, COMMUNE_CODE, COMMUNE_CODE_LABEL, COMMUNE_SHAPE, width=5)

    def _commune_parent(self, table, line, code):
        """The (kind, code) a commune's DEP names: a département, or an overseas collectivité (975, 977, 978,
        984, 986 to 989) as files converted to the v_commune format write them; None, reported, when invalid."""
        if OUTRE_MER_CODE.fullmatch(code):
            return (Kind.COLLECTIVITE_OUTRE_MER, code)
        if self._check_code(table, line, code, DEPARTEMENT_CODE, DEPARTEMENT_CODE_LABEL, PARENT_SHAPE, width=2):
            return (Kind.DEPARTEMENT, code)
        return None

    def _check_parent_key(self, table, line, key):
        kind, code = key
        file_kind = FileKind.DEPARTEMENTS if kind == Kind.DEPARTEMENT else FileKind.COLLECTIVITES_OUTRE_MER
        return self._check_parent(table, line, kind, code, file_kind)

    # -- files ---------------------------------------------------------------------------------------------------

    def _apply_regions(self, table):
        seen = {}
        for line, row in table.rows:
            code, name = row["REG"], row["LIBELLE"]
            if OUTRE_MER_CODE.fullmatch(code):
                # Files converted from sources that list the collectivités d'outre-mer as régions: they are
                # imported from the v_comer (or départements) file, never as régions.
                self.report.skipped["REGION_OUTRE_MER"] += 1
                continue
            if not self._region_code(table, line, code) or not self._check_unique(
                table, line, code, seen, REGION_CODE_LABEL
            ):
                continue
            self.attempted[Kind.REGION].add(code)
            if self._check_name(table, line, name, "LIBELLE"):
                record = self.territories.record(Kind.REGION, code)
                record.name, record.parent = name, None

    def _apply_departements(self, table):
        seen = {}
        for line, row in table.rows:
            code, region, name = row["DEP"].upper(), row["REG"], row["LIBELLE"]
            if OUTRE_MER_CODE.fullmatch(code):
                # A converted file may list the collectivités d'outre-mer with the départements: each one is
                # imported as what it is, with no région.
                self._apply_collectivite(table, line, code, name, seen)
                continue
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
                record = self.territories.record(Kind.DEPARTEMENT, code)
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
            parent = self._commune_parent(table, line, departement)
            if parent is None or not self._check_commune_in(table, line, code, parent):
                continue
            valid &= self._check_parent_key(table, line, parent)
            if valid:
                record = self.territories.record(Kind.COMMUNE, code)
                record.name, record.parent = name, parent

    def _check_commune_in(self, table, line, code, parent):
        if code.startswith(parent[1]):
            return True
        if parent[0] == Kind.DEPARTEMENT:
            message = _("le code commune « %(code)s » n'appartient pas au département « %(dep)s »")
        else:
            message = _("le code commune « %(code)s » n'appartient pas à la collectivité d'outre-mer « %(dep)s »")
        self.errors.at(table.name, line, message % {"code": code, "dep": parent[1]})
        return False

    def _apply_collectivites_outre_mer(self, table):
        """v_comer_AAAA.csv: the overseas collectivités that are not départements (no région above them)."""
        seen = {}
        for line, row in table.rows:
            if self._outre_mer_code(table, line, row["COMER"]):
                self._apply_collectivite(table, line, row["COMER"], row["LIBELLE"], seen)

    def _apply_collectivite(self, table, line, code, name, seen):
        if not self._check_unique(table, line, code, seen, OUTRE_MER_CODE_LABEL):
            return
        self.attempted[Kind.COLLECTIVITE_OUTRE_MER].add(code)
        if self._check_name(table, line, name, "LIBELLE"):
            record = self.territories.record(Kind.COLLECTIVITE_OUTRE_MER, code)
            record.name, record.parent = name, None

    def _apply_communes_outre_mer(self, table):
        """v_commune_comer_AAAA.csv: the communes, districts and circonscriptions of those collectivités."""
        seen = {}
        for line, row in table.rows:
            code, collectivite, name = row["COM_COMER"].upper(), row["COMER"], row["LIBELLE"]
            nature = row["NATURE_ZONAGE"].upper()
            if not self._commune_code(table, line, code) or not self._check_unique(
                table, line, code, seen, COMMUNE_CODE_LABEL
            ):
                continue
            self.attempted[Kind.COMMUNE].add(code)
            valid = self._check_name(table, line, name, "LIBELLE")
            if nature not in NATURES_ZONAGE:
                self.errors.at(
                    table.name,
                    line,
                    _("nature de zonage (NATURE_ZONAGE) « %(value)s » inconnue : COM, DIS, CIR ou CPT attendu")
                    % {"value": nature},
                )
                valid = False
            if not self._outre_mer_code(table, line, collectivite):
                continue
            parent = (Kind.COLLECTIVITE_OUTRE_MER, collectivite)
            if not self._check_commune_in(table, line, code, parent):
                continue
            valid &= self._check_parent_key(table, line, parent)
            if valid:
                record = self.territories.record(Kind.COMMUNE, code)
                record.name, record.parent = name, parent

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
                    self.territories.record(Kind.COMMUNE, commune).epci = None
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
            record = self.territories.record(Kind.EPCI, code)
            record.name, record.parent = group["name"], (Kind.DEPARTEMENT, departement)
            for commune in group["communes"]:
                self.territories.record(Kind.COMMUNE, commune).epci = (Kind.EPCI, code)

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
                record = self.territories.record(Kind.COMMUNE, code)
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
