"""Client-only content: opened by the space's access code or its private link, never leaked by the API."""

import pytest

from wagtail.models import PageViewRestriction

from tests.factories import CollectiviteSpaceFactory, NewsIndexPageFactory, NewsPageFactory

SECRET_TEXT = "Compte rendu réservé aux habitants"


@pytest.fixture
def private_setup(home):
    space = CollectiviteSpaceFactory(parent=home, title="Ville de Test", slug="ville-de-test", access_code="SOLEIL2026")
    index = NewsIndexPageFactory(parent=space)
    public = NewsPageFactory(parent=index, title="Nouvelle publique", summary="Pour tout le monde")
    private = NewsPageFactory(parent=index, title="Réunion de quartier", summary=SECRET_TEXT)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    return space, public, private


def test_a_restriction_inside_a_space_uses_the_space_code(private_setup):
    _space, _public, private = private_setup
    assert PageViewRestriction.objects.get(page=private).password == "SOLEIL2026"


def test_changing_the_code_updates_the_restrictions(private_setup):
    space, _public, private = private_setup
    space.access_code = "LUNE-2027"
    space.save()
    assert PageViewRestriction.objects.get(page=private).password == "LUNE-2027"


def test_anonymous_visitor_gets_the_access_form_not_the_content(client, private_setup):
    _space, _public, private = private_setup
    response = client.get(private.url)
    assert response.status_code == 403
    body = response.content.decode()
    assert SECRET_TEXT not in body
    assert "Code d&#x27;accès" in body or "Code d'accès" in body
    assert 'name="next"' in body


def test_wrong_code_is_refused_with_a_clear_message(client, private_setup):
    space, _public, private = private_setup
    response = client.post(space.access_code_url(), {"code": "mauvais", "next": private.url})
    assert response.status_code == 400
    assert "Ce code n&#x27;est pas le bon" in response.content.decode()
    assert client.get(private.url).status_code == 403


def test_right_code_opens_every_reserved_page_of_the_space(client, private_setup):
    space, _public, private = private_setup
    response = client.post(space.access_code_url(), {"code": " soleil2026 ", "next": private.url})
    assert response.status_code == 302
    assert response["Location"] == private.url
    page = client.get(private.url)
    assert page.status_code == 200
    assert SECRET_TEXT in page.content.decode()


def test_next_cannot_send_the_citizen_to_another_site(client, private_setup):
    space, _public, _private = private_setup
    response = client.post(space.access_code_url(), {"code": "SOLEIL2026", "next": "https://malveillant.example/"})
    assert response.status_code == 302
    assert response["Location"] == space.url


def test_private_link_opens_reserved_content(client, private_setup):
    space, _public, private = private_setup
    response = client.get(space.private_link_url())
    assert response.status_code == 302
    assert client.get(private.url).status_code == 200


def test_a_wrong_private_link_is_refused(client, private_setup):
    space, _public, private = private_setup
    response = client.get(space.url + "acces/pas-le-bon-jeton/")
    assert response.status_code == 404
    assert "pas (ou plus) valide" in response.content.decode()
    assert client.get(private.url).status_code == 403


def test_regenerated_private_link_invalidates_the_old_one(client, private_setup):
    space, _public, private = private_setup
    old_link = space.private_link_url()
    space.regenerate_private_link()
    space.save()
    assert client.get(old_link).status_code == 404
    assert client.get(private.url).status_code == 403


def test_api_never_lists_or_returns_reserved_pages(client, private_setup):
    _space, public, private = private_setup
    listing = client.get("/api/v2/pages/", {"type": "cms.NewsPage", "fields": "summary"}).json()
    ids = {item["id"] for item in listing["items"]}
    assert public.id in ids
    assert private.id not in ids
    assert client.get(f"/api/v2/pages/{private.id}/").status_code == 404
    assert SECRET_TEXT not in client.get("/api/v2/pages/", {"search": "Compte rendu"}).content.decode()


def test_space_without_code_keeps_reserved_pages_closed(client, home):
    space = CollectiviteSpaceFactory(parent=home, access_code="")
    index = NewsIndexPageFactory(parent=space)
    private = NewsPageFactory(parent=index, summary=SECRET_TEXT)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="abc")
    response = client.post(space.access_code_url(), {"code": "abc"})
    assert response.status_code == 400
    assert "n&#x27;a pas de code d&#x27;accès" in response.content.decode()
