"""Voting on the site: the form, its errors, the invitation and email flows, and the survey block in any page."""

import datetime
import re

import pytest

from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone

from consultations.invitations import create_invitations
from consultations.models import Ballot, Participation
from consultations.voting import make_email_token
from tests.factories import CitizenFactory, NewsIndexPageFactory, NewsPageFactory, full_answers

from .helpers import cast, opened


def form_data(answers, **extra):
    """The answers dict as the web form posts it: ranks in one select per choice, check boxes repeated."""
    data = {}
    for qid, value in answers.items():
        if qid == "q-rank":
            for rank, choice_id in enumerate(value, start=1):
                data[f"q-{qid}-{choice_id}"] = str(rank)
        else:
            data[f"q-{qid}"] = value
    data.update(extra)
    return data


def counts():
    return Participation.objects.count(), Ballot.objects.count()


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def page_url(consultation):
    return consultation.url


def test_the_consultation_page_lists_every_question(client, consultation, citizen, page_url):
    assert page_url == "/ville-de-test/consultations/nouveau-parc/"
    client.force_login(citizen)
    response = client.get(page_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'action="/ville-de-test/consultations/nouveau-parc/"' in html
    for name in ("q-q-yes", "q-q-single", "q-q-multi", "q-q-scale", "q-q-number", "q-q-short", "q-q-long"):
        assert f'name="{name}"' in html
    for choice in ("q-rank-c1", "q-rank-c2", "q-rank-c3"):
        assert f'name="q-q-rank-{choice}"' in html
    assert 'data-condition-question="q-q-yes" data-condition-choice="yes"' in html
    assert "Vote secret" in html


def test_anonymous_visitors_are_asked_to_log_in(client, consultation, page_url):
    response = client.get(page_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Connectez-vous ou créez un compte pour voter." in html
    assert "/comptes/login/?next=" in html
    assert 'name="q-q-yes"' not in html
    response = client.post(page_url, form_data(full_answers()))
    assert response.status_code == 403
    assert counts() == (0, 0)


def test_vote_on_the_site(client, consultation, citizen, page_url):
    client.force_login(citizen)
    response = client.post(page_url, form_data(full_answers()))
    assert response.status_code == 302
    assert response["Location"] == page_url
    assert counts() == (1, 1)
    participation = Participation.objects.get()
    assert (participation.user, participation.channel) == (citizen, "web")
    [(answers, _profile)] = opened(consultation)
    assert answers["q-rank"] == ["q-rank-c3", "q-rank-c1", "q-rank-c2"]
    assert answers["q-multi"] == ["q-multi-c1", "q-multi-c3"]

    followed = client.get(page_url)
    assert "Merci, votre vote est enregistré." in followed.content.decode()
    assert "Vous avez voté à cette consultation" in followed.content.decode()
    assert 'name="q-q-yes"' not in followed.content.decode()


def test_a_second_vote_shows_an_error(client, consultation, citizen, page_url):
    cast(consultation, citizen)
    client.force_login(citizen)
    response = client.post(page_url, form_data(full_answers(**{"q-yes": "no"})))
    assert response.status_code == 409
    assert "Vous avez déjà voté à cette consultation : un seul vote par personne." in texts(response)
    assert counts() == (1, 1)


def test_invalid_answers_are_shown_next_to_their_question(client, consultation, citizen, page_url):
    client.force_login(citizen)
    answers = full_answers(**{"q-single": None, "q-scale": "8", "q-short": "x" * 250})
    response = client.post(page_url, form_data(answers))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Votre vote n&#x27;est pas enregistré" in html
    assert "Cette question est obligatoire." in html
    assert "Choisissez une note entre 1 et 5." in html
    assert "Votre réponse est trop longue" in html
    assert '<a href="#q-q-single" data-question-number="2">' in html
    # What was typed is kept.
    assert 'value="12"' in html
    assert counts() == (0, 0)


def test_ranks_given_twice_are_refused(client, consultation, citizen, page_url):
    client.force_login(citizen)
    data = form_data(full_answers())
    data["q-q-rank-q-rank-c2"] = "1"  # the same rank as q-rank-c3
    response = client.post(page_url, data)
    assert response.status_code == 400
    assert "Chaque rang ne peut être donné qu&#x27;une fois." in response.content.decode()
    assert counts() == (0, 0)
    data = form_data(full_answers())
    del data["q-q-rank-q-rank-c2"]
    response = client.post(page_url, data)
    assert response.status_code == 400
    assert "Classez tous les choix, chacun à un rang différent." in response.content.decode()
    assert counts() == (0, 0)


def test_conditional_question_on_the_site(client, consultation, citizen, page_url):
    client.force_login(citizen)
    response = client.post(page_url, form_data(full_answers(**{"q-yes": "no"})))
    assert response.status_code == 302
    assert "q-multi" not in opened(consultation)[0][0]


def test_closed_and_upcoming_consultations_refuse_votes(client, make_consultation, citizen):
    now = timezone.now()
    closed = make_consultation(opens_at=now - datetime.timedelta(days=3), closes_at=now - datetime.timedelta(days=1))
    upcoming = make_consultation(opens_at=now + datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=3))
    client.force_login(citizen)
    response = client.get(closed.url)
    assert "Cette consultation est terminée : il n&#x27;est plus possible de voter." in response.content.decode()
    response = client.post(closed.url, form_data(full_answers()))
    assert response.status_code == 403
    response = client.post(upcoming.url, form_data(full_answers()))
    assert response.status_code == 403
    assert "Cette consultation n'est pas encore ouverte" in texts(response)[0]
    assert counts() == (0, 0)


def test_residents_only(client, make_consultation, citizen):
    page = make_consultation(eligibility="residents")
    stranger = CitizenFactory()
    client.force_login(stranger)
    response = client.get(page.url)
    assert "réservée aux habitants de Villetest" in response.content.decode()
    assert client.post(page.url, form_data(full_answers())).status_code == 403
    homeless = CitizenFactory(commune=None)
    client.force_login(homeless)
    response = client.get(page.url)
    assert "/comptes/profil/" in response.content.decode()
    client.force_login(citizen)
    assert client.post(page.url, form_data(full_answers())).status_code == 302
    assert counts()[0] == 1


# -- invitation codes ------------------------------------------------------------------------------------------------


def test_invitation_code_flow(client, make_consultation):
    page = make_consultation(eligibility="invitation")
    invitation = create_invitations(page, count=1)[0]
    code_url = page.url + "code/"

    response = client.get(page.url)
    assert code_url in response.content.decode()
    assert client.get(code_url).status_code == 200

    response = client.post(code_url, {"code": "ZZZZZ-ZZZZZ"})
    assert response.status_code == 400
    assert "Ce code d&#x27;invitation n&#x27;est pas valable pour cette consultation." in response.content.decode()
    assert client.post(code_url, {"code": ""}).status_code == 400

    response = client.post(code_url, {"code": f"{invitation.code[:5]}-{invitation.code[5:]}".lower()})
    assert response.status_code == 302
    assert response["Location"] == page.url
    assert 'name="q-q-yes"' in client.get(page.url).content.decode()
    response = client.post(page.url, form_data(full_answers()))
    assert response.status_code == 302
    assert Participation.objects.get().voter_key == f"invitation:{invitation.pk}"

    # The same code in another browser: one ballot only.
    other = type(client)()
    other.post(code_url, {"code": invitation.code})
    response = other.post(page.url, form_data(full_answers()))
    assert response.status_code == 409
    assert counts() == (1, 1)


# -- email confirmation ----------------------------------------------------------------------------------------------


def test_email_confirmation_flow(client, make_consultation):
    page = make_consultation(eligibility="email", title="Sans compte")
    request_url = page.url + "confirmer-email/"
    assert request_url in client.get(page.url).content.decode()

    response = client.post(request_url, {"email": "pas-une-adresse"})
    assert response.status_code == 400
    assert mail.outbox == []

    response = client.post(request_url, {"email": "Ana@Example.org"})
    assert response.status_code == 200
    assert "Un lien de confirmation a été envoyé à Ana@Example.org" in response.content.decode()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/confirmer-email/\S+/", mail.outbox[0].body).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)
    assert re.fullmatch(r"/ville-de-test/consultations/sans-compte/confirmer-email/[\w-]+/", path)

    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == page.url
    assert 'name="q-q-yes"' in client.get(page.url).content.decode()
    assert client.post(page.url, form_data(full_answers())).status_code == 302
    assert counts() == (1, 1)

    # Following the link again in another browser does not give a second ballot.
    other = type(client)()
    other.get(path)
    assert other.post(page.url, form_data(full_answers())).status_code == 409
    assert counts() == (1, 1)


def test_a_forged_confirmation_link_is_refused(client, make_consultation):
    page = make_consultation(eligibility="email")
    other = make_consultation(eligibility="email")
    for token in ("forge", make_email_token(other, "ana@example.org")):
        response = client.get(page.url + f"confirmer-email/{token}/")
        assert response.status_code == 302
        assert response["Location"] == page.url + "confirmer-email/"
        assert texts(response)[-1] == (
            "Ce lien de confirmation n'est pas valable."
            if token == "forge"
            else "Ce lien de confirmation concerne une autre consultation."
        )
    assert client.post(page.url, form_data(full_answers())).status_code == 403
    assert counts() == (0, 0)


# -- the survey block ------------------------------------------------------------------------------------------------


@pytest.fixture
def news_with_survey(space, consultation):
    index = NewsIndexPageFactory(parent=space)
    return NewsPageFactory(
        parent=index,
        title="Le parc, parlons-en",
        slug="le-parc",
        body=[{"type": "survey", "value": {"consultation": consultation.pk, "heading": "Votez ici"}}],
    )


def test_the_survey_block_renders_the_form_and_votes_in_place(client, consultation, citizen, news_with_survey):
    client.force_login(citizen)
    news_url = news_with_survey.url
    response = client.get(news_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Votez ici" in html
    assert f'action="{consultation.url}"' in html
    assert f'<input type="hidden" name="next" value="{news_url}">' in html
    assert 'name="q-q-yes"' in html

    response = client.post(consultation.url, form_data(full_answers(), next=news_url))
    assert response.status_code == 302
    assert response["Location"] == news_url
    assert counts() == (1, 1)
    assert "Vous avez voté à cette consultation" in client.get(news_url).content.decode()


def test_the_survey_block_for_anonymous_visitors(client, consultation, news_with_survey):
    html = client.get(news_with_survey.url).content.decode()
    assert "Connectez-vous ou créez un compte pour voter." in html


def test_next_must_stay_on_the_site(client, consultation, citizen):
    client.force_login(citizen)
    response = client.post(consultation.url, form_data(full_answers(), next="https://evil.example.com/"))
    assert response.status_code == 302
    assert response["Location"] == consultation.url


def test_the_survey_block_of_a_closed_consultation(client, consultation, news_with_survey):
    type(consultation).objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    html = client.get(news_with_survey.url).content.decode()
    assert "Cette consultation est terminée." in html
    assert 'name="q-q-yes"' not in html
    assert consultation.url + "resultats/" in html


def test_access_subpages_exist_only_for_their_eligibility_rule(client, consultation, make_consultation):
    """An account consultation has no invitation code or email confirmation: no email is sent for it."""
    assert client.get(consultation.url + "code/").status_code == 404
    assert client.post(consultation.url + "code/", {"code": "ABCDE-FGHJK"}).status_code == 404
    assert client.get(consultation.url + "confirmer-email/").status_code == 404
    assert client.post(consultation.url + "confirmer-email/", {"email": "ana@example.org"}).status_code == 404
    token = make_email_token(consultation, "ana@example.org")
    assert client.get(consultation.url + f"confirmer-email/{token}/").status_code == 404
    assert mail.outbox == []
    invitation_page = make_consultation(eligibility="invitation")
    assert client.get(invitation_page.url + "confirmer-email/").status_code == 404
    assert client.get(invitation_page.url + "code/").status_code == 200


def test_confirmation_emails_are_rate_limited_on_the_site_too(client, api, make_consultation):
    page = make_consultation(eligibility="email")
    url = page.url + "confirmer-email/"
    statuses = [client.post(url, {"email": f"p{n}@example.org"}).status_code for n in range(6)]
    statuses += [
        api.post(
            f"/api/consultations/{page.pk}/email-confirmations/", {"email": f"q{n}@example.org"}, format="json"
        ).status_code
        for n in range(5)
    ]
    assert statuses == [200] * 6 + [202] * 4 + [429]
    response = client.post(url, {"email": "encore@example.org"})
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert len(mail.outbox) == 10


def test_a_survey_block_whose_consultation_is_withdrawn(client, consultation, news_with_survey):
    consultation.unpublish()
    html = client.get(news_with_survey.url).content.decode()
    assert "Votez ici" in html
    assert "Ce questionnaire n'est pas disponible pour le moment." in html
    assert 'name="q-q-yes"' not in html


def test_the_survey_block_shows_nothing_of_a_reserved_consultation(client, consultation, citizen, news_with_survey):
    """Found by the second audit: a public page showed the question and summary of a consultation reserved to a
    space's clients."""
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=consultation, restriction_type="password", password="CODE2026")
    client.force_login(citizen)
    html = client.get(news_with_survey.url).content.decode()
    assert 'name="q-q-yes"' not in html and consultation.summary not in html
    assert "Votez ici" in html and "pas disponible pour le moment" in html


# -- issue 10: an empty ballot, question numbers, scale labels ------------------------------------------------------


@pytest.fixture
def all_optional(make_consultation):
    from tests.factories import question

    return make_consultation(
        survey=[
            question("short_text", "En un mot ?", qid="q-short", required=False),
            question("yes_no", "D'accord ?", qid="q-yes", required=False),
        ]
    )


def test_an_empty_ballot_is_refused_on_the_site_with_a_clear_message(client, all_optional, citizen):
    client.force_login(citizen)
    response = client.post(all_optional.url, {"q-q-short": "", "q-q-yes": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Votre vote n&#x27;est pas enregistré" in html or "Votre vote n'est pas enregistré" in html
    assert "Votre bulletin est vide : répondez à au moins une question avant d&#x27;envoyer." in html
    assert counts() == (0, 0)


def test_an_empty_ballot_from_a_survey_block_is_refused_too(client, all_optional, citizen, space):
    index = NewsIndexPageFactory(parent=space, title="Actualités", slug="actus")
    news = NewsPageFactory(
        parent=index,
        title="À vous",
        slug="a-vous",
        body=[{"type": "survey", "value": {"consultation": all_optional.pk}}],
    )
    client.force_login(citizen)
    response = client.post(all_optional.url, {"next": news.url})
    assert response.status_code == 400
    assert "Votre bulletin est vide" in response.content.decode()
    assert counts() == (0, 0)


def test_each_scale_radio_is_labelled_with_its_meaning(client, consultation, citizen, page_url):
    """Issue 10: the scale's radios were named only « 1 » to « 5 »; the end labels stood apart from them."""
    client.force_login(citizen)
    html = client.get(page_url).content.decode()
    fieldset = html[html.index('id="q-q-scale"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    labels = {
        radio_id: re.sub(r"<[^>]+>", "", text).strip()
        for radio_id, text in re.findall(r'<label for="(q-q-scale-\d)">(.*?)</label>', fieldset, re.S)
    }
    assert labels == {
        "q-q-scale-1": "1 – Faible",
        "q-q-scale-2": "2 sur 5",
        "q-q-scale-3": "3 sur 5",
        "q-q-scale-4": "4 sur 5",
        "q-q-scale-5": "5 – Fort",
    }
    # Every radio has its label (and no bare number as its only name).
    assert len(re.findall(r'<input type="radio" name="q-q-scale"', fieldset)) == 5


def test_every_question_is_numbered_in_order_on_the_server_and_the_script_renumbers_what_it_hides(
    client, consultation, citizen, page_url
):
    from django.contrib.staticfiles import finders

    client.force_login(citizen)
    html = client.get(page_url).content.decode()
    assert re.findall(r'<span class="question__number">(\d+)\.</span>', html) == [str(n) for n in range(1, 9)]
    with open(finders.find("js/survey.js"), encoding="utf-8") as file:
        script = file.read()
    assert "function renumber(form)" in script and "data-question-number" not in html  # no errors yet
