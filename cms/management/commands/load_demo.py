"""`manage.py load_demo`: the demo content `make run` shows, and the logins to try it with."""

import logging
from contextlib import contextmanager

from django.core.management.base import BaseCommand

from cms.demo.accounts import default_credentials_file
from cms.demo.loader import DemoLoader


@contextmanager
def quiet_logging(enabled):
    """Wagtail and the task runner log every page saved: hundreds of lines that would bury the logins."""
    if not enabled:
        yield
        return
    logging.disable(logging.INFO)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


class Command(BaseCommand):
    help = (
        "Load the demo: the platform home, the spaces of Villebrune-sur-Loire and of the Loire et Vignoble "
        "communauté de communes (news, budgets, projects, images, English translations), and the admin and editor "
        "accounts. Safe to run again: existing content and passwords are left as they are. Prints the logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--credentials-file",
            default=None,
            help=f"where the generated passwords are kept (default: {default_credentials_file()})",
        )
        parser.add_argument("--skip-index", action="store_true", help="do not rebuild the search index at the end")

    def handle(self, *args, **options):
        loader = DemoLoader(credentials_file=options["credentials_file"], update_index=not options["skip_index"])
        with quiet_logging(options["verbosity"] < 2):
            report = loader.load()

        if report.created_spaces:
            self.stdout.write(f"Created: {', '.join(report.created_spaces)} ({report.images_created} images).")
        if report.existing_spaces:
            self.stdout.write(f"Already there, left as they are: {', '.join(report.existing_spaces)}.")
        if report.home_updated:
            self.stdout.write("Platform home: introduction and body written.")
        if report.legal_pages:
            self.stdout.write(f"Legal pages: {len(report.legal_pages)} created (the platform's, a space's own).")
        for demo, count in report.features:
            if count:
                self.stdout.write(demo.describe.format(count=count))
        if report.translated_pages:
            self.stdout.write(f"Translated into English with wagtail-localize: {len(report.translated_pages)} pages.")
        if report.untranslated_segments:
            self.stderr.write(f"{report.untranslated_segments} segments had no English text: they show the French.")
        self.stdout.write(self.style.SUCCESS(f"Demo ready ({report.seconds:.1f} s)."))

        self.stdout.write("")
        self.stdout.write("Logins (the admin at /admin/, citizens at /comptes/login/):")
        width = max(len(credential.username) for credential in report.accounts)
        for credential in report.accounts:
            password = credential.password or "(existing account: its password is not in the credentials file)"
            self.stdout.write(f"  {credential.username.ljust(width)}  {password}  ({credential.role})")
        for space, code in report.access_codes.items():
            self.stdout.write(f"Access code to the reserved pages of {space}: {code}")
        self.stdout.write(f"Passwords are kept in {report.credentials_file}.")
