"""What INSEE's codes look like, and the words the territory import uses to say a row is wrong."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.models import Territory

Kind = Territory.Kind

REGION_CODE = re.compile(r"\d{2}")
DEPARTEMENT_CODE = re.compile(r"0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5]|97[1-6]")
COMMUNE_CODE = re.compile(r"\d{5}|2[AB]\d{3}")
EPCI_CODE = re.compile(r"\d{9}")
POPULATION_VALUE = re.compile(r"\d+")
NO_EPCI = "ZZZZZZZZZ"  # INSEE's code for the few island communes that belong to no EPCI
SKIPPED_TYPECOM = ("COMA", "COMD", "ARM")
MIN_YEAR, MAX_YEAR = 1800, 2200
# Arrondissements municipaux of Paris, Lyon and Marseille: never imported as communes, but population files may
# list them; such rows are skipped, not errors.
ARRONDISSEMENT_MUNICIPAL = re.compile(r"751(0[1-9]|1\d|20)|6938[1-9]|132(0[1-9]|1[0-6])")
WHITESPACE = re.compile(r"\s+")


# Words of the error messages: lazy, so that the ~100,000 rows of a full import cost no translation lookup unless
# they are wrong.
REGION_CODE_LABEL = gettext_lazy("code région")
DEPARTEMENT_CODE_LABEL = gettext_lazy("code département")
COMMUNE_CODE_LABEL = gettext_lazy("code commune")
EPCI_CODE_LABEL = gettext_lazy("SIREN d'EPCI")
COMMUNE_LABEL = gettext_lazy("commune")
REGION_SHAPE = gettext_lazy("2 chiffres")
DEPARTEMENT_SHAPE = gettext_lazy("01 à 95, 2A, 2B ou 971 à 976")
COMMUNE_SHAPE = gettext_lazy("5 caractères (ex. 44109, 2A004)")
EPCI_SHAPE = gettext_lazy("9 chiffres")
UNKNOWN_PARENT = {
    Kind.REGION: gettext_lazy("région « %(code)s » inconnue : ni en base ni dans les fichiers importés"),
    Kind.DEPARTEMENT: gettext_lazy("département « %(code)s » inconnu : ni en base ni dans les fichiers importés"),
    Kind.COMMUNE: gettext_lazy("commune « %(code)s » inconnue : ni en base ni dans les fichiers importés"),
}


def shape_message(label, code, expected):
    """« code commune « 4414 » invalide : 5 caractères attendu », and a hint when a spreadsheet ate a zero."""
    message = _("%(label)s « %(code)s » invalide : %(expected)s attendu") % {
        "label": label,
        "code": code,
        "expected": expected,
    }
    if code.isdigit() and len(code) < 5:
        message += _(" (zéro initial supprimé par un tableur ?)")
    return message
