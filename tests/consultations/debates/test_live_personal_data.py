"""What the live polls and questions keep about a person: exported without any choice, erased on deletion."""

import json

import pytest

from django.core.serializers.json import DjangoJSONEncoder

from consultations.debates import live, live_personal_data, questions
from consultations.debates.models import LivePoll, LivePollParticipation, Question, QuestionUpvote

from .live_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_the_export_lists_questions_and_polls_never_a_choice(debate, organiser, make_poll, citizen, other_citizen):
    secret = live.open_poll(make_poll(mode="secret", choices=["Alpha", "Bravo"]).pk, organiser)
    public = live.open_poll(make_poll(mode="open", choices=["Charlie", "Delta"]).pk, organiser)
    live.vote(secret, citizen, 1)
    live.vote(public, citizen, 1)
    questions.ask(debate, citizen, "Et le budget ?")
    questions.upvote(questions.ask(debate, other_citizen, "Et les arbres ?"), citizen)
    data = live_personal_data.export(citizen)
    dumped = json.dumps(data, cls=DjangoJSONEncoder)
    assert [q["text"] for q in data["questions"]] == ["Et le budget ?"]
    assert data["questions_supported"] == 1
    assert {p["poll_id"] for p in data["polls_taken_part_in"]} == {secret.pk, public.pk}
    assert "Bravo" not in dumped and "Delta" not in dumped and "choice" not in dumped


def test_erasing_blanks_questions_drops_supports_and_unlinks_participations(
    debate, organiser, make_poll, citizen, other_citizen
):
    poll = live.open_poll(make_poll(mode="open").pk, organiser)
    live.vote(poll, citizen, 0)
    mine = questions.ask(debate, citizen, "Et le budget ?")
    theirs = questions.ask(debate, other_citizen, "Et les arbres ?")
    questions.upvote(theirs, citizen)
    live_personal_data.erase(citizen)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.text == "" and mine.author is None and mine.status == "deleted"
    assert theirs.upvotes_count == 0 and not QuestionUpvote.objects.exists()
    assert LivePollParticipation.objects.get(poll=poll).user is None
    assert live.poll_results(LivePoll.objects.get(pk=poll.pk))["participants"] == 1
    assert Question.objects.filter(author=citizen).count() == 0


def test_the_account_page_download_and_deletion_include_them(debate, organiser, make_poll, citizen):
    from cms.accounts import personal_data

    poll = live.open_poll(make_poll(mode="secret").pk, organiser)
    live.vote(poll, citizen, 0)
    question = questions.ask(debate, citizen, "Et le budget ?")
    exported = personal_data.export_personal_data(citizen)
    assert exported["debates_live"]["questions"][0]["text"] == "Et le budget ?"
    personal_data.delete_account(citizen)
    question.refresh_from_db()
    assert question.text == "" and LivePollParticipation.objects.get(poll=poll).user is None
