import pytest

from tests.factories import (
    AcademieIndexPageFactory,
    CollectiviteSpaceFactory,
    LessonPageFactory,
    ParcoursPageFactory,
    TerritoryFactory,
    UserFactory,
)

ACCESS_CODE = "CODE-VILLE-2026"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Failed access codes are counted in the cache: start every test afresh."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def departement(db):
    return TerritoryFactory(kind="departement", code="44", name="Loire-Atlantique")


@pytest.fixture
def commune(departement):
    return TerritoryFactory(kind="commune", code="44999", name="Villetest", population=12000, parent=departement)


@pytest.fixture
def client_space(home, commune):
    """A client space whose package opens the full library, with an access code."""
    return CollectiviteSpaceFactory(
        parent=home,
        title="Ville de Test",
        slug="ville-de-test",
        territory=commune,
        package="premium",
        access_code=ACCESS_CODE,
    )


@pytest.fixture
def academie(home):
    return AcademieIndexPageFactory(parent=home)


@pytest.fixture
def parcours(academie):
    return ParcoursPageFactory(parent=academie, title="Comprendre la participation", slug="comprendre")


@pytest.fixture
def lessons(parcours):
    """Four lessons in order; the third belongs to the full library."""
    return [
        LessonPageFactory(parent=parcours, title=f"Leçon {n}", slug=f"lecon-{n}", library="full" if n == 3 else "basic")
        for n in range(1, 5)
    ]


@pytest.fixture
def lesson(lessons):
    return lessons[0]


@pytest.fixture
def full_lesson(academie):
    return LessonPageFactory(
        parent=academie,
        title="Leçon réservée",
        slug="lecon-reservee",
        library="full",
        body=[{"type": "paragraph", "value": "<p>CONTENU-RESERVE-XYZ</p>", "id": "p-1"}],
    )


@pytest.fixture
def learner(db):
    return UserFactory(username="apprenant", email="apprenant@example.org")


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def stranger_commune(db):
    return TerritoryFactory(kind="commune", code="75056", name="Paris", population=2_100_000)
