"""One lockout for every way to log in (issue 10, finding 1): django-axes, per account and per client address.

Found by the audit: `/admin/login/`, `/_util/login/` and `/django-admin/login/` accepted 30 wrong passwords then the
right one, even while the citizen login had locked the account; each process counted alone.
"""

import pytest
from rest_framework.authtoken.models import Token

from django.test import Client

from tests.factories import CitizenFactory, UserFactory

from .helpers import LOGIN_URL, PASSWORD, TOKEN_URL

pytestmark = [pytest.mark.security, pytest.mark.django_db]

ADMIN_LOGIN = "/admin/login/"
PRIVATE_PAGE_LOGIN = "/_util/login/"


def fail(client, url, login, times, field="username"):
    return [client.post(url, {field: login, "password": f"mauvais-{n}"}).status_code for n in range(times)]


def test_the_admin_login_locks_after_the_limit_and_then_refuses_the_right_password(client, settings):
    user = UserFactory(username="redactrice", is_superuser=True, is_staff=True)
    statuses = fail(client, ADMIN_LOGIN, user.username, settings.AXES_FAILURE_LIMIT)
    assert statuses[-1] == 429
    response = client.post(ADMIN_LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Connexion bloquée temporairement" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_on_the_citizen_form_lock_the_admin_the_private_pages_and_the_api(settings):
    user = CitizenFactory(username="camille", is_staff=True, is_superuser=True)
    attacker = Client()
    fail(attacker, LOGIN_URL, user.email, settings.AXES_FAILURE_LIMIT, field="login")

    # Another client (another address would be locked for the account too): the account itself is locked.
    for url, field in ((ADMIN_LOGIN, "username"), (PRIVATE_PAGE_LOGIN, "username"), (LOGIN_URL, "login")):
        response = Client().post(url, {field: user.username, "password": PASSWORD})
        assert response.status_code == 429, url
    response = Client().post(TOKEN_URL, {"login": user.email, "password": PASSWORD}, content_type="application/json")
    assert response.status_code == 429
    assert response.json()["code"] == "too_many_attempts"
    assert "15 minutes" in response.json()["message"]
    assert not Token.objects.exists()


def test_spelling_the_account_differently_shares_its_count(settings):
    user = CitizenFactory(username="Camille", email="camille@example.org")
    spellings = ["camille", "CAMILLE@example.org", "Camille", "camille@EXAMPLE.org"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        # A new client (and address) each time: only the account's count can stop this.
        Client(REMOTE_ADDR=f"198.51.100.{n + 1}").post(
            LOGIN_URL, {"login": spellings[n % len(spellings)], "password": "mauvais"}
        )
    response = Client(REMOTE_ADDR="203.0.113.9").post(LOGIN_URL, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 429


def test_one_address_trying_many_accounts_is_locked_out(settings):
    victims = [CitizenFactory() for _ in range(settings.AXES_FAILURE_LIMIT)]
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for victim in victims:
        attacker.post(ADMIN_LOGIN, {"username": victim.username, "password": "mauvais"})
    other = CitizenFactory()
    assert attacker.post(LOGIN_URL, {"login": other.email, "password": PASSWORD}).status_code == 429
    # Citizens elsewhere are not affected.
    elsewhere = Client(REMOTE_ADDR="203.0.113.5")
    assert elsewhere.post(LOGIN_URL, {"login": other.email, "password": PASSWORD}).status_code == 302


def test_below_the_limit_the_right_password_still_works(client, settings):
    user = UserFactory(username="redactrice", is_superuser=True, is_staff=True)
    fail(client, ADMIN_LOGIN, user.username, settings.AXES_FAILURE_LIMIT - 2)
    assert client.post(ADMIN_LOGIN, {"username": user.username, "password": PASSWORD}).status_code == 302


def test_forged_forwarded_addresses_do_not_escape_the_lockout(settings):
    """Behind one proxy, the client's address is the last entry of X-Forwarded-For; whatever the client wrote
    before it is ignored (one trusted-proxy setting for every limiter, cms/middleware.py)."""
    settings.TRUSTED_PROXY_COUNT = 1
    victims = [CitizenFactory() for _ in range(settings.AXES_FAILURE_LIMIT)]
    for n, victim in enumerate(victims):
        Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7").post(
            LOGIN_URL, {"login": victim.email, "password": "mauvais"}
        )
    other = CitizenFactory()
    forged = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.200, 198.51.100.7")
    assert forged.post(LOGIN_URL, {"login": other.email, "password": PASSWORD}).status_code == 429
    # Another citizen behind the same proxy keeps their access: the limit is on the real client, not the proxy.
    neighbour = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert neighbour.post(LOGIN_URL, {"login": other.email, "password": PASSWORD}).status_code == 302


def test_the_django_admin_is_not_served(client):
    """Everything an editor manages is in the Wagtail admin: the Django admin was one more login to guess at."""
    assert client.get("/django-admin/login/").status_code == 404
    assert client.post("/django-admin/login/", {"username": "x", "password": "y"}).status_code == 404


def test_the_admin_offers_no_password_form_outside_the_lockout(client):
    """Found by the audit: Wagtail's account page checked the current password with `check_password`, outside
    the lockout. Passwords are changed on /comptes/password/change/, which counts in it."""
    user = UserFactory(username="redactrice", is_superuser=True, is_staff=True)
    client.force_login(user)
    page = client.get("/admin/account/").content.decode()
    assert 'name="password-old_password"' not in page
    data = {"password-old_password": "mauvais", "password-new_password1": "x", "password-new_password2": "x"}
    client.post("/admin/account/", data)
    assert client.get("/admin/password_reset/").status_code == 404
