"""A group named « Nouveau » took the slug of the creation page (/groupes/nouveau/): its own page could never be
reached (the creation form answered at its address)."""

import pytest

from consultations.groups import services

pytestmark = pytest.mark.django_db


def test_a_group_named_like_the_creation_page_keeps_its_own_page(client, premium, creator):
    group = services.create_group(
        creator,
        name="Nouveau",
        description="Un groupe au nom malheureux.",
        theme="education",
        territory=premium.territory,
        space=premium,
    )
    response = client.get(group.get_absolute_url())
    assert response.status_code == 200
    assert "Un groupe au nom malheureux." in response.content.decode()
