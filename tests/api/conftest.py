"""A demo-like dataset for the API's contract tests: a space with a territory, its news, budget, project and
consultations (open, by email, closed), the baromètre with a published entry (and its perception poll), the
Académie with a parcours, lessons (one with a quiz, one of the full library) and a case study; a verified citizen
with a token."""

import datetime

import pytest
from rest_framework.authtoken.models import Token

from django.utils import timezone

from tests.factories import (
    AcademieIndexPageFactory,
    BarometreEntryPageFactory,
    BarometreIndexPageFactory,
    BudgetIndexPageFactory,
    BudgetYearPageFactory,
    CaseStudyPageFactory,
    CitizenFactory,
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    LessonPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ParcoursPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    TerritoryFactory,
)

PASSWORD = "motdepasse-test-123"  # CitizenFactory's


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttles and allauth's rate limits count in the cache: start every test afresh."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dataset(home):
    from barometre.models import StatusStep

    commune = TerritoryFactory(kind="commune", code="44999", name="Villetest", population=12000)
    space = CollectiviteSpaceFactory(parent=home, title="Ville de Test", slug="ville-de-test", territory=commune)
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=space))
    budget = BudgetYearPageFactory(parent=BudgetIndexPageFactory(parent=space))
    project = ProjectPageFactory(parent=ProjectIndexPageFactory(parent=space))
    index = ConsultationIndexPageFactory(parent=space)
    now = timezone.now()
    consultations = [
        ConsultationPageFactory(parent=index, title="Le nouveau parc", results_visibility="live"),
        ConsultationPageFactory(parent=index, title="Par courriel", eligibility="email"),
        ConsultationPageFactory(
            parent=index,
            title="La cantine",
            opens_at=now - datetime.timedelta(days=30),
            closes_at=now - datetime.timedelta(days=1),
        ),
    ]
    from consultations.closing import close

    close(consultations[2].pk, notify=False)  # closed and counted, as in the demo
    barometre = BarometreIndexPageFactory(parent=home)
    entry = BarometreEntryPageFactory.build()
    entry.status_steps = [StatusStep(status="proposee", date=datetime.date.today())]
    barometre.add_child(instance=entry)
    entry.save_revision().publish()
    academie = AcademieIndexPageFactory(parent=home)
    parcours = ParcoursPageFactory(parent=academie)
    lessons = [LessonPageFactory(parent=parcours), LessonPageFactory(parent=parcours, library="full")]
    case_study = CaseStudyPageFactory(parent=academie)
    citizen = CitizenFactory(username="camille", email="camille@example.org", commune=commune)
    token = Token.objects.create(user=citizen)
    return {
        "citizen": citizen,
        "token": token.key,
        "consultations": consultations,
        "lessons": lessons,
        "pages": [space, news, budget, project, entry, parcours, *lessons, case_study, *consultations],
    }


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open():
    """These tests call the project through a WSGI transport (httpx, schemathesis), not Django's test client, which
    is what keeps `close_old_connections` from closing the database connection at the end of each request: on
    PostgreSQL that closed the test's own transaction. Done here as the test client does it."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
