"""Territories in the admin: listed, searchable and inspectable, never edited by hand."""

import pytest

from django.urls import reverse

from tests.factories import TerritoryFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="root-admin", is_superuser=True, is_staff=True))
    return client


def test_territories_are_listed_and_searchable(admin_client):
    TerritoryFactory(code="44990", name="Villebrune-sur-Loire")
    TerritoryFactory(code="44991", name="Saint-Aubin-des-Vignes")
    response = admin_client.get(reverse("territories:index"), {"q": "Villebrune"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Villebrune-sur-Loire" in body
    assert "Saint-Aubin-des-Vignes" not in body


def test_territory_can_be_inspected_but_not_edited(admin_client):
    commune = TerritoryFactory(code="44990", name="Villebrune-sur-Loire", population=18450)
    response = admin_client.get(reverse("territories:inspect", args=[commune.pk]))
    assert response.status_code == 200
    assert "18450" in response.content.decode().replace("\u202f", "").replace(" ", "")
    assert reverse("territories:edit", args=[commune.pk]) not in response.content.decode()
    assert admin_client.get(reverse("territories:add")).status_code in (302, 403)
    assert admin_client.get(reverse("territories:edit", args=[commune.pk])).status_code in (302, 403)
    assert admin_client.post(reverse("territories:delete", args=[commune.pk])).status_code in (302, 403)
    commune.refresh_from_db()
    assert commune.name == "Villebrune-sur-Loire"


def test_an_editor_can_look_up_territories(client, space):
    editor = UserFactory(username="editeur", groups=[space.editors_group])
    client.force_login(editor)
    assert client.get(reverse("territories:index")).status_code == 200
