"""Editors belong to one collectivité: they edit its pages and nothing else, in the admin and through the API."""

import json

import pytest

from django.urls import reverse

from wagtail.models import APIToken, Collection, GroupPagePermission

from cms.models import NewsPage
from tests.factories import CollectiviteSpaceFactory, NewsIndexPageFactory, NewsPageFactory, UserFactory


@pytest.fixture
def two_spaces(home):
    spaces = {}
    for slug, title in (("nord", "Ville du Nord"), ("sud", "Ville du Sud")):
        space = CollectiviteSpaceFactory(parent=home, title=title, slug=slug)
        index = NewsIndexPageFactory(parent=space)
        news = NewsPageFactory(parent=index, title=f"Actualité de {title}")
        editor = UserFactory(username=f"editeur-{slug}", groups=[space.editors_group])
        spaces[slug] = {"space": space, "index": index, "news": news, "editor": editor}
    return spaces


def test_each_space_gets_its_own_editors_group_and_collection(two_spaces):
    north, south = two_spaces["nord"], two_spaces["sud"]
    assert north["space"].editors_group != south["space"].editors_group
    assert GroupPagePermission.objects.filter(group=north["space"].editors_group, page=north["space"]).count() == 5
    assert not GroupPagePermission.objects.filter(group=north["space"].editors_group, page=south["space"]).exists()
    assert Collection.objects.filter(name="Ville du Nord").exists()


def test_editor_edits_own_pages_in_the_admin(client, two_spaces):
    north = two_spaces["nord"]
    client.force_login(north["editor"])
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[north["news"].pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_explore", args=[north["index"].pk])).status_code == 200


def test_editor_cannot_see_or_edit_another_collectivite_in_the_admin(client, two_spaces):
    north, south = two_spaces["nord"], two_spaces["sud"]
    client.force_login(north["editor"])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[south["news"].pk]))
    assert edit.status_code in (302, 403)
    explorer = client.get(reverse("wagtailadmin_explore", args=[south["index"].pk]))
    assert explorer.status_code in (302, 403)
    assert "Actualité de Ville du Sud" not in explorer.content.decode()
    post = client.post(
        reverse("wagtailadmin_pages:edit", args=[south["news"].pk]),
        {"title": "Piraté", "slug": "pirate", "summary": "x", "date": "2026-01-01"},
    )
    assert post.status_code in (302, 403)
    south["news"].refresh_from_db()
    assert south["news"].title == "Actualité de Ville du Sud"
    revision = south["news"].get_latest_revision()
    assert revision is None or revision.content["title"] != "Piraté"
    # The explorer's menu starts at the editor's own space, not at the platform root.
    home_listing = client.get(reverse("wagtailadmin_explore_root"))
    assert "Ville du Sud" not in home_listing.content.decode()


def test_editor_cannot_add_a_page_in_another_collectivite(client, two_spaces):
    north, south = two_spaces["nord"], two_spaces["sud"]
    client.force_login(north["editor"])
    response = client.get(reverse("wagtailadmin_pages:add", args=["cms", "newspage", south["index"].pk]))
    assert response.status_code in (302, 403)


def _bearer(user):
    _token, plaintext = APIToken.create_token(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def _patch(client, page, title, headers):
    payload = {"meta": {"type": "cms.NewsPage", "action": "publish"}, "title": title}
    return client.patch(
        f"/api/v3/pages/{page.pk}/", data=json.dumps(payload), content_type="application/json", **headers
    )


def test_editor_updates_own_page_through_the_api(client, two_spaces):
    north = two_spaces["nord"]
    response = _patch(client, north["news"], "Titre mis à jour par l'API", _bearer(north["editor"]))
    assert response.status_code == 200, response.content
    assert NewsPage.objects.get(pk=north["news"].pk).title == "Titre mis à jour par l'API"


def test_editor_cannot_update_another_collectivite_through_the_api(client, two_spaces):
    north, south = two_spaces["nord"], two_spaces["sud"]
    response = _patch(client, south["news"], "Piraté", _bearer(north["editor"]))
    assert response.status_code in (403, 404)
    south["news"].refresh_from_db()
    assert south["news"].title == "Actualité de Ville du Sud"
    revision = south["news"].get_latest_revision()
    assert revision is None or revision.content["title"] != "Piraté"


def test_api_draft_of_another_space_is_not_readable(client, two_spaces):
    north, south = two_spaces["nord"], two_spaces["sud"]
    revision = south["news"].get_latest_revision_as_object()
    revision.title = "Brouillon confidentiel du Sud"
    revision.save_revision()
    response = client.get(f"/api/v3/pages/{south['news'].pk}/", {"version": "draft"}, **_bearer(north["editor"]))
    assert "Brouillon confidentiel du Sud" not in response.content.decode()


def test_translation_of_a_space_is_editable_by_the_same_group(two_spaces):
    from wagtail.models import Locale

    north = two_spaces["nord"]
    english = north["space"].copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.refresh_from_db()
    assert english.editors_group_id == north["space"].editors_group_id
    perms = english.permissions_for_user(north["editor"])
    assert perms.can_edit()
    assert not english.permissions_for_user(two_spaces["sud"]["editor"]).can_edit()


def test_admin_login_form_is_labelled_in_french(client, db):
    response = client.get(reverse("wagtailadmin_login"), HTTP_ACCEPT_LANGUAGE="fr")
    body = response.content.decode()
    assert "Mot de passe" in body
    assert ">\n            Password<" not in body


def test_editor_cannot_change_their_package_or_territory(client, two_spaces):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    from tests.factories import TerritoryFactory

    north = two_spaces["nord"]
    space = north["space"]
    client.force_login(north["editor"])
    form = client.get(reverse("wagtailadmin_pages:edit", args=[space.pk]))
    assert 'name="package"' not in form.content.decode()
    assert 'name="territory"' not in form.content.decode()
    elsewhere = TerritoryFactory(code="75056", name="Paris")
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[space.pk]),
        nested_form_data(
            {
                "title": space.title,
                "slug": space.slug,
                "introduction": "Nouveau mot d'accueil",
                "package": "sur_mesure",
                "territory": elsewhere.pk,
                "body": streamfield([]),
                "primary_color": space.primary_color,
                "secondary_color": space.secondary_color,
                "access_code": "",
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    space.refresh_from_db()
    assert space.introduction == "Nouveau mot d'accueil"
    assert space.package == "essentiel"
    assert space.territory_id != elsewhere.pk
