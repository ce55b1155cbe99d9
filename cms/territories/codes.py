"""What INSEE's codes look like, and the words the territory import uses to say a row is wrong."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.models import Territory

Kind = Territory.Kind

REGION_CODE = re.compile(r"\d{2}")
# The five overseas départements (DROM) are 971 to 974 and 976; 975 (Saint-Pierre-et-Miquelon, a département until
# 1985) and the other 97x/98x codes are collectivités d'outre-mer (`OUTRE_MER_CODE`), in INSEE's separate files.
DEPARTEMENT_CODE = re.compile(r"0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5]|97[12346]")
OUTRE_MER_CODE = re.compile(r"97[578]|98[46789]")
COMMUNE_CODE = re.compile(r"\d{5}|2[AB]\d{3}")
EPCI_CODE = re.compile(r"\d{9}")
POPULATION_VALUE = re.compile(r"\d+")
# The commune-like zones of INSEE's v_commune_comer file (NATURE_ZONAGE): communes of Saint-Pierre-et-Miquelon,
# Polynésie française and Nouvelle-Calédonie, the one "commune" of Saint-Barthélemy and of Saint-Martin, the
# districts of the TAAF, the circonscriptions of Wallis-et-Futuna and the code of Clipperton. Each one is a commune
# here: the place a citizen says they live in.
NATURES_ZONAGE = ("COM", "DIS", "CIR", "CPT")
NO_EPCI = "ZZZZZZZZZ"  # INSEE's code for the few island communes that belong to no EPCI
SKIPPED_TYPECOM = ("COMA", "COMD", "ARM")
MIN_YEAR, MAX_YEAR = 1800, 2200
# Arrondissements municipaux of Paris, Lyon and Marseille: never imported as communes, but population files may
# list them; such rows are skipped, not errors.
ARRONDISSEMENT_MUNICIPAL = re.compile(r"751(0[1-9]|1\d|20)|6938[1-9]|132(0[1-9]|1[0-6])")
WHITESPACE = re.compile(r"\s+")
# The demo's fictional communes (cms/data/territories/demo_communes.csv): codes INSEE never gave, inside the real
# département 44. Their populations count in their fictional EPCI's, never in the real département's or région's,
# so that the demo and the full list of France live side by side with true totals.
FICTIONAL_COMMUNE = re.compile(r"4499[0-3]")


# Words of the error messages: lazy, so that the ~100,000 rows of a full import cost no translation lookup unless
# they are wrong.
REGION_CODE_LABEL = gettext_lazy("code région")
DEPARTEMENT_CODE_LABEL = gettext_lazy("code département")
OUTRE_MER_CODE_LABEL = gettext_lazy("code de collectivité d'outre-mer")
COMMUNE_CODE_LABEL = gettext_lazy("code commune")
EPCI_CODE_LABEL = gettext_lazy("SIREN d'EPCI")
COMMUNE_LABEL = gettext_lazy("commune")
REGION_SHAPE = gettext_lazy("2 chiffres")
DEPARTEMENT_SHAPE = gettext_lazy("01 à 95, 2A, 2B, 971, 972, 973, 974 ou 976")
OUTRE_MER_SHAPE = gettext_lazy("975, 977, 978, 984, 986, 987, 988 ou 989")
PARENT_SHAPE = gettext_lazy(
    "01 à 95, 2A, 2B, 971 à 974, 976 ou le code d'une collectivité d'outre-mer (975, 977, 978, 984, 986 à 989)"
)
COMMUNE_SHAPE = gettext_lazy("5 caractères (ex. 44109, 2A004)")
EPCI_SHAPE = gettext_lazy("9 chiffres")
UNKNOWN_PARENT = {
    Kind.REGION: gettext_lazy("région « %(code)s » inconnue : ni en base ni dans les fichiers importés"),
    Kind.DEPARTEMENT: gettext_lazy("département « %(code)s » inconnu : ni en base ni dans les fichiers importés"),
    Kind.COLLECTIVITE_OUTRE_MER: gettext_lazy(
        "collectivité d'outre-mer « %(code)s » inconnue : ni en base ni dans les fichiers importés (le fichier "
        "v_comer du COG, ou « manage.py import_territories » sans option qui charge celui du projet)"
    ),
    Kind.COMMUNE: gettext_lazy("commune « %(code)s » inconnue : ni en base ni dans les fichiers importés"),
}


def shape_message(label, code, expected, *, width=None, pattern=None, departement=False):
    """« code commune « 4414 » invalide : 5 caractères attendu », with a hint when a spreadsheet ate a zero: only when
    putting one zero back in front (`width` characters) gives a valid code (`pattern`), so never for « 977 »; where
    a `departement` was expected, an overseas collectivité's code says where it belongs."""
    message = _("%(label)s « %(code)s » invalide : %(expected)s attendu") % {
        "label": label,
        "code": code,
        "expected": expected,
    }
    if width and code.isdigit() and len(code) == width - 1 and pattern.fullmatch("0" + code):
        message += _(" (zéro initial supprimé par un tableur ?)")
    elif departement and OUTRE_MER_CODE.fullmatch(code):
        message += _(" (« %(code)s » est une collectivité d'outre-mer : fichier v_comer du COG)") % {"code": code}
    return message
