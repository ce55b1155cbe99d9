"""Count a consultation again from its sealed ballots and say whether its results match.

    manage.py recount <consultation id>     (the id of the consultation's first language version, as in the API)

A closed consultation is compared with its frozen snapshot; an open one, its live counters with the ballots
released so far. Exit status 0 when they match, 1 when they differ (each difference is listed). It opens the
ballots: run it where the private keys are (a Celery worker's environment).
"""

from django.core.management.base import BaseCommand, CommandError

from consultations.closing import recount
from consultations.models import ConsultationPage


class Command(BaseCommand):
    help = "Recount a consultation from its sealed ballots and compare with its stored results."

    def add_arguments(self, parser):
        parser.add_argument("consultation_id", type=int)

    def handle(self, consultation_id, **options):
        page = ConsultationPage.objects.filter(pk=consultation_id).first()
        if page is None:
            raise CommandError(f"Aucune consultation n'a l'identifiant {consultation_id}.")
        results, differences = recount(page)
        what = "les résultats figés" if results is not None else "les compteurs en direct"
        if differences:
            for line in differences:
                self.stdout.write(line)
            raise CommandError(f"Le recomptage diffère de {what} ({len(differences)} écart(s)).", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"Le recomptage correspond exactement à {what}."))
