"""Make or refresh every entry of the cahier de doléances from the frozen results (backfill, or repair)."""

from django.core.management.base import BaseCommand

from consultations.doleances.services import rebuild


class Command(BaseCommand):
    help = "Make or refresh the cahier de doléances' entry of every consultation whose results are frozen."

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(f"{count} entries made or refreshed.")
