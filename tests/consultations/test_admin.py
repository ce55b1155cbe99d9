"""The admin: questions freeze with the first ballot, templates, invitations, moderation and who may use them."""

import copy
import re

import pytest

from django.core import mail
from django.urls import reverse

from consultations.invitations import format_code
from consultations.models import ConsultationPage, FreeText, Invitation
from tests.consultations.admin_data import consultation_form_data
from tests.factories import CollectiviteSpaceFactory, UserFactory, full_answers, full_survey, question

from .helpers import add_ballots

FROZEN = "Les questions sont figées : des citoyens ont déjà voté."


def edit(client, page, survey, **fields):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), consultation_form_data(page, survey, **fields)
    )


def survey_errors(response):
    assert response.status_code == 200, f"expected the form again, got {response.status_code}"
    return [str(error) for error in response.context["form"].errors.get("survey", [])]


def live_survey(page):
    """The published survey's structure (ids, types, choices, limits)."""
    return ConsultationPage.objects.get(pk=page.pk).get_survey().structure()


@pytest.fixture
def voted(consultation):
    add_ballots(consultation, [("premier", full_answers(), {})])
    return consultation


def relabelled():
    survey = full_survey()
    survey[0]["value"]["label"] = "Êtes-vous favorable à ce projet ?"
    survey[1]["value"]["choices"][1]["value"] = "La gare SNCF"
    survey[3]["value"]["help_text"] = "1 = votre priorité"
    return survey


def structural_changes():
    added_question = [*full_survey(), question("short_text", "Encore une ?", qid="q-new", required=False)]
    removed_question = full_survey()[:-1]
    added_choice = full_survey()
    added_choice[1]["value"]["choices"].append({"type": "item", "value": "La plage", "id": "q-single-c4"})
    removed_choice = full_survey()
    del removed_choice[3]["value"]["choices"][2]
    reordered = full_survey()
    reordered[6], reordered[7] = reordered[7], reordered[6]
    new_limit = full_survey()
    new_limit[2]["value"]["max_choices"] = 4
    new_scale = full_survey()
    new_scale[4]["value"]["scale_max"] = "10"
    new_condition = full_survey()
    new_condition[2]["value"]["condition"] = {"question_number": None, "answer": ""}
    return {
        "added_question": added_question,
        "removed_question": removed_question,
        "added_choice": added_choice,
        "removed_choice": removed_choice,
        "reordered": reordered,
        "new_limit": new_limit,
        "new_scale": new_scale,
        "new_condition": new_condition,
    }


# -- questions freeze with the first ballot --------------------------------------------------------------------------


def test_the_unchanged_survey_saves(admin_client, voted):
    response = edit(admin_client, voted, full_survey(), title="Le nouveau parc (prolongée)")
    assert response.status_code == 302, survey_errors(response)
    assert ConsultationPage.objects.get(pk=voted.pk).title == "Le nouveau parc (prolongée)"


@pytest.mark.parametrize("change", list(structural_changes()))
def test_changing_the_structure_after_a_ballot_is_refused(admin_client, voted, change):
    before = live_survey(voted)
    revision = ConsultationPage.objects.get(pk=voted.pk).latest_revision_id
    response = edit(admin_client, voted, structural_changes()[change])
    errors = survey_errors(response)
    assert any(error.startswith(FROZEN) for error in errors), errors
    assert live_survey(voted) == before
    assert ConsultationPage.objects.get(pk=voted.pk).latest_revision_id == revision


def test_fixing_the_wording_after_a_ballot_is_allowed(admin_client, voted):
    response = edit(admin_client, voted, relabelled())
    assert response.status_code == 302
    page = ConsultationPage.objects.get(pk=voted.pk)
    survey = page.get_survey()
    assert survey.by_id["q-yes"].label == "Êtes-vous favorable à ce projet ?"
    assert survey.by_id["q-single"].choice_label("q-single-c2") == "La gare SNCF"
    assert survey.structure() == voted.get_survey().structure()


def test_the_edit_form_warns_that_questions_are_frozen(admin_client, voted):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[voted.pk]))
    assert "1 personne a déjà voté : les questions sont figées." in response.content.decode()


def test_before_any_ballot_the_questions_can_change(admin_client, consultation):
    for survey in structural_changes().values():
        response = edit(admin_client, consultation, survey)
        assert response.status_code == 302, survey_errors(response)
        assert [item[0] for item in live_survey(consultation)] == [block["id"] for block in survey]
    response = edit(admin_client, consultation, structural_changes()["added_question"])
    assert response.status_code == 302
    assert [q.id for q in ConsultationPage.objects.get(pk=consultation.pk).get_survey()][-1] == "q-new"


def test_a_draft_saved_before_the_first_ballot_cannot_be_published_after_it(admin_client, consultation):
    changed = structural_changes()["added_question"]
    response = edit(admin_client, consultation, changed, publish=False)  # saved as a draft
    assert response.status_code == 302
    assert len(live_survey(consultation)) == 8
    add_ballots(consultation, [("premier", full_answers(), {})])
    response = edit(admin_client, consultation, changed)
    errors = survey_errors(response)
    assert any(error.startswith(FROZEN) for error in errors), errors
    assert len(live_survey(consultation)) == 8


def test_bad_conditions_are_refused_in_the_admin(admin_client, consultation):
    survey = full_survey()
    survey[2]["value"]["condition"] = {"question_number": 1, "answer": "Peut-être"}
    errors = survey_errors(edit(admin_client, consultation, survey))
    assert errors == ["Question 3 : « Peut-être » n'est pas un des choix de la question 1."]


def test_closing_before_opening_is_refused(admin_client, consultation):
    response = edit(admin_client, consultation, full_survey(), closes_at="2020-01-01 10:00")
    assert response.status_code == 200
    assert "closes_at" in response.context["form"].errors


# -- templates -------------------------------------------------------------------------------------------------------


def test_start_from_template_fills_an_empty_survey(admin_client, make_consultation):
    page = make_consultation(survey=[])
    response = edit(admin_client, page, [], start_from_template="satisfaction_service")
    assert response.status_code == 302, survey_errors(response)
    survey = ConsultationPage.objects.get(pk=page.pk).get_survey()
    assert [q.type for q in survey] == ["scale", "single_choice", "multiple_choice", "short_text"]
    assert survey.questions[0].label == "Dans l'ensemble, êtes-vous satisfait de ce service ?"
    assert survey.questions[0].scale_max == 10
    # The template's condition resolved to the second question's choice.
    assert survey.questions[2].condition_question == survey.questions[1].id
    assert survey.questions[2].condition_choice == survey.questions[1].choices[0].id
    assert len({q.id for q in survey}) == 4


@pytest.mark.parametrize("template", ["avis_projet", "satisfaction_service", "priorites_budget"])
def test_every_template_is_a_valid_survey(template):
    from consultations.models import ConsultationPage
    from consultations.survey import Survey
    from consultations.templates_library import build_survey_stream

    stream_block = ConsultationPage._meta.get_field("survey").stream_block
    for language in ("fr", "en"):
        survey = Survey.from_stream(build_survey_stream(stream_block, template, language), strict=True)
        assert len(survey) >= 3


def test_a_template_does_not_replace_existing_questions(admin_client, consultation):
    response = edit(admin_client, consultation, full_survey(), start_from_template="avis_projet")
    assert response.status_code == 302
    assert [q.id for q in ConsultationPage.objects.get(pk=consultation.pk).get_survey()][0] == "q-yes"


# -- invitations -----------------------------------------------------------------------------------------------------


@pytest.fixture
def invitation_page(make_consultation):
    return make_consultation(eligibility="invitation", title="Sur invitation", slug="sur-invitation")


def test_inviting_by_email(client, editor, invitation_page, django_capture_on_commit_callbacks):
    client.force_login(editor)
    url = reverse("consultations_invitations", args=[invitation_page.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "emails": "email\nAna@Example.org\nbob@example.org, chloe@example.org;ana@example.org",
                "anonymous_codes": "2",
            },
        )
    assert response.status_code == 302
    invitations = Invitation.objects.filter(consultation=invitation_page)
    assert invitations.count() == 5
    assert sorted(invitations.exclude(email="").values_list("email", flat=True)) == [
        "ana@example.org",
        "bob@example.org",
        "chloe@example.org",
    ]
    assert invitations.filter(email="").count() == 2
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        invitation = invitations.get(email=message.to[0])
        assert format_code(invitation.code) in message.body
        assert "http://testserver/ville-de-test/consultations/sur-invitation/" in message.body
        assert invitation.sent_at is not None
    assert "Sur invitation" in mail.outbox[0].subject

    # Sent twice (a retried task) does not mail anyone twice; inviting again only invites newcomers.
    from consultations.invitations import send_invitation_emails

    assert send_invitation_emails(list(invitations.values_list("pk", flat=True))) == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"emails": "ana@example.org\ndan@example.org"})
    assert invitations.count() == 6
    assert [m.to for m in mail.outbox[3:]] == [["dan@example.org"]]

    csv_response = client.get(reverse("consultations_invitations_csv", args=[invitation_page.pk]))
    rows = csv_response.content.decode("utf-8-sig").splitlines()
    assert rows[0] == "code;email;envoye_le"
    assert len(rows) == 7
    assert all(re.match(r"^[A-Z2-9]{5}-[A-Z2-9]{5};", row) for row in rows[1:])


def test_an_invalid_address_creates_nothing(client, editor, invitation_page, django_capture_on_commit_callbacks):
    client.force_login(editor)
    url = reverse("consultations_invitations", args=[invitation_page.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"emails": "ana@example.org\npas-une-adresse\nbob@example.org"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ligne 2 : « pas-une-adresse » n&#x27;est pas une adresse e-mail." in html
    assert "Aucune invitation n'a été créée." in html
    assert not Invitation.objects.exists()
    assert mail.outbox == []
    assert client.post(url, {"emails": ""}).status_code == 400


def test_inviting_from_a_csv_file(client, editor, invitation_page, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    upload = SimpleUploadedFile("adresses.csv", "email\nana@example.org\nbob@example.org\n".encode("utf-8-sig"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("consultations_invitations", args=[invitation_page.pk]), {"emails_file": upload})
    assert response.status_code == 302
    assert Invitation.objects.count() == 2
    assert len(mail.outbox) == 2


# -- who may use the consultation admin ------------------------------------------------------------------------------


@pytest.fixture
def other_editor(home):
    other_space = CollectiviteSpaceFactory(parent=home, title="Ville d'ailleurs", slug="ailleurs")
    return UserFactory(username="editeur-ailleurs", groups=[other_space.editors_group])


def test_an_editor_of_another_space_is_refused(client, other_editor, consultation):
    add_ballots(consultation, [("a", full_answers(), {})])
    answer = FreeText.objects.get(question_id="q-short")
    client.force_login(other_editor)
    for name in ("consultations_moderation", "consultations_invitations", "consultations_invitations_csv"):
        assert_refused(client.get(reverse(name, args=[consultation.pk])))
    response = client.post(
        reverse("consultations_moderation", args=[consultation.pk]), {"decision": "approved", "answer": [answer.pk]}
    )
    assert_refused(response)
    answer.refresh_from_db()
    assert answer.moderation == "pending"
    response = client.post(reverse("consultations_invitations", args=[consultation.pk]), {"anonymous_codes": "3"})
    assert_refused(response)
    assert not Invitation.objects.exists()
    # Their own admin does not offer the actions either.
    html = client.get(reverse("wagtailadmin_explore", args=[consultation.get_parent().pk])).content.decode()
    assert reverse("consultations_moderation", args=[consultation.pk]) not in html


def assert_refused(response):
    """Wagtail answers a PermissionDenied in an admin view with a redirect to the dashboard and a message."""
    from django.contrib.messages import get_messages

    if response.status_code == 403:
        return
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert "error" in [m.level_tag for m in get_messages(response.wsgi_request)]


def test_visitors_without_admin_access_are_sent_to_the_login(client, citizen, consultation):
    url = reverse("consultations_moderation", args=[consultation.pk])
    assert client.get(url).status_code == 302
    client.force_login(citizen)
    assert client.get(url).status_code in (302, 403)


def test_the_spaces_editor_sees_the_consultation_actions(client, editor, consultation):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[consultation.pk])).content.decode()
    assert reverse("consultations_moderation", args=[consultation.pk]) in html
    assert reverse("consultations_invitations", args=[consultation.pk]) in html
    assert client.get(reverse("consultations_moderation", args=[consultation.pk])).status_code == 200


def test_moderation_needs_a_decision_and_answers(client, editor, consultation):
    add_ballots(consultation, [("a", full_answers(), {})])
    client.force_login(editor)
    url = reverse("consultations_moderation", args=[consultation.pk])
    answer = FreeText.objects.get(question_id="q-long")
    client.post(url, {"decision": "supprimer", "answer": [answer.pk]})
    client.post(url, {"decision": "approved"})
    answer.refresh_from_db()
    assert answer.moderation == "pending"
    html = client.get(url + "?etat=pending").content.decode()
    assert "Prévoir des bancs" in html
    assert "Enfin" in html
    client.post(url, {"decision": "rejected", "answer": [answer.pk]})
    assert "Prévoir des bancs" in client.get(url + "?etat=rejected").content.decode()
    assert "Prévoir des bancs" not in client.get(url).content.decode()


def test_unicode_digits_in_the_moderation_form_are_ignored_not_a_500(client, editor, consultation):
    """Found by the audit of issue 11: "²".isdigit() is True and int("²") fails."""
    add_ballots(consultation, [("a", full_answers(), {})])
    client.force_login(editor)
    url = reverse("consultations_moderation", args=[consultation.pk])
    response = client.post(url, {"decision": "approved", "answer": ["²", "①"]})
    assert response.status_code in (200, 302)
    assert FreeText.objects.filter(moderation="approved").count() == 0


def test_copy_of_the_survey_keeps_nothing_shared():
    """The helpers above build fresh data each time (guard against tests mutating each other's surveys)."""
    first = full_survey()
    second = copy.deepcopy(first)
    second[0]["value"]["label"] = "x"
    assert full_survey()[0]["value"]["label"] != "x"


def test_moderation_says_how_many_ballots_wait_for_their_batch(client, editor, consultation, settings):
    settings.CONSULTATIONS_BALLOT_BATCH = 25
    add_ballots(consultation, [(f"w{n}", full_answers(), {}) for n in range(3)])
    client.force_login(editor)
    html = client.get(reverse("consultations_moderation", args=[consultation.pk])).content.decode()
    assert "3 bulletins ne sont pas encore dépouillés" in html
    assert "par lots d&#x27;au moins 25 bulletins" in html or "par lots d'au moins 25 bulletins" in html


def test_the_secrecy_promised_to_voters_cannot_change_after_a_ballot(admin_client, voted, consultation):
    response = edit(admin_client, voted, full_survey(), secrecy="open")
    assert response.status_code == 200
    errors = [str(error) for error in response.context["form"].errors.get("secrecy", [])]
    assert errors and "Des citoyens ont déjà voté sous ce mode de scrutin" in errors[0]
    assert ConsultationPage.objects.get(pk=voted.pk).secrecy == "secret"


def test_before_any_ballot_the_secrecy_can_change(admin_client, consultation):
    response = edit(admin_client, consultation, full_survey(), secrecy="open")
    assert response.status_code == 302
    assert ConsultationPage.objects.get(pk=consultation.pk).secrecy == "open"


def test_publishing_a_draft_saved_before_the_first_ballot_cannot_change_what_voters_were_promised(consultation):
    """Found by the second audit: a draft saved before the first ballot (open ballot, one question fewer) was
    published afterwards through the editors' API or the scheduled publishing, which never run the edit form."""
    from django.core.exceptions import ValidationError

    draft = ConsultationPage.objects.get(pk=consultation.pk)
    draft.secrecy = "open"
    draft.survey = full_survey()[:-1]
    revision = draft.save_revision()
    add_ballots(consultation, [("premier", full_answers(), {})], released=False)
    with pytest.raises(ValidationError) as refused:
        revision.publish()
    assert set(refused.value.message_dict) == {"secrecy", "survey"}
    page = ConsultationPage.objects.get(pk=consultation.pk)
    assert page.secrecy == "secret" and len(page.get_survey()) == len(full_survey())


def test_publishing_new_dates_of_a_sealed_ballot_box_is_refused(consultation):
    import datetime

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from consultations.closing import close

    ConsultationPage.objects.filter(pk=consultation.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    close(consultation.pk)
    page = ConsultationPage.objects.get(pk=consultation.pk)
    page.closes_at = timezone.now() + datetime.timedelta(days=60)
    with pytest.raises(ValidationError) as refused:
        page.save_revision().publish()
    assert "closes_at" in refused.value.message_dict
    assert ConsultationPage.objects.get(pk=consultation.pk).closes_at < timezone.now()


def test_translations_take_their_modalities_from_the_ballot_box(consultation):
    """Found by the second audit: a translation could override the ballot mode, the dates or the results' visibility
    (wagtail-localize lets translators override choice fields) and show or decide other rules."""
    from wagtail.models import Locale

    english_locale = Locale.objects.get_or_create(language_code="en")[0]
    english = consultation.copy_for_translation(english_locale, copy_parents=True)
    english.secrecy = "open"
    english.results_visibility = "after_close"
    english.save_revision().publish()
    english = ConsultationPage.objects.get(pk=english.pk)
    assert (english.secrecy, english.results_visibility) == ("secret", "live")
    consultation = ConsultationPage.objects.get(pk=consultation.pk)
    consultation.results_visibility = "after_close"
    consultation.save_revision().publish()
    assert ConsultationPage.objects.get(pk=english.pk).results_visibility == "after_close"


def test_a_scheduled_revision_that_no_longer_validates_is_unscheduled_and_blocks_nothing(consultation, space):
    """A draft scheduled before the first ballot, which changes the questions, must not be published by the beat
    task, nor stop it from publishing the other scheduled pages."""
    import datetime

    from django.utils import timezone

    from cms.tasks import publish_scheduled_pages
    from tests.factories import NewsIndexPageFactory, NewsPageFactory

    draft = ConsultationPage.objects.get(pk=consultation.pk)
    draft.survey = full_survey()[:-1]
    soon = timezone.now() + datetime.timedelta(minutes=5)
    stale = draft.save_revision(approved_go_live_at=soon)
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=space), title="Brève", live=False)
    other = news.save_revision(approved_go_live_at=soon)
    add_ballots(consultation, [("premier", full_answers(), {})], released=False)
    type(stale).objects.filter(pk__in=[stale.pk, other.pk]).update(approved_go_live_at=timezone.now())
    assert publish_scheduled_pages() == "ok"
    stale.refresh_from_db()
    assert stale.approved_go_live_at is None
    assert len(ConsultationPage.objects.get(pk=consultation.pk).get_survey()) == len(full_survey())
    assert type(news).objects.get(pk=news.pk).live


# -- issue 10: no publishing without questions, a territory within the space's -------------------------------------

NO_QUESTION = "Ajoutez au moins une question avant de publier la consultation"


def create(client, parent, survey, publish=True, **fields):
    return client.post(
        reverse("wagtailadmin_pages:add", args=["consultations", "consultationpage", parent.pk]),
        consultation_form_data(None, survey, publish=publish, **fields),
    )


def test_a_consultation_without_questions_cannot_be_published_from_the_editor(admin_client, consultations_index):
    errors = survey_errors(create(admin_client, consultations_index, []))
    assert any(error.startswith(NO_QUESTION) for error in errors), errors
    assert not ConsultationPage.objects.filter(slug="une-consultation").exists()
    # A draft may be saved empty, and filled in later.
    response = create(admin_client, consultations_index, [], publish=False)
    assert response.status_code == 302
    draft = ConsultationPage.objects.get(slug="une-consultation")
    assert not draft.live
    errors = survey_errors(edit(admin_client, draft, []))
    assert any(error.startswith(NO_QUESTION) for error in errors), errors
    assert not ConsultationPage.objects.get(pk=draft.pk).live
    assert edit(admin_client, draft, full_survey()).status_code == 302
    assert ConsultationPage.objects.get(pk=draft.pk).live


def test_a_consultation_without_questions_cannot_be_published_by_code_or_scheduled(consultations_index):
    """The other ways of publishing (a revision published by code, as the editors' API does; the scheduled
    publishing) clean the page too."""
    import datetime

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from cms.tasks import publish_scheduled_pages
    from tests.factories import ConsultationPageFactory

    draft = ConsultationPageFactory(parent=consultations_index, live=False, survey=[])
    revision = draft.save_revision()
    with pytest.raises(ValidationError) as refused:
        revision.publish()
    assert NO_QUESTION in str(refused.value.message_dict["survey"])
    assert not ConsultationPage.objects.get(pk=draft.pk).live

    draft = ConsultationPage.objects.get(pk=draft.pk)
    draft.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    with pytest.raises(ValidationError):
        draft.save_revision()  # scheduling is refused in the first place
    # A revision scheduled without cleaning (or before this rule) is unscheduled, not published.
    stale = draft.save_revision(clean=False, approved_go_live_at=draft.go_live_at)
    type(stale).objects.filter(pk=stale.pk).update(approved_go_live_at=timezone.now())
    assert publish_scheduled_pages() == "ok"
    stale.refresh_from_db()
    assert stale.approved_go_live_at is None
    assert not ConsultationPage.objects.get(pk=draft.pk).live


@pytest.mark.security
def test_the_territory_of_a_consultation_stays_within_its_space(admin_client, consultations_index, consultation):
    """Found in issue 10: an editor could restrict a consultation to the residents of another collectivité."""
    from django.core.exceptions import ValidationError

    from tests.factories import TerritoryFactory

    paris = TerritoryFactory(kind="commune", code="75056", name="Paris", population=2100000)
    response = create(admin_client, consultations_index, full_survey(), eligibility="residents", territory=paris.pk)
    assert response.status_code == 200
    assert response.context["form"].errors.get("territory")
    assert not ConsultationPage.objects.filter(slug="une-consultation").exists()
    assert paris not in response.context["form"].fields["territory"].queryset

    response = edit(admin_client, consultation, full_survey(), eligibility="residents", territory=paris.pk)
    assert response.status_code == 200 and response.context["form"].errors.get("territory")
    assert ConsultationPage.objects.get(pk=consultation.pk).territory_id is None

    page = ConsultationPage.objects.get(pk=consultation.pk)
    page.territory = paris
    with pytest.raises(ValidationError) as refused:
        page.save_revision().publish()
    assert "territory" in refused.value.message_dict
    assert ConsultationPage.objects.get(pk=consultation.pk).territory_id is None

    # Its own territory is fine.
    own = consultation.collectivite_space.territory
    response = edit(admin_client, consultation, full_survey(), eligibility="residents", territory=own.pk)
    assert response.status_code == 302
    assert ConsultationPage.objects.get(pk=consultation.pk).territory_id == own.pk


def test_a_consultation_of_a_larger_space_may_choose_a_territory_it_contains(admin_client, home):
    from tests.factories import ConsultationIndexPageFactory, ConsultationPageFactory, TerritoryFactory

    departement = TerritoryFactory(kind="departement", code="44", name="Loire-Atlantique")
    inside = TerritoryFactory(kind="commune", code="44109", name="Nantes", parent=departement)
    outside = TerritoryFactory(kind="commune", code="75056", name="Paris")
    space = CollectiviteSpaceFactory(parent=home, title="Département", slug="departement-44", territory=departement)
    page = ConsultationPageFactory(parent=ConsultationIndexPageFactory(parent=space))
    assert edit(admin_client, page, full_survey(), eligibility="residents", territory=inside.pk).status_code == 302
    response = edit(admin_client, page, full_survey(), eligibility="residents", territory=outside.pk)
    assert response.status_code == 200 and response.context["form"].errors.get("territory")


def test_the_national_network_may_choose_any_territory(admin_client, home):
    from tests.factories import ConsultationIndexPageFactory, ConsultationPageFactory, TerritoryFactory

    paris = TerritoryFactory(kind="commune", code="75056", name="Paris")
    page = ConsultationPageFactory(parent=ConsultationIndexPageFactory(parent=home))
    assert edit(admin_client, page, full_survey(), eligibility="residents", territory=paris.pk).status_code == 302
    assert ConsultationPage.objects.get(pk=page.pk).territory_id == paris.pk
