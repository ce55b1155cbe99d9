"""The groups' demo: Villebrune's parents' group with its message answered, a national group; made once."""

import pytest

from cms.demo.accounts import CITIZEN
from consultations.groups.demo import ensure_demo_groups
from consultations.groups.models import CitizenGroup, GroupMessage
from tests.factories import CitizenFactory, CollectiviteSpaceFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


class Loader:
    def __init__(self):
        self.admin = UserFactory(username="admin-demo", is_superuser=True)


def test_the_demo_builds_the_groups_once(home, mailoutbox):
    villebrune = TerritoryFactory(kind="commune", code="44990", name="Villebrune-sur-Loire")
    space = CollectiviteSpaceFactory(parent=home, territory=villebrune, package="premium", slug="villebrune")
    CitizenFactory(username=CITIZEN.username, email=CITIZEN.email, first_name="Camille", commune=villebrune)
    loader = Loader()
    created = ensure_demo_groups(loader)
    assert [group.slug for group in created] == ["parents-eleves-coteaux", "cantines-bio-partout"]
    coteaux = CitizenGroup.objects.get(slug="parents-eleves-coteaux")
    assert coteaux.space == space and coteaux.members_count == 4 == coteaux.memberships.count()
    message = GroupMessage.objects.get(group=coteaux)
    assert message.answered and message.answered_by == loader.admin
    assert coteaux.posts.filter(parent__isnull=False).count() == 2
    assert ensure_demo_groups(loader) == []
    assert CitizenGroup.objects.count() == 2
    assert mailoutbox == []
