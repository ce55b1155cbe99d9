"""Citizens' accounts: sign-up with email verification, login and password reset."""

import re

import pytest
from allauth.account.models import EmailAddress

from django.core import mail
from django.urls import reverse

from tests.factories import CitizenFactory, UserFactory

from .helpers import LOGIN_URL, NEW_PASSWORD, SIGNUP_URL, User, link_in, logged_in_user_id, signup_data

# -- sign-up, verification, login ------------------------------------------------------------------------------------


def test_signup_page_uses_the_site_layout_in_french(client, communes):
    response = client.get(SIGNUP_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="fr">' in body
    assert "/static/css/main.css" in body
    assert '<main id="contenu"' in body
    assert 'class="skip-link"' in body
    assert "<title>Créer un compte – AimPact</title>" in body
    # Every field has a label tied to it; the commune's purpose is explained.
    for name in ("email", "password1", "password2", "commune", "demographics_consent", "age_bracket"):
        assert f'<label for="id_{name}"' in body, name
    assert "nécessaire pour voter aux consultations réservées aux habitants" in body
    assert "<legend>Pour les statistiques (facultatif)</legend>" in body
    # Nothing loaded from another site.
    assert not re.search(r'(src|href)="(https?:)?//', body)


def test_signup_sends_a_verification_email_and_login_waits_for_it(client, communes):
    response = client.post(SIGNUP_URL, signup_data(commune="villebrune-sur-loire"), follow=False)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="marie.dupont@example.org")
    assert user.username.startswith("mariedupont-")
    assert user.commune == communes["villebrune"]
    assert not EmailAddress.objects.get(user=user).verified
    assert logged_in_user_id(client) is None

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["marie.dupont@example.org"]
    assert message.subject.startswith("[AimPact] ")
    assert message.body.startswith("Bonjour,")
    assert "L'équipe AimPact" in message.body
    confirm_path = link_in(message)
    assert confirm_path.startswith("/comptes/confirm-email/")

    # Login, by email or by username, is refused until the address is verified.
    for login in ("marie.dupont@example.org", user.username):
        other = client.__class__()
        response = other.post(LOGIN_URL, {"login": login, "password": NEW_PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == reverse("account_email_verification_sent")
        assert logged_in_user_id(other) is None

    # The link opens a confirmation page (mail scanners following links confirm nothing); its button confirms.
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert not EmailAddress.objects.get(user=user).verified
    client.post(confirm_path)
    assert EmailAddress.objects.get(user=user).verified

    fresh = client.__class__()
    response = fresh.post(LOGIN_URL, {"login": "Marie.Dupont@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user_id(fresh) == str(user.pk)


def test_the_username_is_derived_from_the_email(client, communes):
    client.post(SIGNUP_URL, signup_data(email="jean-pierre.martin@example.org"))
    user = User.objects.get(email="jean-pierre.martin@example.org")
    assert user.username
    assert "@" not in user.username
    assert user.commune is None


def test_an_email_already_used_creates_no_second_account(client, communes):
    CitizenFactory(email="marie.dupont@example.org")
    client.post(SIGNUP_URL, signup_data(email="MARIE.DUPONT@example.org"))
    assert User.objects.filter(email__iexact="marie.dupont@example.org").count() == 1
    # The owner of the address is told, nobody else learns the address is taken.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["marie.dupont@example.org"]


def test_password_must_be_typed_twice_the_same(client, communes):
    response = client.post(SIGNUP_URL, signup_data(password2="autre-chose-2026"))
    assert response.status_code == 200
    assert not User.objects.filter(email="marie.dupont@example.org").exists()
    body = response.content.decode()
    assert 'role="alert"' in body
    assert 'aria-invalid="true"' in body


def test_password_reset_sends_a_working_link(client, communes):
    citizen = CitizenFactory(email="paul@example.org")
    response = client.post("/comptes/password/reset/", {"email": "paul@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["paul@example.org"]
    reset_path = link_in(mail.outbox[0])

    form_page = client.get(reset_path, follow=True)
    assert form_page.status_code == 200
    set_password_path = form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_path
    response = client.post(set_password_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)


def test_password_reset_for_an_unknown_address_sends_nothing_useful(client, communes):
    client.post("/comptes/password/reset/", {"email": "personne@example.org"})
    assert not User.objects.filter(email="personne@example.org").exists()
    assert all("password/reset/key" not in message.body for message in mail.outbox)


@pytest.mark.security
def test_signing_up_tells_nothing_about_which_usernames_exist(client, communes):
    """Found by the audit: sign-up answered « existe déjà » for staff usernames, so anyone could list the admin's
    logins (and, after a first fix, the confirmation email named « claire.admin3 »). Sign-up asks for no username:
    each account gets the local part of its address and a random suffix, whatever exists."""
    from django.contrib.auth.models import Group

    UserFactory(username="claire.admin", is_staff=True, is_superuser=True)
    UserFactory(username="claire.admin-2", groups=[Group.objects.create(name="Éditeurs – Ville")])
    assert 'name="username"' not in client.get(SIGNUP_URL).content.decode()
    for email in ("claire.admin@attaquant.example", "nom.libre@attaquant.example"):
        response = client.post(SIGNUP_URL, signup_data(email=email, username="claire.admin"))
        assert response.status_code == 302
        created = User.objects.get(email=email)
        base = email.split("@")[0].replace(".", "")
        assert re.fullmatch(rf"{base}-[0-9a-f]{{6}}", created.username), created.username
        assert not created.is_staff and not created.groups.exists()
        assert created.username in mail.outbox[-1].body
    assert User.objects.get(username="claire.admin").is_superuser
