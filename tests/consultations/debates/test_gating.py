"""Debates only where the package includes them; a space that lost them keeps a readable page."""

import pytest

from cms.registry import registry
from consultations.debates.models import DebateIndexPage
from tests.factories import CollectiviteSpaceFactory

from .factories import DebateIndexPageFactory, DebatePageFactory

pytestmark = pytest.mark.django_db


def test_index_only_under_premium_spaces_and_the_platform_home(home, space):
    essentiel = CollectiviteSpaceFactory(parent=home, package="essentiel")
    assert DebateIndexPage.can_create_at(space)
    assert DebateIndexPage.can_create_at(home)
    assert not DebateIndexPage.can_create_at(essentiel)


def test_essentiel_editor_sees_an_explanation(home, rf):
    essentiel = CollectiviteSpaceFactory(parent=home, package="essentiel")
    request = rf.get("/admin/")
    panels = [p for p in registry.panels("admin_home", essentiel, request) if p.name == "debates"]
    assert "Premium et Sur-mesure" in str(panels[0])


def test_debate_of_a_downgraded_space_renders_with_registration_closed(client, space, citizens):
    debate = DebatePageFactory(parent=DebateIndexPageFactory(parent=space))
    space.package = "essentiel"
    space.save()
    response = client.get(debate.url)
    assert response.status_code == 200
    assert "les inscriptions sont fermées" in response.content.decode()
    (citizen,) = citizens(1)
    client.force_login(citizen)
    client.post(f"/debats/{debate.pk}/inscription/")
    from consultations.debates.models import Registration

    assert not Registration.objects.exists()
