"""The audience's questions (consultations/debates/questions.py): asking within limits, supporting once, the
organiser's decisions, withdrawing, what the public sees."""

import datetime
import threading

import pytest

from django.db import connection
from django.utils import timezone

from consultations.debates import questions
from consultations.debates.models import Question, QuestionUpvote
from tests.factories import CitizenFactory, UserFactory

from .factories import DebateIndexPageFactory, DebatePageFactory
from .live_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_a_participant_asks_a_cleaned_question(debate, citizen):
    question = questions.ask(debate, citizen, "  Quand les travaux\r\ncommencent-ils ?\x00 ")
    assert question.text == "Quand les travaux\ncommencent-ils ?"
    assert question.debate_id == debate.pk and question.status == "visible"


@pytest.mark.parametrize(("text", "code"), [("", "empty"), ("  \n ", "empty"), ("a" * 501, "too_long")])
def test_empty_and_long_questions_are_refused_on_the_text(debate, citizen, text, code):
    with pytest.raises(questions.QuestionRefused) as refusal:
        questions.ask(debate, citizen, text)
    assert refusal.value.code == code and refusal.value.field == "text"
    assert not Question.objects.exists()


def test_questions_need_written_participation_and_an_unfinished_debate(debate, citizen):
    debate.participants_may_write = False
    debate.save()
    with pytest.raises(questions.QuestionRefused) as refusal:
        questions.ask(debate, citizen, "Une question ?")
    assert refusal.value.code == "closed"
    debate.participants_may_write = True
    debate.starts_at = timezone.now() - datetime.timedelta(hours=5)
    debate.save()
    with pytest.raises(questions.QuestionRefused):
        questions.ask(debate, citizen, "Une question ?")


def test_an_invitation_only_debate_takes_questions_from_its_registered_only(debate):
    debate.access = "invitation"
    debate.save()
    with pytest.raises(questions.QuestionRefused) as refusal:
        questions.ask(debate, CitizenFactory(), "Une question ?")
    assert refusal.value.code == "not_registered"


def test_three_questions_in_ten_minutes_then_a_clear_refusal(debate, citizen):
    for n in range(3):
        questions.ask(debate, citizen, f"Question {n} ?")
    with pytest.raises(questions.QuestionRefused) as refusal:
        questions.ask(debate, citizen, "Une de trop ?")
    assert refusal.value.code == "rate_limited" and refusal.value.status == 429
    assert refusal.value.retry_after > 0 and "beaucoup de questions" in refusal.value.message
    assert Question.objects.count() == 3
    questions.ask(debate, CitizenFactory(), "Une autre personne ?")  # per account


def test_a_refused_question_gives_its_count_back(debate, citizen):
    for _ in range(5):
        with pytest.raises(questions.QuestionRefused):
            questions.ask(debate, citizen, "")
    questions.ask(debate, citizen, "Enfin une vraie question ?")


def test_upvote_once_not_ones_own_and_sorted_by_support(debate, citizen, other_citizen):
    first = questions.ask(debate, citizen, "Première ?")
    second = questions.ask(debate, other_citizen, "Deuxième ?")
    assert questions.upvote(second, citizen) is True
    assert questions.upvote(second, citizen) is False
    with pytest.raises(questions.QuestionRefused) as refusal:
        questions.upvote(first, citizen)
    assert refusal.value.code == "own_question"
    second.refresh_from_db()
    assert second.upvotes_count == 1 and QuestionUpvote.objects.count() == 1
    assert list(questions.public_questions(debate)) == [second, first]


def test_the_organiser_answers_hides_with_a_reason_and_restores(debate, organiser, citizen, other_citizen):
    question = questions.ask(debate, citizen, "Et le budget ?")
    with pytest.raises(questions.QuestionRefused) as refusal:
        questions.moderate(question.pk, organiser, "hide")
    assert refusal.value.code == "reason_required"
    questions.moderate(question.pk, organiser, "hide", "Hors sujet")
    question.refresh_from_db()
    assert question.status == "hidden" and question.hide_reason == "Hors sujet" and question.moderated_by == organiser
    assert list(questions.public_questions(debate)) == []
    with pytest.raises(questions.QuestionRefused):
        questions.upvote(question, other_citizen)
    questions.moderate(question.pk, organiser, "restore")
    questions.moderate(question.pk, organiser, "answered")
    question.refresh_from_db()
    assert question.status == "answered"
    assert list(questions.public_questions(debate)) == [question]
    with pytest.raises(questions.QuestionRefused) as refusal:
        questions.moderate(question.pk, organiser, "answered")
    assert refusal.value.status == 409


def test_a_citizen_or_another_spaces_editor_cannot_moderate(debate, citizen, other_citizen):
    question = questions.ask(debate, citizen, "Et le budget ?")
    for user in (other_citizen, citizen, UserFactory(is_staff=True)):
        with pytest.raises(questions.QuestionRefused) as refusal:
            questions.moderate(question.pk, user, "hide", "Pour voir")
        assert refusal.value.status == 404
    question.refresh_from_db()
    assert question.status == "visible"


def test_the_author_withdraws_their_question_and_no_one_else_can(debate, citizen, other_citizen):
    question = questions.ask(debate, citizen, "Une question ?")
    with pytest.raises(questions.QuestionRefused):
        questions.withdraw(question.pk, other_citizen)
    questions.withdraw(question.pk, citizen)
    question.refresh_from_db()
    assert question.status == "deleted" and question.text == ""
    assert list(questions.public_questions(debate)) == []


@pytest.mark.security
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_upvotes_of_one_account_count_once(migrated_data):
    debate = DebatePageFactory(parent=DebateIndexPageFactory(parent=migrated_data))
    question = questions.ask(debate, CitizenFactory(), "Une question ?")
    voter = CitizenFactory()
    barrier = threading.Barrier(4)
    outcomes = []

    def run():
        try:
            barrier.wait()
            outcomes.append(questions.upvote(question, voter))
        finally:
            connection.close()

    workers = [threading.Thread(target=run) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(outcomes) == [False, False, False, True]
    question.refresh_from_db()
    assert question.upvotes_count == 1
