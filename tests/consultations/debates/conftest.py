import pytest

from tests.factories import CitizenFactory, CollectiviteSpaceFactory, UserFactory

from .factories import DebateIndexPageFactory, DebatePageFactory


@pytest.fixture
def space(home, commune):
    """A Premium space: its package includes debates."""
    return CollectiviteSpaceFactory(
        parent=home, title="Ville de Test", slug="ville-de-test", territory=commune, package="premium"
    )


@pytest.fixture
def debates_index(space):
    return DebateIndexPageFactory(parent=space)


@pytest.fixture
def debate(debates_index):
    return DebatePageFactory(parent=debates_index, title="Le parc", slug="le-parc")


@pytest.fixture
def make_debate(debates_index):
    def make(**kwargs):
        return DebatePageFactory(parent=debates_index, **kwargs)

    return make


@pytest.fixture
def citizens(commune):
    def make(count):
        return [
            CitizenFactory(email=f"c{n}-{CitizenFactory._meta.model.objects.count()}@example.org") for n in range(count)
        ]

    return make


@pytest.fixture
def editor(space):
    return UserFactory(username="editrice", email="editrice@example.org", groups=[space.editors_group])
