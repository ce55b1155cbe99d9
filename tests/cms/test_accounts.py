"""Citizens' accounts: sign-up with email verification, login, password reset, commune of residence, consent to
demographics, the profile page, the header's account menu and the mobile app's API tokens."""

import re

import pytest
from allauth.account.models import EmailAddress
from rest_framework.authtoken.models import Token

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cms.accounts.communes import resolve_commune
from cms.models import Territory
from tests.factories import CitizenFactory, TerritoryFactory, UserFactory

PASSWORD = "motdepasse-test-123"  # CitizenFactory's
NEW_PASSWORD = "Lanterne-verte-2026"
User = get_user_model()

SIGNUP_URL = "/comptes/signup/"
LOGIN_URL = "/comptes/login/"
PROFILE_URL = "/comptes/profil/"
TOKEN_URL = "/api/auth/token/"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts attempts in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def communes(db):
    loire = TerritoryFactory(kind=Territory.Kind.DEPARTEMENT, code="44", name="Loire-Atlantique")
    seine = TerritoryFactory(kind=Territory.Kind.DEPARTEMENT, code="93", name="Seine-Saint-Denis")
    reunion = TerritoryFactory(kind=Territory.Kind.DEPARTEMENT, code="974", name="La Réunion")
    return {
        "villebrune": TerritoryFactory(code="44990", name="Villebrune-sur-Loire", parent=loire),
        "chapelle": TerritoryFactory(code="44992", name="La Chapelle-aux-Prés", parent=loire),
        "nazaire": TerritoryFactory(code="44184", name="Saint-Nazaire", parent=loire),
        "denis_93": TerritoryFactory(code="93066", name="Saint-Denis", parent=seine),
        "denis_974": TerritoryFactory(code="97411", name="Saint-Denis", parent=reunion),
        # A département is not a commune, even with a commune-like name.
        "departement": loire,
    }


def signup_data(**overrides):
    data = {
        "email": "marie.dupont@example.org",
        "username": "",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "commune": "",
        "age_bracket": "",
        "gender": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def link_in(message):
    match = re.search(r"https?://testserver(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


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
    for name in ("email", "username", "password1", "password2", "commune", "demographics_consent", "age_bracket"):
        assert f'<label for="id_{name}"' in body, name
    assert "nécessaire pour voter aux consultations réservées aux habitants" in body
    assert "<legend>Pour les statistiques (facultatif)</legend>" in body
    # Nothing loaded from another site.
    assert not re.search(r'(src|href)="(https?:)?//', body)


def test_signup_sends_a_verification_email_and_login_waits_for_it(client, communes):
    response = client.post(SIGNUP_URL, signup_data(commune="villebrune-sur-loire", username="marie"), follow=False)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="marie.dupont@example.org")
    assert user.username == "marie"
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
    for login in ("marie.dupont@example.org", "marie"):
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


def test_username_is_optional_and_derived_from_the_email(client, communes):
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


# -- commune of residence --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Villebrune-sur-Loire", "villebrune"),
        ("  villebrune sur loire ", "villebrune"),
        ("VILLEBRUNE SUR LOIRE", "villebrune"),
        ("la chapelle aux pres", "chapelle"),
        ("Chapelle-aux-Prés", "chapelle"),
        ("St-Nazaire", "nazaire"),
        ("44990", "villebrune"),
        ("97411", "denis_974"),
        ("Saint-Denis (93066)", "denis_93"),
        ("Villebrune-sur-Loire (44990)", "villebrune"),
    ],
)
def test_commune_is_found_by_name_or_code(communes, typed, expected):
    assert resolve_commune(typed) == communes[expected]


def test_an_empty_commune_is_none(communes):
    assert resolve_commune("") is None
    assert resolve_commune("   ") is None


def test_an_unknown_name_asks_for_the_insee_code(communes):
    with pytest.raises(ValidationError) as error:
        resolve_commune("Villeneuve-les-Pommiers")
    message = error.value.messages[0]
    assert "Nous ne trouvons pas de commune nommée « Villeneuve-les-Pommiers »" in message
    assert "code INSEE" in message


def test_a_departement_is_not_a_commune(communes):
    with pytest.raises(ValidationError):
        resolve_commune("Loire-Atlantique")
    with pytest.raises(ValidationError):
        resolve_commune("44")


def test_an_unknown_code_warns_about_postal_codes(communes):
    with pytest.raises(ValidationError) as error:
        resolve_commune("44000")
    message = error.value.messages[0]
    assert "Aucune commune n'a le code INSEE « 44000 »" in message
    assert "code postal" in message


def test_an_ambiguous_name_lists_the_communes_and_asks_for_the_code(communes):
    with pytest.raises(ValidationError) as error:
        resolve_commune("saint-denis")
    message = error.value.messages[0]
    assert "Plusieurs communes s'appellent « saint-denis »" in message
    assert "Saint-Denis (93066, Seine-Saint-Denis)" in message
    assert "Saint-Denis (97411, La Réunion)" in message
    assert "code INSEE" in message


def test_a_code_that_does_not_match_the_name_is_refused(communes):
    with pytest.raises(ValidationError) as error:
        resolve_commune("Saint-Nazaire (44990)")
    assert "Le code INSEE 44990 est celui de Villebrune-sur-Loire" in error.value.messages[0]


def test_signup_with_an_ambiguous_commune_is_refused_and_explained(client, communes):
    response = client.post(SIGNUP_URL, signup_data(commune="Saint-Denis"))
    assert response.status_code == 200
    assert not User.objects.filter(email="marie.dupont@example.org").exists()
    assert not mail.outbox
    body = response.content.decode()
    assert "Plusieurs communes s&#x27;appellent « Saint-Denis »" in body
    assert 'aria-describedby="id_commune_helptext id_commune_error"' in body

    response = client.post(SIGNUP_URL, signup_data(commune="93066"))
    assert response.status_code == 302
    assert User.objects.get(email="marie.dupont@example.org").commune == communes["denis_93"]


# -- consent to demographics -----------------------------------------------------------------------------------------


def test_demographics_without_consent_are_refused_at_signup(client, communes):
    response = client.post(SIGNUP_URL, signup_data(age_bracket="25-34", gender="femme"))
    assert response.status_code == 200
    assert not User.objects.filter(email="marie.dupont@example.org").exists()
    assert "cochez cette case de consentement" in response.content.decode()


def test_demographics_with_consent_are_stored_with_its_date(client, communes):
    before = timezone.now()
    response = client.post(
        SIGNUP_URL, signup_data(age_bracket="25-34", gender="femme", demographics_consent="on", commune="44992")
    )
    assert response.status_code == 302
    user = User.objects.get(email="marie.dupont@example.org")
    assert user.demographics_consented
    assert user.demographics_consent_at >= before
    assert (user.age_bracket, user.gender) == ("25-34", "femme")
    assert user.demographics() == {"age_bracket": "25-34", "gender": "femme"}
    assert user.commune_id == communes["chapelle"].pk


def test_consent_alone_is_allowed_and_no_answer_is_stored(client, communes):
    client.post(SIGNUP_URL, signup_data(demographics_consent="on"))
    user = User.objects.get(email="marie.dupont@example.org")
    assert user.demographics_consented
    assert user.demographics() == {"age_bracket": "", "gender": ""}


def test_no_consent_means_no_demographics(communes):
    user = CitizenFactory()
    assert not user.demographics_consented
    assert user.demographics() == {"age_bracket": "", "gender": ""}


def test_the_database_refuses_demographics_without_consent(communes):
    user = CitizenFactory()
    User.objects.filter(pk=user.pk).update(age_bracket="", gender="")  # allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(age_bracket="50-64")
    user.gender = "homme"
    with pytest.raises(ValidationError):
        user.full_clean()


def test_withdrawing_consent_blanks_the_demographics(communes):
    user = CitizenFactory(age_bracket="65+", gender="autre", demographics_consent_at=timezone.now())
    user.withdraw_demographics_consent()
    user.save()
    user.refresh_from_db()
    assert (user.age_bracket, user.gender, user.demographics_consent_at) == ("", "", None)
    assert not user.demographics_consented


def test_a_commune_deleted_leaves_the_citizen_without_commune(communes):
    user = CitizenFactory(commune=communes["nazaire"])
    communes["nazaire"].delete()
    user.refresh_from_db()
    assert user.commune is None


# -- profile page ----------------------------------------------------------------------------------------------------


def test_the_profile_needs_a_login(client, communes):
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={PROFILE_URL}"


def test_the_profile_shows_and_saves_commune_and_demographics(client, communes):
    citizen = CitizenFactory(commune=communes["villebrune"])
    client.force_login(citizen)
    page = client.get(PROFILE_URL)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'value="Villebrune-sur-Loire (44990)"' in body
    assert "Retirer mon consentement" not in body

    response = client.post(
        PROFILE_URL,
        {"commune": "Saint-Denis (97411)", "demographics_consent": "on", "age_bracket": "35-49", "gender": "homme"},
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.commune == communes["denis_974"]
    assert citizen.demographics() == {"age_bracket": "35-49", "gender": "homme"}
    page = client.get(PROFILE_URL)
    assert "Votre profil est enregistré." in page.content.decode()
    assert "Retirer mon consentement" in page.content.decode()


def test_the_profile_refuses_demographics_without_consent(client, communes):
    citizen = CitizenFactory()
    client.force_login(citizen)
    response = client.post(PROFILE_URL, {"commune": "", "age_bracket": "18-24"})
    assert response.status_code == 400
    assert "cochez cette case de consentement" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.age_bracket == ""


def test_the_profile_refuses_an_unknown_commune_and_keeps_the_old_one(client, communes):
    citizen = CitizenFactory(commune=communes["villebrune"])
    client.force_login(citizen)
    response = client.post(PROFILE_URL, {"commune": "Atlantide"})
    assert response.status_code == 400
    assert "Nous ne trouvons pas de commune nommée « Atlantide »" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.commune == communes["villebrune"]


def test_consent_is_withdrawn_with_its_button(client, communes):
    citizen = CitizenFactory(age_bracket="50-64", gender="femme", demographics_consent_at=timezone.now())
    client.force_login(citizen)
    response = client.post(PROFILE_URL, {"action": "withdraw_consent"})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.age_bracket, citizen.gender, citizen.demographics_consent_at) == ("", "", None)
    assert citizen.commune is not None  # the commune is not a demographic: it stays
    assert "Votre consentement est retiré" in client.get(PROFILE_URL).content.decode()


def test_unticking_consent_in_the_profile_erases_the_demographics(client, communes):
    citizen = CitizenFactory(age_bracket="50-64", gender="femme", demographics_consent_at=timezone.now())
    client.force_login(citizen)
    client.post(PROFILE_URL, {"commune": "44990", "age_bracket": "", "gender": ""})
    citizen.refresh_from_db()
    assert citizen.demographics_consent_at is None
    assert citizen.demographics() == {"age_bracket": "", "gender": ""}
    assert citizen.commune == communes["villebrune"]


def test_consent_date_is_kept_when_the_profile_is_saved_again(client, communes):
    given = timezone.now() - timezone.timedelta(days=30)
    citizen = CitizenFactory(age_bracket="50-64", gender="femme", demographics_consent_at=given)
    client.force_login(citizen)
    client.post(PROFILE_URL, {"demographics_consent": "on", "age_bracket": "65+", "gender": "femme"})
    citizen.refresh_from_db()
    assert citizen.demographics_consent_at == given
    assert citizen.age_bracket == "65+"


@pytest.mark.parametrize(
    ("path", "logged_in", "heading"),
    [
        ("/comptes/login/", False, "Connexion"),
        ("/comptes/password/reset/", False, "Réinitialisation du mot de passe"),
        ("/comptes/confirm-email/", False, "Vérifiez votre adresse e-mail"),
        ("/comptes/confirm-email/pas-une-cle/", False, "Confirmer l'adresse e-mail"),
        ("/comptes/email/", True, "Adresses e-mail"),
        ("/comptes/password/change/", True, "Modifier le mot de passe"),
        ("/comptes/logout/", True, "Se déconnecter"),
    ],
)
def test_allauth_pages_use_the_site_layout(client, communes, path, logged_in, heading):
    if logged_in:
        client.force_login(CitizenFactory())
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="fr">' in body
    assert "/static/css/main.css" in body
    assert 'class="site-header"' in body and 'class="site-footer"' in body
    h1 = re.search(r"<h1>\s*(.*?)\s*</h1>", body, re.S).group(1)
    assert h1.replace("&#x27;", "'") == heading
    assert not re.search(r'(src|href)="(https?:)?//', body)
    # Every visible input has a label.
    for input_id in re.findall(r'<input(?![^>]*type="hidden")[^>]*id="([^"]+)"', body):
        assert f'for="{input_id}"' in body, input_id


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
    token = client.post(TOKEN_URL, {"email": citizen.email, "password": PASSWORD}).json()["token"]
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


def test_repeated_wrong_passwords_are_rate_limited(client, communes):
    citizen = CitizenFactory()
    statuses = [client.post(TOKEN_URL, {"login": citizen.email, "password": f"faux-{n}"}).status_code for n in range(6)]
    assert statuses[:5] == [400] * 5
    assert statuses[5] == 429
    # Even the right password waits now.
    assert client.post(TOKEN_URL, {"login": citizen.email, "password": PASSWORD}).status_code == 429
