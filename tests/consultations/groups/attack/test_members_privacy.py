"""The members' table a group's moderators see (moderators are citizens) must not show another citizen's username:
sign-up derives it from the local part of their email address (`cms/accounts/adapter.py`), which is why everywhere
else shows the first name and initial only."""

import pytest

from consultations.groups import services
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def test_members_table_never_shows_a_username(client, group, creator, places):
    nameless = CitizenFactory(
        username="jean.dupont.k3x9", email="jean.dupont@example.org", first_name="", commune=places["nantes"]
    )
    services.join(group, nameless)
    client.force_login(creator)
    body = client.get(group.get_absolute_url()).content.decode()
    assert "Retirer du groupe" in body  # the moderator's members table is there
    assert "jean.dupont" not in body
