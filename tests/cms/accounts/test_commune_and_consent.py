"""Citizens' accounts: the commune of residence and the consent to demographics."""

import pytest

from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.accounts.communes import resolve_commune
from tests.factories import CitizenFactory

from .helpers import SIGNUP_URL, User, signup_data

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
