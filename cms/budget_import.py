"""Budget CSV import: turn an editor's spreadsheet export into budget lines, saved as a draft revision.

Two steps, kept apart so that the admin view and the management command share them:

* ``parse_budget_csv(data)`` reads the uploaded bytes (with ``cms.csv_import``) and returns ``ParsedLine`` objects,
  or raises ``BudgetImportError`` with every problem found (each naming its row, as a spreadsheet numbers it, and
  its column);
* ``import_budget_lines(page, lines, user)`` replaces the lines of the page's latest draft and saves a new revision,
  in one transaction, without publishing unless asked to.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .csv_import import SPACES, CsvImportError, CsvParser, normalize
from .models.budget import BudgetLine, BudgetNature, BudgetSector, BudgetYearPage

MAX_ROWS = 500
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

_AMOUNT = re.compile(r"(?P<units>\d{1,3}(?: \d{3})+|\d+)(?:[.,](?P<cents>\d{1,2}))?")
_NEGATIVE = re.compile(r"^[-\u2212]\s*\d")
NO_LINES = gettext_lazy("Le fichier ne contient aucune ligne budgétaire, seulement l'en-tête.")


@dataclass(frozen=True)
class ParsedLine:
    row: int  # as the spreadsheet numbers it (the header is row 1 when it is the first line)
    sector: str
    nature: str
    amount: Decimal
    label: str = ""


class BudgetImportError(CsvImportError):
    """The file cannot be imported; ``errors`` lists every problem found, in French, for the editor."""


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


def parse_amount(raw):
    """A Decimal from « 1 234 567,89 € », « 1234567.89 » or « 12,5 »; None when it is not an amount."""
    text = SPACES.sub(" ", raw.replace("€", " ")).strip()
    match = _AMOUNT.fullmatch(text)
    if match is None:
        return None
    units = match["units"].replace(" ", "")
    return Decimal(f"{units}.{match['cents'] or '0'}").quantize(Decimal("0.01"))


class BudgetCsvParser(CsvParser):
    """Rows of « secteur », « nature », « montant » and an optional « détail »."""

    error_class = BudgetImportError
    column_aliases = COLUMN_ALIASES
    required_columns = REQUIRED_COLUMNS
    header_hint = gettext_lazy(
        "La première ligne doit nommer les colonnes « secteur », « nature », « montant » et, si vous le "
        "souhaitez, « détail »."
    )
    max_rows = MAX_ROWS
    too_big_message = gettext_lazy("Le fichier dépasse 1 Mo : ce n'est sans doute pas un budget au format CSV.")
    too_many_rows_message = gettext_lazy(
        "Le fichier contient plus de %(max)d lignes budgétaires : regroupez des lignes ou découpez le budget."
    )
    no_rows_message = NO_LINES
    extra_cells_message = gettext_lazy(
        "Ligne %(row)d : la valeur « %(value)s » est hors des colonnes de l'en-tête (vérifiez le "
        "séparateur, et mettez entre guillemets les montants qui contiennent une virgule)."
    )

    def __init__(self):
        # Built per file: the labels of the active language are accepted too.
        self.sectors = _choice_lookup(BudgetSector)
        self.natures = _choice_lookup(BudgetNature, {"f": BudgetNature.OPERATING, "i": BudgetNature.INVESTMENT})

    def parse_row(self, row):
        """One ``ParsedLine``; its errors are recorded on ``row``."""
        sector = None
        raw = row.required(SECTOR)
        if raw and (sector := self.sectors.get(normalize(raw))) is None:
            row.error(
                SECTOR, _("Ligne %(row)d, colonne « %(column)s » : « %(value)s » n'est pas un secteur connu."), raw
            )

        nature = None
        raw = row.required(NATURE)
        if raw and (nature := self.natures.get(normalize(raw))) is None:
            row.error(
                NATURE,
                _(
                    "Ligne %(row)d, colonne « %(column)s » : « %(value)s » n'est pas une nature connue "
                    "(fonctionnement ou investissement)."
                ),
                raw,
            )

        amount = self._amount(row)
        row.check_length(LABEL, MAX_LABEL_LENGTH)
        return ParsedLine(row=row.number, sector=sector, nature=nature, amount=amount, label=row[LABEL])

    @staticmethod
    def _amount(row):
        raw = row.required(AMOUNT)
        if not raw:
            return None
        if _NEGATIVE.match(raw):
            row.error(
                AMOUNT,
                _("Ligne %(row)d, colonne « %(column)s » : « %(value)s » est négatif ; un montant est positif ou nul."),
                raw,
            )
            return None
        amount = parse_amount(raw)
        if amount is None:
            row.error(AMOUNT, _("Ligne %(row)d, colonne « %(column)s » : « %(value)s » n'est pas un montant."), raw)
        elif amount >= MAX_AMOUNT:
            row.error(AMOUNT, _("Ligne %(row)d, colonne « %(column)s » : « %(value)s » est trop grand."), raw)
        return amount


def parse_budget_csv(data):
    """Parse the uploaded bytes into a list of ``ParsedLine``; raises ``BudgetImportError`` listing every error."""
    return BudgetCsvParser().parse(data)


def import_budget_lines(page, lines, user=None, *, publish=False):
    """Replace the lines of the page's latest draft with ``lines`` and save a new revision (published if asked).

    The base is the latest revision, so unpublished edits made in the admin are kept; the live page does not change
    until the revision is published. Everything happens in one transaction: nothing is written if anything fails.
    Returns the new revision.
    """
    if not lines:
        raise BudgetImportError([NO_LINES])
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
