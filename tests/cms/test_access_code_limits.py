"""Every form where a code is typed shares one limiter, keyed on the real client and the session (issue 10,
finding 2); and a changed or cleared access code closes what the old one opened ("first user" list).

Found by the audit: the space code form and Wagtail's page password form had no limit (100 wrong tries in 14 s,
then the right code worked); the Académie's limit was bypassed through the space form; behind a proxy the limit
was keyed on the proxy's address, so one person locked every citizen out. Clearing or changing the space's access
code left reserved pages on the old code.
"""

import pytest

from django.test import Client
from django.urls import reverse

from wagtail.models import PageViewRestriction

from cms.ratelimit import ACCESS_CODES
from tests.factories import AcademieIndexPageFactory, CollectiviteSpaceFactory, NewsIndexPageFactory, NewsPageFactory

CODE = "SOLEIL2026"
SECRET_TEXT = "Compte rendu réservé aux habitants"


@pytest.fixture
def reserved(home):
    space = CollectiviteSpaceFactory(
        parent=home, title="Ville de Test", slug="ville-de-test", access_code=CODE, package="premium"
    )
    index = NewsIndexPageFactory(parent=space)
    page = NewsPageFactory(parent=index, title="Réunion de quartier", summary=SECRET_TEXT)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")
    return space, page


def password_url(page):
    restriction = PageViewRestriction.objects.get(page=page)
    return reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])


def try_page_password(client, page, password):
    return client.post(password_url(page), {"password": password, "return_url": page.url})


def can_read(client, page):
    response = client.get(page.url)
    return response.status_code == 200 and SECRET_TEXT in response.content.decode()


@pytest.mark.security
def test_the_page_password_form_stops_checking_after_the_limit(client, reserved):
    _space, page = reserved
    for n in range(ACCESS_CODES.per_session):
        assert try_page_password(client, page, f"essai-{n}").status_code == 403
    response = try_page_password(client, page, CODE)
    assert response.status_code == 429
    assert "Trop de codes erronés" in response.content.decode()
    assert not can_read(client, page)


@pytest.mark.security
def test_the_space_form_stops_checking_after_the_limit(client, reserved):
    space, page = reserved
    for n in range(ACCESS_CODES.per_session):
        assert client.post(space.access_code_url(), {"code": f"essai-{n}"}).status_code == 400
    response = client.post(space.access_code_url(), {"code": CODE})
    assert response.status_code == 429
    assert "Trop de codes erronés" in response.content.decode()
    assert not can_read(client, page)


@pytest.mark.security
def test_failures_at_one_code_form_count_at_the_others(client, reserved):
    """The Académie's limit can no longer be bypassed through the space's form (nor the page's)."""
    space, page = reserved
    AcademieIndexPageFactory(parent=space.get_parent(), slug="academie")
    per_form = ACCESS_CODES.per_session // 3
    for n in range(per_form):
        client.post(space.access_code_url(), {"code": f"espace-{n}"})
        try_page_password(client, page, f"page-{n}")
        client.post("/academie/acces/", {"code": f"academie-{n}"})
    for _ in range(ACCESS_CODES.per_session - 3 * per_form):
        client.post(space.access_code_url(), {"code": "encore"})
    assert client.post("/academie/acces/", {"code": CODE}).status_code == 429
    assert client.post(space.access_code_url(), {"code": CODE}).status_code == 429
    assert try_page_password(client, page, CODE).status_code == 429


@pytest.mark.security
def test_a_script_without_cookies_is_stopped_by_its_address(reserved):
    space, page = reserved
    for n in range(ACCESS_CODES.per_client):
        Client(REMOTE_ADDR="198.51.100.7").post(space.access_code_url(), {"code": f"essai-{n}"})
    fresh = Client(REMOTE_ADDR="198.51.100.7")
    assert fresh.post(space.access_code_url(), {"code": CODE}).status_code == 429
    assert try_page_password(fresh, page, CODE).status_code == 429


@pytest.mark.security
def test_behind_the_proxy_one_person_does_not_lock_out_the_others(reserved, settings):
    """The limit is keyed on the real client (X-Forwarded-For through the trusted proxy), never on the proxy's
    address; and what a client writes before the proxy's entry is ignored."""
    settings.TRUSTED_PROXY_COUNT = 1
    space, page = reserved
    for n in range(ACCESS_CODES.per_client):
        forged = f"192.0.2.{n}, 198.51.100.7"
        Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forged).post(space.access_code_url(), {"code": "faux"})
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.250, 198.51.100.7")
    assert attacker.post(space.access_code_url(), {"code": CODE}).status_code == 429
    citizen = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert citizen.post(space.access_code_url(), {"code": CODE}).status_code == 302
    assert can_read(citizen, page)


@pytest.mark.security
def test_the_right_code_before_the_limit_still_opens(client, reserved):
    space, page = reserved
    for n in range(ACCESS_CODES.per_session - 1):
        client.post(space.access_code_url(), {"code": f"essai-{n}"})
    assert try_page_password(client, page, CODE).status_code == 302
    assert can_read(client, page)


# -- changing or clearing the code -------------------------------------------------------------------------------


@pytest.mark.security
def test_a_changed_code_closes_what_the_old_one_opened(reserved):
    space, page = reserved
    by_form, by_password = Client(), Client()
    by_form.post(space.access_code_url(), {"code": CODE})
    try_page_password(by_password, page, CODE)
    assert can_read(by_form, page) and can_read(by_password, page)

    space.access_code = "LUNE-2027"
    space.save()
    assert not can_read(by_form, page)
    assert not can_read(by_password, page)
    assert not can_read(Client(), page)
    # The old code opens nothing; the new one does.
    late = Client()
    assert try_page_password(late, page, CODE).status_code == 403
    assert not can_read(late, page)
    assert try_page_password(late, page, "LUNE-2027").status_code == 302
    assert can_read(late, page)


@pytest.mark.security
def test_a_cleared_code_closes_the_reserved_pages(reserved):
    space, page = reserved
    opened = Client()
    opened.post(space.access_code_url(), {"code": CODE})
    space.access_code = ""
    space.save()
    assert not can_read(opened, page)
    visitor = Client()
    assert try_page_password(visitor, page, CODE).status_code != 302
    assert not can_read(visitor, page)
    assert client_post_code(visitor, space, CODE).status_code == 400


def client_post_code(client, space, code):
    return client.post(space.access_code_url(), {"code": code})


def test_saving_the_space_without_changing_its_code_keeps_citizens_in(reserved):
    space, page = reserved
    citizen = Client()
    citizen.post(space.access_code_url(), {"code": CODE})
    space.title = "Ville de Test (nouveau nom)"
    space.save()
    assert can_read(citizen, page)


def test_a_restriction_added_to_a_space_without_code_is_closed(home):
    space = CollectiviteSpaceFactory(parent=home, slug="sans-code", access_code="")
    page = NewsPageFactory(parent=NewsIndexPageFactory(parent=space), summary=SECRET_TEXT)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="1234")
    visitor = Client()
    assert try_page_password(visitor, page, "1234").status_code != 302
    assert not can_read(visitor, page)
