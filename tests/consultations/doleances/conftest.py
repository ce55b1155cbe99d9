import pytest

from consultations.doleances.models import CahierDoleancesPage, DoleancesSettings
from tests.factories import (
    CitizenFactory,
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    TerritoryFactory,
    UserFactory,
)


@pytest.fixture
def region(db):
    return TerritoryFactory(kind="region", code="52", name="Pays de la Loire", population=None)


@pytest.fixture
def departement(region):
    return TerritoryFactory(kind="departement", code="44", name="Loire-Atlantique", parent=region, population=None)


@pytest.fixture
def commune(departement):
    return TerritoryFactory(kind="commune", code="44999", name="Villetest", parent=departement, population=1000)


@pytest.fixture
def other_departement(region):
    return TerritoryFactory(kind="departement", code="85", name="Vendée", parent=region, population=None)


@pytest.fixture
def other_commune(other_departement):
    return TerritoryFactory(kind="commune", code="85191", name="Autreville", parent=other_departement, population=500)


@pytest.fixture
def space(home, commune):
    return CollectiviteSpaceFactory(parent=home, title="Ville de Test", slug="ville-de-test", territory=commune)


@pytest.fixture
def other_space(home, other_commune):
    return CollectiviteSpaceFactory(parent=home, title="Autreville", slug="autreville", territory=other_commune)


@pytest.fixture
def index(space):
    return ConsultationIndexPageFactory(parent=space)


@pytest.fixture
def other_index(other_space):
    return ConsultationIndexPageFactory(parent=other_space)


@pytest.fixture
def national_index(home):
    return ConsultationIndexPageFactory(parent=home, slug="consultations-nationales", title="Consultations")


@pytest.fixture
def cahier(home):
    page = CahierDoleancesPage(title="Cahier de doléances", slug="cahier-de-doleances")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def threshold(db):
    settings = DoleancesSettings.load()
    settings.carry_threshold = 100
    settings.save()
    return settings


@pytest.fixture
def editor(space):
    return UserFactory(username="editrice", groups=[space.editors_group])


@pytest.fixture
def other_editor(other_space):
    return UserFactory(username="autre-editrice", groups=[other_space.editors_group])


@pytest.fixture
def citizen(commune):
    return CitizenFactory(username="camille", commune=commune)


@pytest.fixture
def stranger(commune):
    return CitizenFactory(username="dominique", commune=commune)


@pytest.fixture
def superuser(db):
    return UserFactory(username="aimpact", is_superuser=True, is_staff=True)
