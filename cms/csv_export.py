"""Writing the CSV files the platform hands out: UTF-8 with a BOM and « ; » (what French spreadsheets expect), and
no cell that a spreadsheet would run as a formula.

A cell typed by someone else (a question's label, a choice, an email address) that starts with `=`, `+`, `-`, `@`, a
tab or a carriage return is a formula to Excel or LibreOffice (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`): it is written
with a leading apostrophe, which spreadsheets show as text and never evaluate (OWASP's "CSV injection"). Numbers are
written as numbers, negative ones included.
"""

import csv

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The cell as a spreadsheet will show it, never evaluate it."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeWriter:
    """`csv.writer` with every cell neutralised."""

    def __init__(self, output, **options):
        self._writer = csv.writer(output, delimiter=";", lineterminator="\r\n", **options)

    def writerow(self, row):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_response(filename, rows):
    """A CSV download of `rows` (the header first), written as it is produced."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so that spreadsheet software reads UTF-8
    SafeWriter(response).writerows(rows)
    return response
