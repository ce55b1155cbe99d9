"""Import dated indicator values from a CSV file into a baromètre entry (all or nothing)."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from barometre.indicator_import import IndicatorImportError, import_indicator_values, parse_indicator_csv
from barometre.models import BarometreEntryPage
from cms.management.csv_command import CsvImportCommand


class Command(CsvImportCommand):
    help = (
        "Add or replace the indicator values of a BarometreEntryPage from a CSV file "
        "(columns indicateur;date;valeur[;unité;cible;source;remarque]). Nothing is written if a row is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("page_id", type=int, help="id of the BarometreEntryPage")
        parser.add_argument("csv_file", type=Path, help="path of the CSV file")

    def handle(self, *args, page_id, csv_file, **options):
        try:
            entry = BarometreEntryPage.objects.get(pk=page_id)
        except BarometreEntryPage.DoesNotExist as error:
            raise CommandError(_("Aucune entrée du baromètre n'a l'identifiant %(id)d.") % {"id": page_id}) from error
        data = self.read_file(csv_file)
        try:
            report = import_indicator_values(entry, parse_indicator_csv(data))
        except IndicatorImportError as error:
            raise self.refusal(csv_file, error) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "« %(title)s » : valeurs ajoutées : %(new)d, remplacées : %(updated)d ; "
                    "indicateurs créés : %(indicators)d."
                )
                % {
                    "title": entry.title,
                    "new": report.created_values,
                    "updated": report.updated_values,
                    "indicators": len(report.created_indicators),
                }
            )
        )
