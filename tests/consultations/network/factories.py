"""Factories and data of the network's tests."""

import datetime

from django.utils import timezone

from tests.factories import CitizenFactory, TerritoryFactory


def territories():
    """Two régions, their départements and a commune in each (real INSEE codes)."""
    pdl = TerritoryFactory(kind="region", code="52", name="Pays de la Loire", population=None)
    bzh = TerritoryFactory(kind="region", code="53", name="Bretagne", population=None)
    loire_atlantique = TerritoryFactory(kind="departement", code="44", name="Loire-Atlantique", parent=pdl)
    ille_et_vilaine = TerritoryFactory(kind="departement", code="35", name="Ille-et-Vilaine", parent=bzh)
    nantes = TerritoryFactory(kind="commune", code="44109", name="Nantes", parent=loire_atlantique)
    rennes = TerritoryFactory(kind="commune", code="35238", name="Rennes", parent=ille_et_vilaine)
    return {
        "pdl": pdl,
        "bzh": bzh,
        "44": loire_atlantique,
        "35": ille_et_vilaine,
        "nantes": nantes,
        "rennes": rennes,
    }


def citizen(commune=None, **kwargs):
    return CitizenFactory(commune=commune, **kwargs)


GOOD = {
    "title": "Faut-il étendre les horaires des piscines publiques ?",
    "summary": "Les piscines ferment tôt le soir : faut-il les ouvrir plus tard pour ceux qui travaillent ?",
    "description": (
        "Beaucoup d'habitants travaillent jusqu'à 18 heures et ne peuvent pas profiter des piscines publiques.\n\n"
        "Cette consultation demande si une ouverture jusqu'à 21 heures serait utile, et à quel coût."
    ),
    "theme": "sport",
    "duration_days": "14",
    "scope": "national",
    "territory": "",
}


def form_data(questions=None, **overrides):
    """The web form's POST data: the good proposal, with `overrides`, and its question rows."""
    questions = questions or [
        {"type": "yes_no", "label": "Êtes-vous favorable à une ouverture plus tardive ?", "choices": ""},
        {"type": "single_choice", "label": "Quel horaire de fermeture ?", "choices": "20 heures\n21 heures\n22 heures"},
    ]
    data = {**GOOD, "start_date": timezone.localdate().isoformat(), **overrides}
    data.update({"questions-TOTAL_FORMS": str(len(questions)), "questions-INITIAL_FORMS": "0"})
    for number, question in enumerate(questions):
        for key, value in question.items():
            data[f"questions-{number}-{key}"] = value
    return data


def api_body(questions=None, **overrides):
    questions = questions or [
        {"type": "yes_no", "label": "Êtes-vous favorable à une ouverture plus tardive ?"},
        {"type": "single_choice", "label": "Quel horaire de fermeture ?", "choices": ["20 heures", "21 heures"]},
    ]
    body = {**GOOD, "duration_days": 14, "start_date": timezone.localdate().isoformat(), "questions": questions}
    body.update(overrides)
    return body


def in_days(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()
