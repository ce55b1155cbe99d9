"""Reading INSEE's files: each one decoded (with `cms.csv_import`) and parsed into a `Table` of rows by column name.

Nothing here looks at the values; `Errors` collects, for the whole import, every problem as
"<file>, ligne <n> : <message>" (lines as a spreadsheet numbers them: the header is line 1).
"""

import csv
import gzip
import io
import zlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.csv_import import BINARY, ENCODING, WORKBOOK, CsvImportError, UndecodableFile, decode, sniff_delimiter


class FileKind(StrEnum):
    """The files an import reads, in the order they are applied (a file's parents come from the ones before)."""

    REGIONS = "regions"
    DEPARTEMENTS = "departements"
    COLLECTIVITES_OUTRE_MER = "collectivites_outre_mer"  # v_comer_AAAA.csv
    COMMUNES = "communes"
    COMMUNES_OUTRE_MER = "communes_outre_mer"  # v_commune_comer_AAAA.csv
    EPCI = "epci"
    POPULATION = "population"


APPLY_ORDER = list(FileKind)
REQUIRED_COLUMNS = {
    FileKind.REGIONS: ("REG", "LIBELLE"),
    FileKind.DEPARTEMENTS: ("DEP", "REG", "LIBELLE"),
    FileKind.COLLECTIVITES_OUTRE_MER: ("COMER", "LIBELLE"),
    FileKind.COMMUNES: ("TYPECOM", "COM", "DEP", "LIBELLE"),
    FileKind.COMMUNES_OUTRE_MER: ("COM_COMER", "NATURE_ZONAGE", "COMER", "LIBELLE"),
    FileKind.EPCI: ("CODGEO", "EPCI", "LIBEPCI", "DEP"),
    FileKind.POPULATION: ("PMUN",),  # plus COM, or CODCOM with DEP/CODDEP: checked in _apply_population
}
# What `decode` refused, in the words of this import's messages (after the file's name).
UNDECODABLE = {
    WORKBOOK: gettext_lazy("classeur Excel ou OpenDocument (zip) : enregistrez la feuille au format CSV"),
    BINARY: gettext_lazy("fichier binaire ou encodé en UTF-16 (octets nuls) : enregistrez-le au format « CSV UTF-8 »"),
    ENCODING: gettext_lazy("encodage non reconnu : UTF-8 ou Windows-1252 attendu"),
}
# A compressed file (`.gz`, as the project ships the full list of communes) is read up to this size once
# decompressed: the real COG files are 2 to 5 MB.
MAX_DECOMPRESSED_BYTES = 200 * 1024 * 1024


class TerritoryImportError(CsvImportError):
    """Raised when any file or row is wrong; `errors` lists every problem ("<file>, ligne <n> : <message>")."""


class Errors(list):
    """Every problem of an import, each naming its file (and line)."""

    def at(self, file_name, line, message):
        self.append(_("%(file)s, ligne %(line)d : %(message)s") % {"file": file_name, "line": line, "message": message})

    def file(self, file_name, message):
        self.append(_("%(file)s : %(message)s") % {"file": file_name, "message": message})


def _read_bytes(path):
    """The file's bytes, decompressed when its name ends in `.gz`; None when that is over the limit."""
    if path.suffix.lower() != ".gz":
        return path.read_bytes()
    with gzip.open(path, "rb") as file:
        raw = file.read(MAX_DECOMPRESSED_BYTES + 1)
    return raw if len(raw) <= MAX_DECOMPRESSED_BYTES else None


@dataclass
class Table:
    """One file, parsed: its rows as {COLUMN: value}, header names upper-cased."""

    kind: FileKind
    name: str
    columns: set
    rows: list  # (spreadsheet line number, {COLUMN: stripped value})
    year: int | None = None


def read_table(kind, path, errors, *, year=None):
    """Decode and parse one file; None (with errors recorded) when it cannot be read or lacks a column."""
    path = Path(path)
    name = path.name
    try:
        raw = _read_bytes(path)
    except OSError as exc:
        errors.file(name, _("fichier illisible (%(reason)s)") % {"reason": getattr(exc, "strerror", None) or exc})
        return None
    except (EOFError, zlib.error):
        errors.file(name, _("archive gzip tronquée ou corrompue"))
        return None
    if raw is None:
        limit = MAX_DECOMPRESSED_BYTES >> 20
        errors.file(name, _("fichier trop gros une fois décompressé (plus de %(size)d Mo)") % {"size": limit})
        return None
    try:
        text = decode(raw)
    except UndecodableFile as error:
        errors.file(name, UNDECODABLE[error.reason])
        return None
    if not text.strip():
        errors.file(name, _("fichier vide"))
        return None
    header_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(header_line, preferred=","))
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
    return Table(kind, name, set(header), rows, year)
