"""Fixtures of the citizens' accounts tests: fresh rate limits for every test, and communes to live in."""

import pytest

from django.core.cache import cache

from cms.models import Territory
from tests.factories import TerritoryFactory


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts attempts in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def communes(db):
    loire = TerritoryFactory(kind=Territory.Kind.DEPARTEMENT, code="44", name="Loire-Atlantique")
    seine = TerritoryFactory(kind=Territory.Kind.DEPARTEMENT, code="93", name="Seine-Saint-Denis")
    reunion = TerritoryFactory(kind=Territory.Kind.DEPARTEMENT, code="974", name="La Réunion")
    return {
        "villebrune": TerritoryFactory(code="44990", name="Villebrune-sur-Loire", parent=loire),
        "chapelle": TerritoryFactory(code="44992", name="La Chapelle-aux-Prés", parent=loire),
        "nazaire": TerritoryFactory(code="44184", name="Saint-Nazaire", parent=loire),
        "denis_93": TerritoryFactory(code="93066", name="Saint-Denis", parent=seine),
        "denis_974": TerritoryFactory(code="97411", name="Saint-Denis", parent=reunion),
        # A département is not a commune, even with a commune-like name.
        "departement": loire,
    }
