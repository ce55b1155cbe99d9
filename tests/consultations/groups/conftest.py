import pytest

from tests.consultations.network.factories import territories
from tests.factories import CitizenFactory, CollectiviteSpaceFactory, UserFactory


@pytest.fixture
def places(db):
    return territories()


@pytest.fixture
def premium(home, places):
    return CollectiviteSpaceFactory(
        parent=home, title="Ville de Nantes", slug="nantes", territory=places["nantes"], package="premium"
    )


@pytest.fixture
def essentiel(home, places):
    return CollectiviteSpaceFactory(
        parent=home, title="Ville de Rennes", slug="rennes", territory=places["rennes"], package="essentiel"
    )


@pytest.fixture
def creator(places):
    return CitizenFactory(
        username="camille", email="camille@example.org", first_name="Camille", commune=places["nantes"]
    )


@pytest.fixture
def citizen(places):
    return CitizenFactory(username="karim", email="karim@example.org", first_name="Karim", commune=places["nantes"])


@pytest.fixture
def third(places):
    return CitizenFactory(username="lea", email="lea@example.org", first_name="Léa", commune=places["nantes"])


@pytest.fixture
def group(premium, creator):
    from consultations.groups.services import create_group

    return create_group(
        creator,
        name="Parents des Coteaux",
        description="Des trajets sûrs vers l'école.",
        theme="education",
        territory=premium.territory,
        space=premium,
    )


@pytest.fixture
def other_group(premium, third):
    from consultations.groups.services import create_group

    return create_group(
        third,
        name="Cyclistes de Nantes",
        description="Des pistes continues.",
        theme="mobilite",
        territory=premium.territory,
        space=premium,
    )


@pytest.fixture
def editor(premium):
    return UserFactory(username="editrice", email="editrice@example.org", groups=[premium.editors_group])


@pytest.fixture
def other_editor(essentiel):
    return UserFactory(username="autre-editrice", email="autre@example.org", groups=[essentiel.editors_group])


@pytest.fixture
def run_on_commit(monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
