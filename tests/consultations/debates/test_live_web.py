"""The live section of a debate page (templates/debates/includes/live_section.html) and its forms (/debats/…):
no JavaScript needed, a secret vote acknowledged without its choice, the shift, the page cache."""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.sessions.backends.db import SessionStore
from django.template import Context, Template
from django.test import RequestFactory

from consultations.debates import live, questions
from consultations.debates.models import LivePollParticipation, Question
from tests.factories import CitizenFactory

from .live_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def render(debate, user=None):
    request = RequestFactory().get(debate.url)
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    template = Template("{% include 'debates/includes/live_section.html' %}")
    return template.render(Context({"page": debate, "request": request}))


def test_an_open_poll_offers_its_vote_form_and_a_secret_one_hides_its_counts(debate, organiser, make_poll, citizen):
    make_poll(question="Brouillon caché ?")
    poll = live.open_poll(make_poll(mode="secret", question="Secret ?").pk, organiser)
    html = render(debate, citizen)
    assert "Brouillon caché" not in html
    assert f'action="/debats/sondages/{poll.pk}/vote/"' in html and 'type="radio"' in html
    assert "Les résultats paraîtront à la clôture du sondage." in html
    live.vote(poll, citizen, 2)
    html = render(debate, citizen)
    assert "Vous avez voté." in html and 'type="radio"' not in html
    assert "Sans avis" not in html  # neither the choice made nor the choices' counts
    assert "1 votant" in html


def test_anonymous_visitors_are_asked_to_log_in_and_the_refresh_link_is_there(debate, organiser, make_poll):
    live.open_poll(make_poll(mode="open").pk, organiser)
    html = render(debate)
    assert "Connectez-vous</a> pour voter" in html and "Rafraîchir" in html
    assert "Connectez-vous</a> pour poser une question" in html
    assert 'src="/static/js/debate-live.js"' in html and "<script>" not in html


def test_the_shift_is_a_table_with_words_not_only_colours(debate, organiser, make_poll):
    before = live.open_poll(make_poll(mode="open", phase="before", choices=["Oui", "Non"]).pk, organiser)
    after = live.open_poll(
        make_poll(mode="open", phase="after", choices=["Oui", "Non"], compare_with=before).pk, organiser
    )
    voters = [CitizenFactory() for _ in range(4)]
    for voter, choice in zip(voters, [0, 1, 1, 1], strict=True):
        live.vote(before, voter, choice)
    for voter, choice in zip(voters, [0, 0, 0, 1], strict=True):
        live.vote(after, voter, choice)
    html = render(debate)
    assert "Comment l&#x27;avis a bougé" in html or "Comment l'avis a bougé" in html
    assert "+50,0 points (en hausse)" in html and "-50,0 points (en baisse)" in html
    assert "25,0 %" in html and "75,0 %" in html


def test_the_forms_vote_ask_upvote_and_withdraw_without_javascript(client, debate, organiser, make_poll, citizen):
    poll = live.open_poll(make_poll(mode="open").pk, organiser)
    client.force_login(citizen)
    response = client.post(f"/debats/sondages/{poll.pk}/vote/", {"choice": "1", "next": debate.url})
    assert response.status_code == 302 and response["Location"].endswith(f"#sondage-{poll.pk}")
    assert LivePollParticipation.objects.filter(poll=poll, user=citizen).exists()
    again = client.post(f"/debats/sondages/{poll.pk}/vote/", {"choice": "0", "next": debate.url})
    assert any("déjà voté" in str(message) for message in get_messages(again.wsgi_request))
    response = client.post(f"/debats/{debate.pk}/questions/", {"text": "Et le budget ?", "next": debate.url})
    question = Question.objects.get()
    assert response["Location"].endswith(f"#question-{question.pk}")
    other = CitizenFactory()
    client.force_login(other)
    client.post(f"/debats/questions/{question.pk}/soutien/", {"next": debate.url})
    question.refresh_from_db()
    assert question.upvotes_count == 1
    client.force_login(citizen)
    client.post(f"/debats/questions/{question.pk}/retirer/", {"next": debate.url})
    question.refresh_from_db()
    assert question.status == "deleted"


def test_a_refused_question_comes_back_next_to_its_field(client, debate, citizen):
    client.force_login(citizen)
    response = client.post(f"/debats/{debate.pk}/questions/", {"text": "x" * 600, "next": "https://evil.example/"})
    assert response["Location"].startswith(debate.url) and response["Location"].endswith("#poser-une-question")
    request = RequestFactory().get(debate.url)
    request.user = citizen
    request.session = client.session
    html = Template("{% include 'debates/includes/live_section.html' %}").render(
        Context({"page": debate, "request": request})
    )
    assert "600 caractères : 500 au plus" in html and 'aria-invalid="true"' in html


def test_anonymous_posts_go_to_the_login(client, debate, organiser, make_poll):
    poll = live.open_poll(make_poll(mode="open").pk, organiser)
    response = client.post(f"/debats/sondages/{poll.pk}/vote/", {"choice": "0"})
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert not LivePollParticipation.objects.exists()


def test_a_draft_polls_vote_url_is_a_404(client, debate, make_poll, citizen):
    draft = make_poll(mode="open")
    client.force_login(citizen)
    assert client.post(f"/debats/sondages/{draft.pk}/vote/", {"choice": "0"}).status_code == 404


def test_every_change_invalidates_the_debate_pages_cached_copies(debate, organiser, make_poll, citizen, monkeypatch):
    from cms import page_cache

    invalidated = []
    monkeypatch.setattr(page_cache, "invalidate_tags", lambda tags: invalidated.append({int(t) for t in tags}))
    poll = live.open_poll(make_poll(mode="open").pk, organiser)
    live.vote(poll, citizen, 0)
    questions.ask(debate, citizen, "Une question ?")
    assert len(invalidated) == 3 and all(debate.pk in tags for tags in invalidated)
