"""Citizens' accounts: the profile page and the layout of the account pages."""

import re

import pytest

from django.utils import timezone

from tests.factories import CitizenFactory

from .helpers import LOGIN_URL, PROFILE_URL

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
