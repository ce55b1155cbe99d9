import pytest

from tests.factories import ConsultationIndexPageFactory, ConsultationPageFactory, TerritoryFactory, UserFactory


@pytest.fixture
def commune(db):
    return TerritoryFactory(kind="commune", code="44999", name="Villetest", population=1000)


@pytest.fixture
def space(home, commune):
    from tests.factories import CollectiviteSpaceFactory

    return CollectiviteSpaceFactory(parent=home, title="Ville de Test", slug="ville-de-test", territory=commune)


@pytest.fixture
def consultations_index(space):
    return ConsultationIndexPageFactory(parent=space)


@pytest.fixture
def consultation(consultations_index):
    return ConsultationPageFactory(parent=consultations_index, title="Le nouveau parc", slug="nouveau-parc")


@pytest.fixture
def make_consultation(consultations_index):
    def make(**kwargs):
        return ConsultationPageFactory(parent=consultations_index, **kwargs)

    return make


@pytest.fixture
def citizen(commune):
    from tests.factories import CitizenFactory

    return CitizenFactory(username="camille", email="camille@example.org", commune=commune)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttles (email confirmations) and allauth's rate limits count in the cache: start every test afresh."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def editor(space):
    """An editor of the consultation's space (its editors' group), with an email address."""
    return UserFactory(username="editrice", email="editrice@example.org", groups=[space.editors_group])
