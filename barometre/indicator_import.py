"""Indicator CSV import: an editor's spreadsheet of dated values, added to an entry's indicators.

The same two steps as the budget import (cms/budget_import.py), shared by the admin view and the command:

* ``parse_indicator_csv(data)`` reads the uploaded bytes (with ``cms.csv_import``) and returns ``ParsedValue``
  rows, or raises ``IndicatorImportError`` with every problem found, each naming its row (as a spreadsheet numbers
  it) and column;
* ``import_indicator_values(entry, rows)`` creates the indicators the file names and are missing, then adds or
  replaces their values, in one transaction: if anything is wrong, nothing is written.

Columns: « indicateur », « date », « valeur » and, optional, « unité », « cible », « source », « remarque ».
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.csv_import import SPACES, CsvImportError, CsvParser, shorten

from .models import Indicator, IndicatorValue

MAX_ROWS = 5000
MAX_NAME = Indicator._meta.get_field("name").max_length
MAX_UNIT = Indicator._meta.get_field("unit").max_length
MAX_SOURCE = Indicator._meta.get_field("source").max_length
MAX_NOTE = IndicatorValue._meta.get_field("note").max_length
MAX_NUMBER = Decimal(10) ** 14  # max_digits=18, decimal_places=4

NAME, DATE, VALUE, UNIT, TARGET, SOURCE, NOTE = "indicateur", "date", "valeur", "unité", "cible", "source", "remarque"
REQUIRED_COLUMNS = (NAME, DATE, VALUE)
COLUMN_ALIASES = {
    "indicateur": NAME,
    "nom": NAME,
    "indicator": NAME,
    "date": DATE,
    "valeur": VALUE,
    "value": VALUE,
    "unite": UNIT,
    "unit": UNIT,
    "cible": TARGET,
    "objectif": TARGET,
    "target": TARGET,
    "source": SOURCE,
    "remarque": NOTE,
    "note": NOTE,
}

_NUMBER = re.compile(r"(?P<sign>[-\u2212+]?)(?P<units>\d{1,3}(?: \d{3})+|\d+)(?:[.,](?P<decimals>\d{1,4}))?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_FRENCH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_MONTH = re.compile(r"(\d{1,2})/(\d{4})")
_YEAR = re.compile(r"\d{4}")
NO_VALUES = gettext_lazy("Le fichier ne contient aucune valeur, seulement l'en-tête.")
NOT_A_NUMBER = gettext_lazy("Ligne %(row)d, colonne « %(column)s » : « %(value)s » n'est pas un nombre.")


class IndicatorImportError(CsvImportError):
    """The file cannot be imported; ``errors`` lists every problem found, in French, for the editor."""


@dataclass(frozen=True)
class ParsedValue:
    row: int
    name: str
    date: datetime.date
    value: Decimal
    unit: str = ""
    target: Decimal | None = None
    source: str = ""
    note: str = ""


@dataclass
class ImportReport:
    created_indicators: list
    created_values: int
    updated_values: int


def parse_number(raw):
    """A Decimal from « 1 234,5 », « -3.25 », « 12,5 % » or « 1 200 € »; None when it is not a number."""
    text = SPACES.sub(" ", raw.replace("%", " ").replace("€", " ")).strip()
    match = _NUMBER.fullmatch(text)
    if match is None:
        return None
    sign = "-" if match["sign"] in ("-", "\u2212") else ""
    try:
        return Decimal(f"{sign}{match['units'].replace(' ', '')}.{match['decimals'] or '0'}")
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return None


def parse_date(raw):
    """A date from « 2026-03-31 », « 31/03/2026 », « 03/2026 » (first of the month) or « 2026 » (1 January)."""
    text = raw.strip()
    try:
        if match := _ISO.fullmatch(text):
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _FRENCH.fullmatch(text):
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
        if match := _MONTH.fullmatch(text):
            return datetime.date(int(match[2]), int(match[1]), 1)
        if _YEAR.fullmatch(text):
            return datetime.date(int(text), 1, 1)
    except ValueError:
        return None
    return None


class IndicatorCsvParser(CsvParser):
    """Rows of « indicateur », « date », « valeur » and optional « unité », « cible », « source », « remarque »."""

    error_class = IndicatorImportError
    column_aliases = COLUMN_ALIASES
    required_columns = REQUIRED_COLUMNS
    header_hint = gettext_lazy(
        "La première ligne doit nommer les colonnes « indicateur », « date », « valeur » et, si vous le "
        "souhaitez, « unité », « cible », « source », « remarque »."
    )
    max_rows = MAX_ROWS
    too_big_message = gettext_lazy("Le fichier dépasse 1 Mo : découpez-le en plusieurs fichiers.")
    too_many_rows_message = gettext_lazy("Le fichier contient plus de %(max)d valeurs : découpez-le.")
    no_rows_message = NO_VALUES
    extra_cells_message = gettext_lazy(
        "Ligne %(row)d : la valeur « %(value)s » est hors des colonnes de l'en-tête (vérifiez le "
        "séparateur, et mettez entre guillemets les nombres qui contiennent une virgule)."
    )

    def parse_row(self, row):
        """One ``ParsedValue``; its errors are recorded on ``row``."""
        if row.required(NAME):
            row.check_length(NAME, MAX_NAME)

        date = None
        raw = row.required(DATE)
        if raw and (date := parse_date(raw)) is None:
            row.error(
                DATE,
                _(
                    "Ligne %(row)d, colonne « %(column)s » : « %(value)s » n'est pas une date (écrivez par exemple "
                    "31/03/2026, 2026-03-31, 03/2026 ou 2026)."
                ),
                raw,
            )

        value = None
        raw = row.required(VALUE)
        if raw and (value := parse_number(raw)) is None:
            row.error(VALUE, NOT_A_NUMBER, raw)
        elif value is not None and abs(value) >= MAX_NUMBER:
            row.error(VALUE, _("Ligne %(row)d, colonne « %(column)s » : « %(value)s » est trop grand."), raw)

        target = None
        raw = row[TARGET]
        if raw and (target := parse_number(raw)) is None:
            row.error(TARGET, NOT_A_NUMBER, raw)

        for column, limit in ((UNIT, MAX_UNIT), (SOURCE, MAX_SOURCE), (NOTE, MAX_NOTE)):
            row.check_length(column, limit)

        return ParsedValue(
            row=row.number,
            name=row[NAME],
            date=date,
            value=value,
            unit=row[UNIT],
            target=target,
            source=row[SOURCE],
            note=row[NOTE],
        )

    def check(self, parsed):
        return _consistency_errors(parsed)


def parse_indicator_csv(data):
    """Parse the uploaded bytes into ``ParsedValue`` rows; raises ``IndicatorImportError`` listing every error."""
    return IndicatorCsvParser().parse(data)


def _consistency_errors(rows):
    """The same value twice, or two units for one indicator, in the file itself."""
    errors = []
    seen, units = {}, defaultdict(dict)
    for parsed in rows:
        key = (parsed.name.casefold(), parsed.date)
        if key in seen:
            errors.append(
                _("Ligne %(row)d : « %(name)s » a déjà une valeur au %(date)s (ligne %(first)d).")
                % {
                    "row": parsed.row,
                    "name": shorten(parsed.name),
                    "date": parsed.date.strftime("%d/%m/%Y"),
                    "first": seen[key],
                }
            )
        else:
            seen[key] = parsed.row
        if parsed.unit:
            known = units[parsed.name.casefold()]
            if known and parsed.unit not in known:
                first_unit, first_row = next(iter(known.items()))
                errors.append(
                    _(
                        "Ligne %(row)d, colonne « unité » : « %(unit)s » ne correspond pas à l'unité de "
                        "« %(name)s » à la ligne %(first)d (« %(first_unit)s »)."
                    )
                    % {
                        "row": parsed.row,
                        "unit": shorten(parsed.unit),
                        "name": shorten(parsed.name),
                        "first": first_row,
                        "first_unit": first_unit,
                    }
                )
            known.setdefault(parsed.unit, parsed.row)
    return errors


def import_indicator_values(entry, rows):
    """Create the missing indicators and add or replace the values of ``rows``, all or nothing.

    Indicators are matched by name (ignoring case) among those of the entry and its translations. A value for a
    date the indicator already has replaces it. Returns an ``ImportReport``.
    """
    if not rows:
        raise IndicatorImportError([NO_VALUES])
    report = ImportReport(created_indicators=[], created_values=0, updated_values=0)
    with transaction.atomic():
        indicators = {
            indicator.name.casefold(): indicator
            for indicator in Indicator.objects.select_for_update().filter(entry__translation_key=entry.translation_key)
        }
        errors = []
        for parsed in rows:
            indicator = indicators.get(parsed.name.casefold())
            if indicator is not None and parsed.unit and indicator.unit and parsed.unit != indicator.unit:
                errors.append(
                    _(
                        "Ligne %(row)d, colonne « unité » : « %(name)s » est mesuré en « %(unit)s », pas en "
                        "« %(other)s ». Corrigez l'unité ou l'indicateur."
                    )
                    % {"row": parsed.row, "name": indicator.name, "unit": indicator.unit, "other": parsed.unit}
                )
        if errors:
            raise IndicatorImportError(errors)
        next_order = max((indicator.sort_order for indicator in indicators.values()), default=-1) + 1
        for parsed in rows:
            indicator = indicators.get(parsed.name.casefold())
            if indicator is None:
                indicator = Indicator.objects.create(
                    entry=entry, name=parsed.name, unit=parsed.unit, sort_order=next_order
                )
                next_order += 1
                indicators[parsed.name.casefold()] = indicator
                report.created_indicators.append(indicator.name)
            changed = []
            if parsed.unit and not indicator.unit:
                indicator.unit = parsed.unit
                changed.append("unit")
            if parsed.target is not None and parsed.target != indicator.target:
                indicator.target = parsed.target
                changed.append("target")
            if parsed.source and parsed.source != indicator.source:
                indicator.source = parsed.source
                changed.append("source")
            if changed:
                indicator.save(update_fields=changed)
            _value, created = IndicatorValue.objects.update_or_create(
                indicator=indicator, date=parsed.date, defaults={"value": parsed.value, "note": parsed.note}
            )
            if created:
                report.created_values += 1
            else:
                report.updated_values += 1
    return report
