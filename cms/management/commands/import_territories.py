"""Import INSEE territories (régions, départements, communes, EPCI, populations) from the official CSV files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms.territories import (
    FileKind,
    TerritoryImporter,
    TerritoryImportError,
    add_demo_files,
    add_france_files,
    add_reference_files,
)


class Command(BaseCommand):
    help = (
        "Importe les territoires INSEE (Code officiel géographique) : régions, départements, communes, "
        "intercommunalités et populations légales. Sans fichier, charge les 18 régions, 101 départements et 8 "
        "collectivités d'outre-mer fournis ; --france y ajoute toutes les communes de France fournies (avec leurs "
        "EPCI et populations) ; --demo ajoute les communes fictives de la démo. Tout ou rien : en cas d'erreur, rien "
        "n'est importé."
    )

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=Path, metavar="FICHIER", help="v_region_AAAA.csv du COG")
        parser.add_argument("--departements", type=Path, metavar="FICHIER", help="v_departement_AAAA.csv du COG")
        parser.add_argument("--collectivites-outre-mer", type=Path, metavar="FICHIER", help="v_comer_AAAA.csv du COG")
        parser.add_argument("--communes", type=Path, metavar="FICHIER", help="v_commune_AAAA.csv du COG")
        parser.add_argument(
            "--communes-outre-mer",
            type=Path,
            metavar="FICHIER",
            help="v_commune_comer_AAAA.csv du COG (communes des collectivités d'outre-mer)",
        )
        parser.add_argument(
            "--epci", type=Path, metavar="FICHIER", help="composition communale des EPCI (CODGEO,LIBGEO,EPCI,...)"
        )
        parser.add_argument(
            "--population", type=Path, metavar="FICHIER", help="donnees_communes.csv des populations légales"
        )
        parser.add_argument(
            "--population-year", type=int, metavar="AAAA", help="millésime des populations légales (ex. 2021)"
        )
        parser.add_argument(
            "--france",
            action="store_true",
            help="toutes les communes de France fournies avec le projet (cms/data/territories/france/), outre-mer "
            "compris, avec leurs EPCI et populations, en plus des régions, départements et collectivités d'outre-mer",
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="ajoute les communes, l'EPCI et les populations fictifs de la démo (département 44)",
        )

    def handle(self, *args, **options):
        files = {kind: options[kind.value] for kind in FileKind}
        year = options["population_year"]
        if files[FileKind.POPULATION] and year is None:
            raise CommandError(_("--population-year est obligatoire avec --population."))
        if year is not None and not files[FileKind.POPULATION]:
            raise CommandError(_("--population-year n'a de sens qu'avec --population."))

        importer = TerritoryImporter()
        if options["france"] and any(files.values()):
            raise CommandError(_("--france charge les fichiers fournis : il ne se combine pas avec des fichiers."))
        if not any(files.values()):
            add_reference_files(importer)
        if options["france"]:
            add_france_files(importer)
        for kind, path in files.items():
            if path:
                importer.add(kind, path, year=year if kind is FileKind.POPULATION else None)
        if options["demo"]:
            add_demo_files(importer)

        try:
            report = importer.run()
        except TerritoryImportError as error:
            for message in error.errors:
                self.stderr.write(message)
            raise CommandError(
                ngettext(
                    "%(count)d erreur : import annulé, rien n'a été importé.",
                    "%(count)d erreurs : import annulé, rien n'a été importé.",
                    len(error.errors),
                )
                % {"count": len(error.errors)}
            ) from error

        for line in report.lines():
            self.stdout.write(line)
        if report.changed or report.aggregated:
            self.stdout.write(self.style.SUCCESS(_("Import des territoires terminé.")))
        else:
            self.stdout.write(self.style.SUCCESS(_("Import des territoires terminé : rien n'a changé.")))
