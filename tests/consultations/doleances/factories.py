"""Closed consultations with frozen results, and the cahier de doléances page, for the doleances tests."""

import datetime

from django.utils import timezone

from consultations.models import ResultsSnapshot
from tests.factories import ConsultationPageFactory


def frozen_results(title="Consultation", participants=120, population=None, leading="Oui", share=0.62):
    return {
        "consultation": {"id": 0, "title": title},
        "participants": participants,
        "pending": 0,
        "voters": participants,
        "population": population,
        "turnout": round(participants / population, 6) if population else None,
        "questions": [
            {
                "id": "q1",
                "number": 1,
                "type": "yes_no",
                "label": "Êtes-vous favorable au projet ?",
                "respondents": participants,
                "options": [
                    {"id": "yes", "label": leading, "count": round(participants * share), "share": share},
                    {"id": "no", "label": "Non", "count": participants - round(participants * share), "share": 0.38},
                ],
                "ranking": None,
                "stats": None,
                "breakdowns": {},
            },
            {
                "id": "q2",
                "number": 2,
                "type": "scale",
                "label": "Votre note",
                "respondents": participants,
                "options": [],
                "ranking": None,
                "stats": {"mean": 3.4},
                "breakdowns": {},
            },
        ],
    }


def closed_consultation(parent, closed_days_ago=3, participants=120, population=None, **kwargs):
    """A closed consultation under `parent` whose results are frozen (which files it in the cahier)."""
    now = timezone.now()
    closes_at = kwargs.pop("closes_at", now - datetime.timedelta(days=closed_days_ago))
    page = ConsultationPageFactory(
        parent=parent, opens_at=closes_at - datetime.timedelta(days=20), closes_at=closes_at, **kwargs
    )
    ResultsSnapshot.objects.create(
        consultation=page, results=frozen_results(page.title, participants, population), analysis={}
    )
    return page
