"""What the management commands that import a CSV file into a page share (`import_budget`, `import_indicators`):
reading the file, and refusing it with every error printed, one a line, on stderr."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class CsvImportCommand(BaseCommand):
    def read_file(self, path):
        """The bytes of ``path``; CommandError when it cannot be read."""
        try:
            return path.read_bytes()
        except OSError as error:
            raise CommandError(_("Impossible de lire %(path)s : %(error)s") % {"path": path, "error": error}) from error

    def refusal(self, path, error):
        """Print every error of ``error`` (a ``CsvImportError``) and return the CommandError to raise."""
        for message in error.errors:
            self.stderr.write(message)
        return CommandError(
            ngettext(
                "%(path)s : %(count)d erreur, rien n'a été importé.",
                "%(path)s : %(count)d erreurs, rien n'a été importé.",
                len(error.errors),
            )
            % {"path": path, "count": len(error.errors)}
        )
