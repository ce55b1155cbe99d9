"""Budget CSV import: turn an editor's spreadsheet export into budget lines, saved as a draft revision.

Two steps, kept apart so that the admin view and the management command share them:

* ``parse_budget_csv(data)`` reads the uploaded bytes and returns ``ParsedLine`` objects, or raises
  ``BudgetImportError`` with every problem found (each naming its row, as a spreadsheet numbers it, and its column);
* ``import_budget_lines(page, lines, user)`` replaces the lines of the page's latest draft and saves a new revision,
  in one transaction, without publishing unless asked to.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from .models.budget import BudgetLine, BudgetNature, BudgetSector, BudgetYearPage

MAX_ROWS = 500
MAX_BYTES = 1024 * 1024
MAX_LABEL_LENGTH = BudgetLine._meta.get_field("label").max_length
# max_digits=14, decimal_places=2: twelve digits before the decimal separator.
MAX_AMOUNT = Decimal(10) ** (BudgetLine._meta.get_field("amount").max_digits - 2)

# Column names as they appear in messages and in the template file.
SECTOR, NATURE, AMOUNT, LABEL = "secteur", "nature", "montant", "détail"
REQUIRED_COLUMNS = (SECTOR, NATURE, AMOUNT)
COLUMN_ALIASES = {
    "secteur": SECTOR,
    "nature": NATURE,
    "montant": AMOUNT,
    "montant eur": AMOUNT,
    "montant euros": AMOUNT,
    "montant en euros": AMOUNT,
    "detail": LABEL,
    "libelle": LABEL,
}
DELIMITERS = (";", ",", "\t")

# Spaces used as thousands separators by French number formats (Excel, LibreOffice, Python's locale).
_THIN_SPACES = re.compile(r"[\u00a0\u202f\u2009\u2007 ]+")
_AMOUNT = re.compile(r"(?P<units>\d{1,3}(?: \d{3})+|\d+)(?:[.,](?P<cents>\d{1,2}))?")
_NEGATIVE = re.compile(r"^[-\u2212]\s*\d")


@dataclass(frozen=True)
class ParsedLine:
    row: int  # as the spreadsheet numbers it (the header is row 1 when it is the first line)
    sector: str
    nature: str
    amount: Decimal
    label: str = ""


class BudgetImportError(Exception):
    """The file cannot be imported; ``errors`` lists every problem found, in French, for the editor."""

    def __init__(self, errors):
        self.errors = [str(error) for error in errors]
        super().__init__("\n".join(self.errors))


def normalize(value):
    """Lower case, without accents or punctuation: « Aménagement, urbanisme » -> « amenagement urbanisme »."""
    text = unicodedata.normalize("NFKD", str(value).casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


def _choice_lookup(choices_class, extra=None):
    """normalized value or label -> value, for the French labels and those of the active language."""
    lookup = dict(extra or {})
    labels = [choices_class.choices]
    with translation.override("fr"):
        labels.append([(value, str(label)) for value, label in choices_class.choices])
    for pairs in labels:
        for value, label in pairs:
            lookup[normalize(value)] = value
            lookup[normalize(label)] = value
    return lookup


def _short(value, limit=60):
    return value if len(value) <= limit else value[: limit - 1] + "…"


def parse_amount(raw):
    """A Decimal from « 1 234 567,89 € », « 1234567.89 » or « 12,5 »; None when it is not an amount."""
    text = _THIN_SPACES.sub(" ", raw.replace("€", " ")).strip()
    match = _AMOUNT.fullmatch(text)
    if match is None:
        return None
    units = match["units"].replace(" ", "")
    return Decimal(f"{units}.{match['cents'] or '0'}").quantize(Decimal("0.01"))


def decode(data):
    """The text of the file: UTF-8 (with or without BOM), else Windows-1252 (Excel's « CSV » on Windows)."""
    if data.startswith(b"PK\x03\x04"):
        raise BudgetImportError(
            [
                _(
                    "Ce fichier est un classeur Excel (.xlsx), pas un fichier CSV. Dans Excel, choisissez "
                    "« Enregistrer sous » puis « CSV (séparateur : point-virgule) » ou « CSV UTF-8 »."
                )
            ]
        )
    if b"\x00" in data:
        raise BudgetImportError(
            [
                _(
                    "Ce fichier contient des caractères nuls : il est encodé en UTF-16 (« Texte Unicode ») ou ce "
                    "n'est pas un fichier texte. Enregistrez-le au format « CSV UTF-8 » ou « CSV (séparateur : "
                    "point-virgule) »."
                )
            ]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise BudgetImportError(
            [_("L'encodage du fichier n'est pas reconnu. Enregistrez-le au format « CSV UTF-8 ».")]
        ) from error


def sniff_delimiter(header_line):
    """The separator used in the header: « ; » (French Excel), « , » or a tab; « ; » when in doubt."""
    counts = {delimiter: header_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: (counts[delimiter], delimiter == ";"))
    return best if counts[best] else ";"


def _read_header(cells):
    """{column: index} from the header cells; raises with every unknown, duplicate or missing column."""
    errors = []
    columns = {}
    for index, cell in enumerate(cells):
        name = cell.strip()
        if not name:
            continue  # Excel leaves empty header cells after the last column
        column = COLUMN_ALIASES.get(normalize(name))
        if column is None:
            errors.append(_("Colonne inconnue : « %(name)s ».") % {"name": _short(name)})
        elif column in columns:
            errors.append(_("La colonne « %(column)s » apparaît deux fois.") % {"column": column})
        else:
            columns[column] = index
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            errors.append(_("Colonne manquante : « %(column)s ».") % {"column": column})
    if errors:
        errors.append(
            _(
                "La première ligne doit nommer les colonnes « secteur », « nature », « montant » et, si vous le "
                "souhaitez, « détail »."
            )
        )
        raise BudgetImportError(errors)
    return columns


def parse_budget_csv(data):
    """Parse the uploaded bytes into a list of ``ParsedLine``; raises ``BudgetImportError`` listing every error."""
    if len(data) > MAX_BYTES:
        raise BudgetImportError([_("Le fichier dépasse 1 Mo : ce n'est sans doute pas un budget au format CSV.")])
    text = decode(data)
    if not text.strip():
        raise BudgetImportError([_("Le fichier est vide.")])

    first_line = next(line for line in text.splitlines() if line.strip())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    sectors = _choice_lookup(BudgetSector)
    natures = _choice_lookup(BudgetNature, {"f": BudgetNature.OPERATING, "i": BudgetNature.INVESTMENT})

    columns = None
    lines, errors = [], []
    try:
        for row, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                continue  # blank rows, including Excel's trailing « ;;; »
            if columns is None:
                columns = _read_header(cells)
                continue
            if len(lines) + 1 > MAX_ROWS:
                raise BudgetImportError(
                    [
                        _(
                            "Le fichier contient plus de %(max)d lignes budgétaires : regroupez des lignes ou "
                            "découpez le budget."
                        )
                        % {"max": MAX_ROWS}
                    ]
                )
            line = _parse_row(row, cells, columns, sectors, natures, errors)
            if line is not None:
                lines.append(line)
    except csv.Error as error:
        errors.append(
            _("Ligne %(row)d : le fichier CSV est mal formé (%(detail)s).") % {"row": reader.line_num, "detail": error}
        )
    if errors:
        raise BudgetImportError(errors)
    if not lines:
        raise BudgetImportError([_("Le fichier ne contient aucune ligne budgétaire, seulement l'en-tête.")])
    return lines


def _parse_row(row, cells, columns, sectors, natures, errors):
    """One ``ParsedLine``, or None after appending this row's errors to ``errors``."""
    known = set(columns.values())
    row_errors = []

    def cell(column):
        index = columns.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def error(column, message, value=""):
        row_errors.append(message % {"row": row, "column": column, "value": _short(value)})

    for index, value in enumerate(cells):
        if index not in known and value.strip():
            row_errors.append(
                _(
                    "Ligne %(row)d : la valeur « %(value)s » est hors des colonnes de l'en-tête (vérifiez le "
                    "séparateur, et mettez entre guillemets les montants qui contiennent une virgule)."
                )
                % {"row": row, "value": _short(value.strip())}
            )

    sector = None
    raw = cell(SECTOR)
    if not raw:
        error(SECTOR, _("Ligne %(row)d, colonne « %(column)s » : la valeur est vide."))
    elif (sector := sectors.get(normalize(raw))) is None:
        error(SECTOR, _("Ligne %(row)d, colonne « %(column)s » : « %(value)s » n'est pas un secteur connu."), raw)

    nature = None
    raw = cell(NATURE)
    if not raw:
        error(NATURE, _("Ligne %(row)d, colonne « %(column)s » : la valeur est vide."))
    elif (nature := natures.get(normalize(raw))) is None:
        error(
            NATURE,
            _(
                "Ligne %(row)d, colonne « %(column)s » : « %(value)s » n'est pas une nature connue "
                "(fonctionnement ou investissement)."
            ),
            raw,
        )

    amount = None
    raw = cell(AMOUNT)
    if not raw:
        error(AMOUNT, _("Ligne %(row)d, colonne « %(column)s » : la valeur est vide."))
    elif _NEGATIVE.match(raw):
        error(
            AMOUNT,
            _("Ligne %(row)d, colonne « %(column)s » : « %(value)s » est négatif ; un montant est positif ou nul."),
            raw,
        )
    elif (amount := parse_amount(raw)) is None:
        error(AMOUNT, _("Ligne %(row)d, colonne « %(column)s » : « %(value)s » n'est pas un montant."), raw)
    elif amount >= MAX_AMOUNT:
        error(AMOUNT, _("Ligne %(row)d, colonne « %(column)s » : « %(value)s » est trop grand."), raw)

    label = cell(LABEL)
    if len(label) > MAX_LABEL_LENGTH:
        row_errors.append(
            _("Ligne %(row)d, colonne « %(column)s » : le texte dépasse %(max)d caractères.")
            % {"row": row, "column": LABEL, "max": MAX_LABEL_LENGTH}
        )

    if row_errors:
        errors.extend(row_errors)
        return None
    return ParsedLine(row=row, sector=sector, nature=nature, amount=amount, label=label)


def import_budget_lines(page, lines, user=None, *, publish=False):
    """Replace the lines of the page's latest draft with ``lines`` and save a new revision (published if asked).

    The base is the latest revision, so unpublished edits made in the admin are kept; the live page does not change
    until the revision is published. Everything happens in one transaction: nothing is written if anything fails.
    Returns the new revision.
    """
    if not lines:
        raise BudgetImportError([_("Le fichier ne contient aucune ligne budgétaire, seulement l'en-tête.")])
    with transaction.atomic():
        # Read the page again, locked, so that two imports of the same page run one after the other.
        current = BudgetYearPage.objects.select_for_update().get(pk=page.pk)
        draft = current.get_latest_revision_as_object()
        draft.lines = [
            BudgetLine(sector=line.sector, nature=line.nature, amount=line.amount, label=line.label, sort_order=index)
            for index, line in enumerate(lines)
        ]
        try:
            revision = draft.save_revision(user=user, log_action=True)
        except ValidationError as error:
            raise BudgetImportError(
                [
                    _("La page ne peut pas être enregistrée : %(error)s") % {"error": message}
                    for message in error.messages
                ]
            ) from error
        if publish:
            revision.publish(user=user)
    return revision
