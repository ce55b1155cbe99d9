import pytest

from tests.factories import ConsultationIndexPageFactory, UserFactory

from .factories import citizen, territories


@pytest.fixture
def places(db):
    return territories()


@pytest.fixture
def national_index(home):
    from consultations.network.moderation import ensure_moderation

    index = ConsultationIndexPageFactory(parent=home, title="Consultations citoyennes", slug="consultations-citoyennes")
    ensure_moderation(index)
    return index


@pytest.fixture
def proposer(places):
    return citizen(places["nantes"], username="proposeur", email="proposeur@example.org")


@pytest.fixture
def other_citizen(places):
    return citizen(places["rennes"], username="autre", email="autre@example.org")


@pytest.fixture
def moderator(db):
    from consultations.network.moderation import moderators_group

    return UserFactory(username="moderatrice", email="moderatrice@example.org", groups=[moderators_group()])


@pytest.fixture
def logged_in(client, proposer):
    client.force_login(proposer)
    return client


@pytest.fixture
def run_on_commit(monkeypatch):
    """The test's transaction never commits: run what waits for the commit (the emails' tasks) at once."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
