"""Reading the CSV files that editors import: bytes to text, text to rows, rows to errors named by line.

Every import of the project reads its files through here: the budget lines of a budget page
(`cms/budget_import.py`), the indicator values of a baromètre entry (`barometre/indicator_import.py`) and INSEE's
territories (`cms/territories/`).

* ``decode(data)``: UTF-8 with or without BOM, else Windows-1252 (Excel's « CSV » on Windows). A workbook, a UTF-16
  or binary file, or any other encoding raises ``UndecodableFile``, whose ``reason`` (``WORKBOOK``, ``BINARY``,
  ``ENCODING``) lets an import word the problem its own way; its ``errors`` hold the editors' wording.
* ``sniff_delimiter(header_line)``: « ; », « , » or a tab.
* ``normalize(text)`` compares header names and values without case, accents or punctuation; ``shorten(text)`` keeps
  a quoted cell short in a message.
* ``CsvParser``: an editor's upload with named columns (aliases allowed), at most ``MAX_BYTES`` and ``max_rows``
  rows. A subclass turns each ``CsvRow`` into an object in ``parse_row()``; every problem of every row is collected,
  each naming its line as a spreadsheet numbers it, and raised together as the parser's ``error_class`` (a
  ``CsvImportError``): a file is imported whole or not at all.
"""

import codecs
import csv
import io
import re
import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The largest file an editor may upload (the admin forms read no more than this, plus one byte to know).
MAX_BYTES = 1024 * 1024

WORKBOOK, BINARY, ENCODING = "workbook", "binary", "encoding"
UNDECODABLE_MESSAGES = {
    WORKBOOK: gettext_lazy(
        "Ce fichier est un classeur Excel (.xlsx), pas un fichier CSV. Dans Excel, choisissez "
        "« Enregistrer sous » puis « CSV (séparateur : point-virgule) » ou « CSV UTF-8 »."
    ),
    BINARY: gettext_lazy(
        "Ce fichier contient des caractères nuls : il est encodé en UTF-16 (« Texte Unicode ») ou ce "
        "n'est pas un fichier texte. Enregistrez-le au format « CSV UTF-8 » ou « CSV (séparateur : "
        "point-virgule) »."
    ),
    ENCODING: gettext_lazy("L'encodage du fichier n'est pas reconnu. Enregistrez-le au format « CSV UTF-8 »."),
}

# In the order a tie between them is settled (after the preferred one).
DELIMITERS = (",", ";", "\t")
# Spaces used as thousands separators by French number formats (Excel, LibreOffice, Python's locale).
SPACES = re.compile(r"[\u00a0\u202f\u2009\u2007 ]+")


class CsvImportError(Exception):
    """The file cannot be imported; ``errors`` lists every problem found, in French, for the editor."""

    def __init__(self, errors):
        self.errors = [str(error) for error in errors]
        super().__init__("\n".join(self.errors))


class UndecodableFile(CsvImportError):
    """Not a text file in an encoding we read; ``reason`` is ``WORKBOOK``, ``BINARY`` or ``ENCODING``."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__([UNDECODABLE_MESSAGES[reason]])


def decode(data):
    """The text of the file: UTF-8 (with or without BOM), else Windows-1252; raises ``UndecodableFile``."""
    if data.startswith(b"PK\x03\x04"):  # .xlsx and .ods are zip archives
        raise UndecodableFile(WORKBOOK)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        raise UndecodableFile(BINARY)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UndecodableFile(ENCODING)


def sniff_delimiter(header_line, preferred=";"):
    """The separator the header line holds most of: « ; » (French Excel), « , » or a tab; ``preferred`` on a tie
    with it or when the line holds none."""
    best = max(DELIMITERS, key=lambda delimiter: (header_line.count(delimiter), delimiter == preferred))
    return best if header_line.count(best) else preferred


def normalize(value):
    """Lower case, without accents or punctuation: « Aménagement, urbanisme » -> « amenagement urbanisme »."""
    text = unicodedata.normalize("NFKD", str(value).casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


def shorten(value, limit=60):
    """``value`` cut to ``limit`` characters with an ellipsis, to quote a cell in a message."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


class CsvRow:
    """One row of a file with named columns: its cells by column name, and the errors found in it so far."""

    def __init__(self, number, cells, columns):
        self.number = number  # as a spreadsheet numbers it: the header is row 1 when it is the first line
        self.cells = cells
        self.columns = columns  # column name -> index
        self.errors = []

    def __getitem__(self, column):
        """The stripped cell of ``column``; "" when the file has no such column or the row is short."""
        index = self.columns.get(column)
        return self.cells[index].strip() if index is not None and index < len(self.cells) else ""

    def error(self, column, message, value=""):
        """Record ``message``, formatted with this row's number, ``column`` and ``value`` (shortened)."""
        self.errors.append(message % {"row": self.number, "column": column, "value": shorten(value)})

    def required(self, column):
        """The cell of ``column``; records « la valeur est vide » when it is empty."""
        value = self[column]
        if not value:
            self.error(column, _("Ligne %(row)d, colonne « %(column)s » : la valeur est vide."))
        return value

    def check_length(self, column, limit):
        """Records an error when the cell of ``column`` is longer than ``limit``; returns whether it fits."""
        if len(self[column]) <= limit:
            return True
        self.errors.append(
            _("Ligne %(row)d, colonne « %(column)s » : le texte dépasse %(max)d caractères.")
            % {"row": self.number, "column": column, "max": limit}
        )
        return False

    def check_extra_cells(self, message):
        """Records ``message`` (with ``row`` and ``value``) for each filled cell outside the header's columns."""
        known = set(self.columns.values())
        for index, value in enumerate(self.cells):
            if index not in known and value.strip():
                self.errors.append(message % {"row": self.number, "value": shorten(value.strip())})


class CsvParser:
    """An upload whose first non-blank line names the columns; ``parse(data)`` returns the list of parsed rows.

    Subclasses set the class attributes below and define ``parse_row(row)``, which reads a ``CsvRow``, records its
    errors with ``row.error()`` and returns the parsed object (ignored when the row has errors). ``check(parsed)``
    may return more errors about the rows taken together. Nothing is returned unless no row is wrong.
    """

    error_class = CsvImportError
    column_aliases = {}  # normalize(header cell) -> column name
    required_columns = ()
    header_hint = ""  # after the errors of a wrong header: which columns the first line must name
    max_rows = 0
    too_big_message = ""
    too_many_rows_message = ""  # with %(max)d
    no_rows_message = ""
    extra_cells_message = ""  # with %(row)d and %(value)s

    def parse_row(self, row):
        raise NotImplementedError(f"{type(self).__name__} must say how to read a row: define parse_row(row)")

    def check(self, parsed):
        """Errors of the rows taken together (the same value twice…): none unless a subclass says so."""
        return []

    def parse(self, data):
        if len(data) > MAX_BYTES:
            raise self.error_class([self.too_big_message])
        try:
            text = decode(data)
        except UndecodableFile as error:
            raise self.error_class(error.errors) from error
        if not text.strip():
            raise self.error_class([_("Le fichier est vide.")])

        first_line = next(line for line in text.splitlines() if line.strip())
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
        columns, parsed, errors = None, [], []
        try:
            for number, cells in enumerate(reader, start=1):
                if not any(cell.strip() for cell in cells):
                    continue  # blank rows, including Excel's trailing « ;;; »
                if columns is None:
                    columns = self.read_header(cells)
                    continue
                if len(parsed) + 1 > self.max_rows:
                    raise self.error_class([self.too_many_rows_message % {"max": self.max_rows}])
                row = CsvRow(number, cells, columns)
                row.check_extra_cells(self.extra_cells_message)
                value = self.parse_row(row)
                if row.errors:
                    errors.extend(row.errors)
                else:
                    parsed.append(value)
        except csv.Error as error:
            errors.append(
                _("Ligne %(row)d : le fichier CSV est mal formé (%(detail)s).")
                % {"row": reader.line_num, "detail": error}
            )
        errors.extend(self.check(parsed))
        if errors:
            raise self.error_class(errors)
        if not parsed:
            raise self.error_class([self.no_rows_message])
        return parsed

    def read_header(self, cells):
        """{column: index} from the header cells; raises with every unknown, duplicate or missing column."""
        errors, columns = [], {}
        for index, cell in enumerate(cells):
            name = cell.strip()
            if not name:
                continue  # Excel leaves empty header cells after the last column
            column = self.column_aliases.get(normalize(name))
            if column is None:
                errors.append(_("Colonne inconnue : « %(name)s ».") % {"name": shorten(name)})
            elif column in columns:
                errors.append(_("La colonne « %(column)s » apparaît deux fois.") % {"column": column})
            else:
                columns[column] = index
        for column in self.required_columns:
            if column not in columns:
                errors.append(_("Colonne manquante : « %(column)s ».") % {"column": column})
        if errors:
            errors.append(self.header_hint)
            raise self.error_class(errors)
        return columns
