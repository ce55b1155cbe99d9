"""GDPR rights in the account page and the API: download my data, delete my account.

The export holds the profile, the addresses, the consents, the participations (never what a secret ballot says), the
Académie's progress and quiz attempts. The deletion is one transaction: personal data gone, participations kept with
a keyed hash of the address in place of the account (so that the same mailbox cannot vote twice in the same
consultation, even with a new account), ballots untouched.
"""

import json
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from django.test import TestCase
from django.utils import timezone

from academie.models import LessonCompletion, QuizAnswer, QuizAttempt
from cms.accounts import personal_data
from cms.registry import registry
from consultations.models import Ballot, Participation
from consultations.voting import AlreadyVoted, email_voter_key, vote
from tests.factories import (
    AcademieIndexPageFactory,
    CitizenFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    LessonPageFactory,
    ParcoursPageFactory,
    UserFactory,
    full_answers,
)

from .helpers import PASSWORD, PROFILE_URL, User

EXPORT_URL = "/comptes/profil/mes-donnees/"
DELETE_URL = "/comptes/profil/supprimer/"
API_EXPORT_URL = "/api/auth/me/export/"
API_ME_URL = "/api/auth/me/"


def cast(page, user):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return vote(page.ballot_box.pk, full_answers(), user=user)


@pytest.fixture
def consultations(space):
    index = ConsultationIndexPageFactory(parent=space)
    return {
        "secret": ConsultationPageFactory(parent=index, title="Le nouveau parc", secrecy="secret"),
        "open": ConsultationPageFactory(parent=index, title="Le marché du samedi", secrecy="open"),
    }


@pytest.fixture
def citizen(communes):
    return CitizenFactory(
        username="camille",
        email="camille.moreau@example.org",
        commune=communes["villebrune"],
        age_bracket="35-49",
        gender="femme",
        demographics_consent_at=timezone.now(),
    )


@pytest.fixture
def lesson(home):
    academie = AcademieIndexPageFactory(parent=home)
    parcours = ParcoursPageFactory(parent=academie)
    return LessonPageFactory(parent=parcours, title="Le budget communal")


@pytest.fixture
def learner(citizen, lesson):
    LessonCompletion.objects.create(user=citizen, lesson=lesson, lesson_key=lesson.translation_key)
    attempt = QuizAttempt.objects.create(
        user=citizen, lesson=lesson, lesson_key=lesson.translation_key, quiz_id="quiz-1", score=1, total=2, passed=True
    )
    QuizAnswer.objects.create(attempt=attempt, question_id="q1", choice_ids=["c1"], correct=True)
    return citizen


@pytest.fixture
def voter(learner, consultations):
    cast(consultations["secret"], learner)
    cast(consultations["open"], learner)
    return learner


def download(client):
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    return response, json.loads(response.content)


# -- export -------------------------------------------------------------------------------------------------------


def test_the_export_is_a_json_attachment_of_everything_kept(client, voter, consultations, lesson):
    client.force_login(voter)
    response, data = download(client)
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="aimpact-mes-donnees-')
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

    assert data["account"]["username"] == "camille"
    assert data["email_addresses"] == [{"email": "camille.moreau@example.org", "verified": True, "primary": True}]
    assert data["profile"] == {
        "commune": {"code": "44990", "name": "Villebrune-sur-Loire"},
        "age_bracket": "35-49",
        "gender": "femme",
    }
    [consent] = data["consents"]
    assert consent["purpose"] == "demographics" and consent["given"] and consent["given_at"]

    participations = data["consultations"]["participations"]
    assert [(p["consultation"], p["secret_ballot"]) for p in participations] == [
        ("Le nouveau parc", True),
        ("Le marché du samedi", False),
    ]
    assert all(p["voted_at"] for p in participations)

    assert [entry["lesson"] for entry in data["academie"]["lessons_done"]] == ["Le budget communal"]
    [attempt] = data["academie"]["quiz_attempts"]
    assert attempt["score"] == 1
    assert attempt["answers"] == [{"question_id": "q1", "choice_ids": ["c1"], "correct": True}]


@pytest.mark.security
def test_the_export_never_holds_what_a_secret_ballot_says(client, voter, consultations):
    client.force_login(voter)
    _response, data = download(client)
    text = json.dumps(data)
    # The answers full_answers() gives: none of their choices, nor the sealed bytes, reach the file.
    for answer in ("q-single-c1", "q-multi-c1", "q-yes"):
        assert answer not in text
    [participation] = [p for p in data["consultations"]["participations"] if p["secret_ballot"]]
    assert set(participation) == {"consultation", "consultation_id", "voted_at", "channel", "secret_ballot"}


def test_the_export_needs_a_login(client):
    response = client.get(EXPORT_URL)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_the_profile_shows_the_download_and_delete_buttons(client, citizen):
    client.force_login(citizen)
    html = client.get(PROFILE_URL).content.decode()
    assert f'href="{EXPORT_URL}"' in html and "Télécharger mes données" in html
    assert f'href="{DELETE_URL}"' in html and "Supprimer mon compte" in html


def test_features_register_their_personal_data():
    assert [entry.name for entry in registry.personal_data()] == [
        "academie",
        "citizen_comments",
        "consultations",
        "debates",
        "debates_live",
        "doleances",
        "groups",
        "network",
        "newsletters",
    ]


# -- deletion -----------------------------------------------------------------------------------------------------


def delete(client, password=PASSWORD, confirm=True):
    data = {"password": password}
    if confirm:
        data["confirm"] = "on"
    return client.post(DELETE_URL, data)


def test_deleting_erases_the_person_and_keeps_the_ballots(client, voter, consultations):
    ballots_before = Ballot.objects.count()
    participations_before = Participation.objects.count()
    pk = voter.pk
    Token.objects.create(user=voter)
    client.force_login(voter)

    response = delete(client)

    assert response.status_code == 302 and response["Location"] == "/comptes/compte-supprime/"
    assert not User.objects.filter(pk=pk).exists()
    assert not EmailAddress.objects.filter(email="camille.moreau@example.org").exists()
    assert not Token.objects.filter(user_id=pk).exists()
    assert not LessonCompletion.objects.filter(user_id=pk).exists()
    assert QuizAttempt.objects.filter(user__isnull=True).count() == 1  # kept for the pass rates, without its author
    # Ballots untouched; participations kept, keyed by the mailbox's keyed hash, attached to no one.
    assert Ballot.objects.count() == ballots_before == 2
    assert Participation.objects.count() == participations_before == 2
    mailbox = email_voter_key("camille.moreau@example.org")
    assert set(Participation.objects.values_list("voter_key", "user")) == {(mailbox, None)}
    assert "camille" not in mailbox and not mailbox.startswith("user:")
    # Logged out, and told so.
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "Votre compte est supprimé" in page.content.decode()


@pytest.mark.security
def test_the_same_mailbox_cannot_vote_twice_after_signing_up_again(client, voter, consultations):
    client.force_login(voter)
    delete(client)
    again = CitizenFactory(username="camille2", email="Camille.Moreau+nouveau@example.org")
    counted = Ballot.objects.count()

    with pytest.raises(AlreadyVoted):
        cast(consultations["secret"], again)
    with pytest.raises(AlreadyVoted):
        cast(consultations["open"], again)
    assert Ballot.objects.count() == counted
    # A consultation they never voted in is open to the new account.
    other = ConsultationPageFactory(parent=consultations["secret"].get_parent(), title="Autre")
    cast(other, again)


def test_the_survey_form_tells_the_new_account_it_already_voted(client, voter, consultations):
    client.force_login(voter)
    delete(client)
    again = CitizenFactory(username="camille2", email="camille.moreau@example.org")
    client.force_login(again)
    html = client.get(consultations["secret"].url).content.decode()
    assert "Vous avez voté à cette consultation." in html


def test_a_wrong_password_deletes_nothing(client, voter):
    client.force_login(voter)
    response = delete(client, password="pas-le-bon")
    assert response.status_code == 400
    assert "Ce mot de passe n&#x27;est pas le bon." in response.content.decode()
    assert User.objects.filter(pk=voter.pk).exists()
    assert Participation.objects.filter(user=voter).count() == 2


def test_the_confirmation_box_is_required(client, voter):
    client.force_login(voter)
    response = delete(client, confirm=False)
    assert response.status_code == 400
    assert "Cochez cette case pour confirmer" in response.content.decode()
    assert User.objects.filter(pk=voter.pk).exists()


def test_the_deletion_is_all_or_nothing(client, voter):
    client.force_login(voter)
    with (
        mock.patch.object(User, "delete", side_effect=RuntimeError("the database went away")),
        pytest.raises(RuntimeError),
    ):
        delete(client)
    assert User.objects.filter(pk=voter.pk).exists()
    assert set(Participation.objects.values_list("user", flat=True)) == {voter.pk}
    assert LessonCompletion.objects.filter(user=voter).exists()


def test_an_administration_account_is_not_deleted_here(client, db):
    editor = UserFactory(is_staff=True)
    client.force_login(editor)
    response = delete(client)
    assert response.status_code == 302 and response["Location"] == PROFILE_URL
    assert User.objects.filter(pk=editor.pk).exists()


def test_the_delete_page_says_what_goes_and_what_stays(client, citizen):
    client.force_login(citizen)
    html = client.get(DELETE_URL).content.decode()
    assert "Ce qui est effacé" in html and "Ce qui est gardé, et pourquoi" in html
    assert 'autocomplete="current-password"' in html


# -- API ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def api(voter):
    client = APIClient()
    token = Token.objects.create(user=voter)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_api_exports_the_same_file(api, voter):
    response = api.get(API_EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["username"] == "camille"
    assert len(data["consultations"]["participations"]) == 2


def test_the_api_needs_a_token(db):
    response = APIClient().get(API_EXPORT_URL)
    assert response.status_code in (401, 403)
    assert set(response.json()) == {"code", "message"}


def test_the_api_deletes_with_the_password(api, voter):
    refused = api.delete(API_ME_URL, {"password": "pas-le-bon"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "wrong_password"
    missing = api.delete(API_ME_URL, {}, format="json")
    assert missing.status_code == 400 and missing.json()["code"] == "password_required"
    assert User.objects.filter(pk=voter.pk).exists()

    response = api.delete(API_ME_URL, {"password": PASSWORD}, format="json")
    assert response.status_code == 204
    assert not User.objects.filter(pk=voter.pk).exists()
    assert Participation.objects.count() == 2 and Ballot.objects.count() == 2
    assert api.get(API_EXPORT_URL).status_code == 401  # its token went with it


def test_the_api_endpoints_are_in_the_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "delete" in schema["paths"]["/api/auth/me/"]
    assert "get" in schema["paths"]["/api/auth/me/export/"]


def test_the_service_refuses_an_administration_account(db):
    with pytest.raises(personal_data.AccountNotDeletable):
        personal_data.delete_account(UserFactory(is_superuser=True))


@pytest.mark.security
def test_guessing_the_password_to_delete_counts_towards_the_login_lockout(client, citizen, settings):
    client.force_login(citizen)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        delete(client, password="pas-le-bon")
    response = delete(client)  # the right password, too late
    assert response.status_code == 429
    assert User.objects.filter(pk=citizen.pk).exists()
