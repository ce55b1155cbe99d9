"""Fixtures of the live polls' and questions' tests (imported by each test module: `from .live_fixtures import *`)."""

import pytest

from tests.factories import CitizenFactory, UserFactory

from .factories import DebateIndexPageFactory, DebatePageFactory, LivePollFactory


@pytest.fixture
def debate(home):
    index = DebateIndexPageFactory(parent=home)
    return DebatePageFactory(parent=index, title="Le nouveau parc", slug="le-nouveau-parc")


@pytest.fixture
def organiser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def citizen(db):
    return CitizenFactory(first_name="Camille", last_name="Durand")


@pytest.fixture
def other_citizen(db):
    return CitizenFactory(first_name="Dominique")


@pytest.fixture
def make_poll(debate):
    def make(**fields):
        return LivePollFactory(debate=debate, **fields)

    return make


__all__ = ["citizen", "debate", "make_poll", "organiser", "other_citizen"]
