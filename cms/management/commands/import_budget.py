"""Import budget lines from a CSV file into a BudgetYearPage, as a new draft revision (or published with --publish)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms.budget_import import BudgetImportError, import_budget_lines, parse_budget_csv
from cms.management.csv_command import CsvImportCommand
from cms.models import BudgetYearPage


class Command(CsvImportCommand):
    help = (
        "Replace the budget lines of a BudgetYearPage with those of a CSV file (columns secteur;nature;montant;détail) "
        "and save them as a new draft revision, or publish it with --publish."
    )

    def add_arguments(self, parser):
        parser.add_argument("page_id", type=int, help="id of the BudgetYearPage")
        parser.add_argument("csv_file", type=Path, help="path of the CSV file")
        parser.add_argument("--publish", action="store_true", help="publish the new revision at once")
        parser.add_argument("--user", help="username recorded as the author of the revision in the audit log")

    def handle(self, *args, page_id, csv_file, publish, user, **options):
        try:
            page = BudgetYearPage.objects.get(pk=page_id)
        except BudgetYearPage.DoesNotExist as error:
            raise CommandError(_("Aucun budget annuel n'a l'identifiant %(id)d.") % {"id": page_id}) from error
        author = None
        if user:
            try:
                author = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist as error:
                raise CommandError(_("Aucun utilisateur ne s'appelle « %(name)s ».") % {"name": user}) from error
        data = self.read_file(csv_file)
        try:
            lines = parse_budget_csv(data)
            revision = import_budget_lines(page, lines, author, publish=publish)
        except BudgetImportError as error:
            raise self.refusal(csv_file, error) from error

        if publish:
            message = ngettext(
                "%(count)d ligne importée et publiée dans « %(title)s » (révision %(revision)d).",
                "%(count)d lignes importées et publiées dans « %(title)s » (révision %(revision)d).",
                len(lines),
            )
        else:
            message = ngettext(
                "%(count)d ligne importée dans un brouillon de « %(title)s » (révision %(revision)d, non publiée).",
                "%(count)d lignes importées dans un brouillon de « %(title)s » (révision %(revision)d, non publiée).",
                len(lines),
            )
        self.stdout.write(
            self.style.SUCCESS(message % {"count": len(lines), "title": page.title, "revision": revision.pk})
        )
