"""The live polls' and questions' API (consultations/debates/live_api.py)."""

import pytest
from rest_framework.test import APIClient

from consultations.debates import live, questions
from consultations.debates.models import LivePoll, LivePollParticipation, Question
from tests.factories import UserFactory

from .live_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_live_data_hides_drafts_and_secret_counts_and_says_who_voted(debate, organiser, make_poll, citizen):
    make_poll(question="Brouillon ?")
    secret = live.open_poll(make_poll(mode="secret", question="Secret ?").pk, organiser)
    public = live.open_poll(make_poll(mode="open", question="À main levée ?").pk, organiser)
    live.vote(secret, citizen, 1)
    live.vote(public, citizen, 2)
    questions.ask(debate, citizen, "Une question ?")
    body = client_for(citizen).get(f"/api/debates/{debate.pk}/live/").json()
    assert [p["question"] for p in body["polls"]] == ["Secret ?", "À main levée ?"]
    secret_body, public_body = body["polls"]
    assert secret_body["has_voted"] and not secret_body["results_visible"] and secret_body["participants"] == 1
    assert [c["votes"] for c in secret_body["choices"]] == [None, None, None]
    assert [c["votes"] for c in public_body["choices"]] == [0, 0, 1]
    assert body["questions"][0]["text"] == "Une question ?" and body["questions"][0]["mine"]
    anonymous = client_for().get(f"/api/debates/{debate.pk}/live/").json()
    assert not anonymous["polls"][0]["has_voted"] and not anonymous["may_participate"]


def test_vote_once_then_409(debate, organiser, make_poll, citizen):
    poll = live.open_poll(make_poll(mode="open").pk, organiser)
    client = client_for(citizen)
    response = client.post(f"/api/debates/polls/{poll.pk}/vote/", {"choice": 1}, format="json")
    assert response.status_code == 201
    again = client.post(f"/api/debates/polls/{poll.pk}/vote/", {"choice": 0}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_voted"
    bad = client.post(f"/api/debates/polls/{poll.pk}/vote/", {"choice": 9}, format="json")
    assert bad.status_code == 400
    assert client_for().post(f"/api/debates/polls/{poll.pk}/vote/", {"choice": 0}, format="json").status_code == 401


def test_a_draft_poll_is_a_404_to_voters_and_a_forged_id_too(organiser, make_poll, citizen):
    draft = make_poll(mode="open")
    client = client_for(citizen)
    assert client.post(f"/api/debates/polls/{draft.pk}/vote/", {"choice": 0}, format="json").status_code == 404
    assert client.post("/api/debates/polls/999999/vote/", {"choice": 0}, format="json").status_code == 404
    assert not LivePollParticipation.objects.exists()


def test_only_organisers_open_and_close(organiser, make_poll, citizen):
    poll = make_poll(mode="open")
    assert client_for(citizen).post(f"/api/debates/polls/{poll.pk}/open/").status_code == 404  # a draft: unseen
    response = client_for(organiser).post(f"/api/debates/polls/{poll.pk}/open/")
    assert response.status_code == 200 and response.json()["state"] == "open"
    assert client_for(organiser).post(f"/api/debates/polls/{poll.pk}/open/").status_code == 409
    refused = client_for(citizen).post(f"/api/debates/polls/{poll.pk}/close/")
    assert refused.status_code == 403
    assert LivePoll.objects.get(pk=poll.pk).state == "open"
    assert client_for(organiser).post(f"/api/debates/polls/{poll.pk}/close/").json()["state"] == "closed"


def test_ask_upvote_moderate_and_withdraw(debate, organiser, citizen, other_citizen):
    response = client_for(citizen).post(
        f"/api/debates/{debate.pk}/questions/", {"text": "Et le budget ?"}, format="json"
    )
    assert response.status_code == 201
    question_id = response.json()["id"]
    empty = client_for(citizen).post(f"/api/debates/{debate.pk}/questions/", {"text": " "}, format="json")
    assert empty.status_code == 400 and "text" in empty.json()["errors"]
    upvote = client_for(other_citizen).post(f"/api/debates/questions/{question_id}/upvote/")
    assert upvote.status_code == 200 and upvote.json()["upvotes_count"] == 1
    own = client_for(citizen).post(f"/api/debates/questions/{question_id}/upvote/")
    assert own.status_code == 403
    refused = client_for(other_citizen).post(
        f"/api/debates/questions/{question_id}/moderation/", {"action": "hide", "reason": "x"}, format="json"
    )
    assert refused.status_code == 403
    no_reason = client_for(organiser).post(
        f"/api/debates/questions/{question_id}/moderation/", {"action": "hide"}, format="json"
    )
    assert no_reason.status_code == 400
    hidden = client_for(organiser).post(
        f"/api/debates/questions/{question_id}/moderation/", {"action": "hide", "reason": "Hors sujet"}, format="json"
    )
    assert hidden.json()["status"] == "hidden"
    # Hidden: gone for the public, a 404 to others.
    assert client_for(other_citizen).get(f"/api/debates/{debate.pk}/live/").json()["questions"] == []
    assert client_for(other_citizen).post(f"/api/debates/questions/{question_id}/upvote/").status_code == 404
    client_for(organiser).post(
        f"/api/debates/questions/{question_id}/moderation/", {"action": "restore"}, format="json"
    )
    withdrawn = client_for(citizen).post(f"/api/debates/questions/{question_id}/withdraw/")
    assert withdrawn.json()["status"] == "deleted"
    assert Question.objects.get(pk=question_id).text == ""


def test_the_question_limit_answers_429_with_retry_after(debate, citizen):
    client = client_for(citizen)
    for n in range(3):
        client.post(f"/api/debates/{debate.pk}/questions/", {"text": f"Question {n} ?"}, format="json")
    response = client.post(f"/api/debates/{debate.pk}/questions/", {"text": "Encore ?"}, format="json")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_an_unpublished_or_restricted_debate_is_a_404(debate, citizen):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=debate, restriction_type="password", password="secret")
    assert client_for(citizen).get(f"/api/debates/{debate.pk}/live/").status_code == 404
    assert (
        client_for(citizen).post(f"/api/debates/{debate.pk}/questions/", {"text": "Q ?"}, format="json").status_code
        == 404
    )
    assert client_for(citizen).get("/api/debates/2147483647/live/").status_code == 404


def test_another_spaces_editor_cannot_open_a_poll(home, make_poll):
    poll = make_poll()
    editor = UserFactory(is_staff=True)
    assert client_for(editor).post(f"/api/debates/polls/{poll.pk}/open/").status_code == 404


def test_a_debate_of_a_space_without_debates_in_its_package_is_a_404(home, organiser, citizen):
    from tests.factories import CollectiviteSpaceFactory

    from .factories import DebateIndexPageFactory, DebatePageFactory

    space = CollectiviteSpaceFactory(parent=home, slug="essentiel", package="essentiel")
    debate = DebatePageFactory(parent=DebateIndexPageFactory(parent=space))
    poll = live.open_poll(LivePoll.objects.create(debate=debate, question="Q ?", choices=["Oui", "Non"]).pk, organiser)
    client = client_for(citizen)
    assert client.get(f"/api/debates/{debate.pk}/live/").status_code == 404
    assert client.post(f"/api/debates/polls/{poll.pk}/vote/", {"choice": 0}, format="json").status_code == 404
    assert client.post(f"/api/debates/{debate.pk}/questions/", {"text": "Q ?"}, format="json").status_code == 404
    assert not LivePollParticipation.objects.exists() and not Question.objects.exists()
