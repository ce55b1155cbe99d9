"""Quizzes: scoring, right answers and explanations after submitting, bad input refused with nothing stored,
and the editor's pass rates per question."""

import pytest

from academie.models import QuizAnswer, QuizAttempt
from academie.quiz import InvalidQuizAnswers, get_quiz, pass_rates, submit_quiz
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RIGHT = {"quiz-1-q1": "quiz-1-q1-a1", "quiz-1-q2": ["quiz-1-q2-a1", "quiz-1-q2-a2"]}


def test_all_right(lesson, learner):
    result = submit_quiz(lesson, get_quiz(lesson), RIGHT, learner)
    assert (result.score, result.total, result.percent, result.passed) == (2, 2, 100, True)
    attempt = QuizAttempt.objects.get()
    assert attempt.user == learner and attempt.lesson_key == lesson.translation_key
    assert QuizAnswer.objects.filter(attempt=attempt, correct=True).count() == 2


def test_multiple_choice_is_right_only_with_exactly_the_right_answers(lesson):
    quiz = get_quiz(lesson)
    partial = submit_quiz(lesson, quiz, {**RIGHT, "quiz-1-q2": ["quiz-1-q2-a1"]})
    assert partial.score == 1 and partial.passed  # pass mark 50 %
    too_many = submit_quiz(
        lesson, quiz, {"quiz-1-q1": "quiz-1-q1-a2", "quiz-1-q2": ["quiz-1-q2-a1", "quiz-1-q2-a2", "quiz-1-q2-a3"]}
    )
    assert too_many.score == 0 and not too_many.passed
    data = too_many.to_dict()
    first = data["questions"][0]
    assert first["correct"] is False
    assert first["choices"][0] == {
        "id": "quiz-1-q1-a1",
        "text": "Les élus",
        "correct": True,
        "chosen": False,
        "explanation": "Ils restent responsables.",
    }


@pytest.mark.parametrize(
    ("answers", "question", "message"),
    [
        ({"quiz-1-q1": "quiz-1-q1-a1"}, "quiz-1-q2", "Répondez à cette question."),
        ({**RIGHT, "quiz-1-q1": "inconnue"}, "quiz-1-q1", "Cette réponse ne fait pas partie des réponses proposées."),
        ({**RIGHT, "question-inconnue": "x"}, "question-inconnue", "Cette question ne fait pas partie du quiz."),
        ({**RIGHT, "quiz-1-q1": ["quiz-1-q1-a1", "quiz-1-q1-a2"]}, "quiz-1-q1", "Une seule réponse est possible"),
        ({**RIGHT, "quiz-1-q1": 3}, "quiz-1-q1", "identifiant"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(lesson, answers, question, message):
    with pytest.raises(InvalidQuizAnswers) as refused:
        submit_quiz(lesson, get_quiz(lesson), answers)
    assert message in refused.value.errors[question]
    assert not QuizAttempt.objects.exists() and not QuizAnswer.objects.exists()


def test_web_form_shows_the_score_right_answers_and_explanations(client, lesson):
    html = client.get(lesson.url).content.decode()
    assert "<fieldset" in html and "<legend>Question 1 : Qui décide après une consultation ?</legend>" in html
    assert 'type="radio" name="question-quiz-1-q1"' in html and 'type="checkbox" name="question-quiz-1-q2"' in html
    response = client.post(
        lesson.url + "quiz/quiz-1/",
        {"question-quiz-1-q1": "quiz-1-q1-a2", "question-quiz-1-q2": ["quiz-1-q2-a1", "quiz-1-q2-a2"]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Votre score : 1 sur 2" in html
    assert "Il contrôle la légalité." in html and "Ils restent responsables." in html  # explanation per answer
    assert QuizAttempt.objects.get().user is None  # anonymous attempts count in the pass rates


def test_web_form_with_a_missing_answer_says_so_in_french(client, lesson):
    response = client.post(lesson.url + "quiz/quiz-1/", {"question-quiz-1-q1": "quiz-1-q1-a1"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Votre quiz n&#x27;est pas envoyé" in html
    assert "Question 2 : Répondez à cette question." in html
    assert 'aria-describedby="q-quiz-1-q2-error"' in html
    assert 'value="quiz-1-q1-a1" checked' in html  # the answers given are kept
    assert not QuizAttempt.objects.exists()


def test_unknown_quiz(client, lesson):
    assert client.post(lesson.url + "quiz/nope/", {"question-x": "y"}).status_code == 404
    assert not QuizAttempt.objects.exists()


def test_pass_rates_per_question(lesson):
    quiz = get_quiz(lesson)
    submit_quiz(lesson, quiz, RIGHT)
    submit_quiz(lesson, quiz, {**RIGHT, "quiz-1-q1": "quiz-1-q1-a2"})
    submit_quiz(lesson, quiz, {**RIGHT, "quiz-1-q1": "quiz-1-q1-a2", "quiz-1-q2": ["quiz-1-q2-a3"]})
    questions, summary = pass_rates(lesson, quiz)
    assert [(q.answered, q.correct, q.pass_rate) for q in questions] == [(3, 1, 33), (3, 2, 67)]
    assert questions[0].choice_counts == {"quiz-1-q1-a1": 1, "quiz-1-q1-a2": 2}
    assert summary == {"attempts": 3, "passed": 2}


def test_pass_rate_report_in_the_admin(client, lesson, parcours):
    submit_quiz(lesson, get_quiz(lesson), RIGHT)
    submit_quiz(lesson, get_quiz(lesson), {**RIGHT, "quiz-1-q1": "quiz-1-q1-a2"})
    admin = UserFactory(username="admin-academie", is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = f"/admin/academie/lecons/{lesson.pk}/quiz/"
    html = client.get(url).content.decode()
    assert "Taux de réussite" in html and "50 %" in html and "100 %" in html
    assert url in client.get(f"/admin/pages/{lesson.pk}/edit/").content.decode()  # header button
    assert url in client.get(f"/admin/pages/{parcours.pk}/").content.decode()  # listing button


def test_pass_rate_report_is_for_editors_only(client, lesson):
    client.force_login(UserFactory(username="citoyen-curieux"))
    response = client.get(f"/admin/academie/lecons/{lesson.pk}/quiz/")
    assert response.status_code in (302, 403)
    assert "Taux de réussite" not in response.content.decode()
