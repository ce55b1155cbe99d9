"""Citizens' accounts: the header's account menu, languages, the admin's own login and the mobile app's API tokens."""

from rest_framework.authtoken.models import Token

from django.urls import reverse

from tests.factories import CitizenFactory, UserFactory

from .helpers import LOGIN_URL, PASSWORD, PROFILE_URL, SIGNUP_URL, TOKEN_URL, logged_in_user_id

# -- header, languages, admin login ----------------------------------------------------------------------------------


def test_the_header_offers_login_and_signup_then_profile_and_logout(client, home):
    body = client.get("/").content.decode()
    assert f'href="{LOGIN_URL}?next=%2F"' in body
    assert f'href="{SIGNUP_URL}?next=%2F"' in body
    assert PROFILE_URL not in body

    client.force_login(CitizenFactory(commune=None))
    body = client.get("/").content.decode()
    assert f'href="{PROFILE_URL}"' in body
    assert 'action="/comptes/logout/"' in body
    assert f'href="{LOGIN_URL}' not in body


def test_logout_from_the_header_form(client, home):
    client.force_login(CitizenFactory(commune=None))
    response = client.post("/comptes/logout/")
    assert response.status_code == 302
    assert logged_in_user_id(client) is None


def test_account_pages_exist_in_english_and_the_language_switch_stays_on_them(client, communes):
    body = client.get(SIGNUP_URL).content.decode()
    assert 'href="/en/comptes/signup/"' in body
    english = client.get("/en/comptes/login/")
    assert english.status_code == 200
    assert '<html lang="en">' in english.content.decode()


def test_the_wagtail_admin_keeps_its_own_login(client, settings):
    assert settings.WAGTAILADMIN_LOGIN_URL == "wagtailadmin_login"
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert reverse(settings.LOGIN_URL) == LOGIN_URL


def test_pages_private_to_logged_in_users_send_to_the_citizens_login(client, space):
    from wagtail.models import PageViewRestriction

    from tests.factories import NewsIndexPageFactory, NewsPageFactory

    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=space), title="Pour les inscrits")
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(news.url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN_URL}?next=")
    client.force_login(CitizenFactory())
    assert client.get(news.url).status_code == 200


def test_an_editor_without_verified_email_still_logs_into_the_admin(client, db):
    from django.contrib.auth.models import Permission

    editor = UserFactory(username="editrice")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    response = client.post("/admin/login/", {"username": "editrice", "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(editor.pk)


# -- API tokens for the mobile app -----------------------------------------------------------------------------------


def test_a_verified_citizen_gets_a_token_by_email_or_username(client, communes):
    citizen = CitizenFactory(username="lea", email="lea@example.org")
    response = client.post(
        TOKEN_URL, {"login": "lea@example.org", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=citizen).key == token

    response = client.post(TOKEN_URL, {"username": "lea", "password": PASSWORD}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["token"] == token


def test_the_token_authenticates_the_api_and_can_be_revoked(client, communes):
    citizen = CitizenFactory()
    token = client.post(
        TOKEN_URL, {"email": citizen.email, "password": PASSWORD}, content_type="application/json"
    ).json()["token"]
    without = client.delete(TOKEN_URL)
    assert without.status_code == 401
    assert without.json()["code"] == "not_authenticated"
    assert without.json()["message"]  # DRF's own message, in the same {"code", "message"} shape
    assert without["WWW-Authenticate"] == "Token"
    response = client.delete(TOKEN_URL, headers={"Authorization": f"Token {token}"})
    assert response.status_code == 204
    assert not Token.objects.filter(key=token).exists()
    assert client.delete(TOKEN_URL, headers={"Authorization": f"Token {token}"}).status_code == 401


def test_a_wrong_password_gets_no_token(client, communes):
    citizen = CitizenFactory()
    response = client.post(
        TOKEN_URL, {"login": citizen.email, "password": "pas-le-bon"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["message"] == "Adresse e-mail, nom d'utilisateur ou mot de passe incorrect."
    assert not Token.objects.exists()


def test_missing_credentials_are_explained(client, db):
    response = client.post(TOKEN_URL, {"login": "quelquun"}, content_type="application/json")
    assert response.status_code == 400
    assert "mot de passe" in response.json()["message"]


def test_an_unverified_citizen_gets_no_token(client, communes):
    citizen = CitizenFactory(verified_email=False)
    response = client.post(TOKEN_URL, {"login": citizen.email, "password": PASSWORD}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "email_not_verified"
    assert "n'est pas encore vérifiée" in response.json()["message"]
    assert not Token.objects.exists()


def test_repeated_wrong_passwords_are_rate_limited(client, communes, settings):
    citizen = CitizenFactory()
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [
        client.post(
            TOKEN_URL, {"login": citizen.email, "password": f"faux-{n}"}, content_type="application/json"
        ).status_code
        for n in range(limit)
    ]
    assert statuses[: limit - 1] == [400] * (limit - 1)
    assert statuses[-1] == 429
    # Even the right password waits now.
    assert (
        client.post(
            TOKEN_URL, {"login": citizen.email, "password": PASSWORD}, content_type="application/json"
        ).status_code
        == 429
    )
