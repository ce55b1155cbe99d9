"""Quizzes: read from a lesson's quiz blocks, answers checked, scored and stored.

A quiz is a `quiz` block of the lesson's body; its id is the block's id, its questions' and answers' ids are the
ListBlock item ids (kept by translations). A question is right when the choices ticked are exactly its right answers.
Answers are checked completely before anything is stored: an unknown question or answer, or a question left
unanswered, refuses the whole submission with a message per question, and nothing is recorded.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from academie.blocks import QuestionKind


def quiz_block(quiz_id, questions, title="Testez vos connaissances", introduction="", pass_mark=70):
    """A lesson body's quiz block as stored (raw StreamField data), with fixed ids: the quiz `quiz_id`, its questions
    `<quiz_id>-q<n>`, their answers `…-a<n>`. `questions`: [(text, kind, [(answer, correct, explanation), …]), …].
    The one builder of this shape, for the demo and the tests."""
    items = []
    for number, (text, kind, choices) in enumerate(questions, start=1):
        qid = f"{quiz_id}-q{number}"
        answers = [
            {"type": "item", "id": f"{qid}-a{index}", "value": {"text": label, "correct": correct, "explanation": why}}
            for index, (label, correct, why) in enumerate(choices, start=1)
        ]
        items.append({"type": "item", "id": qid, "value": {"question": text, "kind": kind, "choices": answers}})
    value = {"title": title, "introduction": introduction, "pass_mark": pass_mark, "questions": items}
    return {"type": "quiz", "id": quiz_id, "value": value}


class QuizNotFound(Exception):
    """The lesson has no quiz with this id."""


class InvalidQuizAnswers(Exception):
    """`errors`: {question id: message}; the key "__all__" for a problem with the submission as a whole."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


@dataclass
class QuizChoice:
    id: str
    text: str
    correct: bool
    explanation: str


@dataclass
class QuizQuestion:
    id: str
    number: int
    question: str
    kind: str
    choices: list

    @property
    def is_multiple(self):
        return self.kind == QuestionKind.MULTIPLE

    @property
    def correct_ids(self):
        return {choice.id for choice in self.choices if choice.correct}

    @property
    def choice_ids(self):
        return [choice.id for choice in self.choices]

    def field_name(self):
        return f"question-{self.id}"


@dataclass
class Quiz:
    id: str
    title: str
    introduction: str
    pass_mark: int
    questions: list = field(default_factory=list)

    @property
    def by_id(self):
        return {question.id: question for question in self.questions}

    @classmethod
    def from_block(cls, block):
        value = block.value
        questions = []
        for number, question in enumerate(value["questions"].bound_blocks, start=1):
            choices = [
                QuizChoice(
                    id=str(choice.id),
                    text=choice.value["text"],
                    correct=bool(choice.value["correct"]),
                    explanation=choice.value["explanation"] or "",
                )
                for choice in question.value["choices"].bound_blocks
            ]
            questions.append(
                QuizQuestion(
                    id=str(question.id),
                    number=number,
                    question=question.value["question"],
                    kind=question.value["kind"] or QuestionKind.SINGLE,
                    choices=choices,
                )
            )
        return cls(
            id=str(block.id),
            title=value["title"],
            introduction=value["introduction"] or "",
            pass_mark=value["pass_mark"] if value["pass_mark"] is not None else 70,
            questions=questions,
        )


def quizzes_of(lesson):
    return [Quiz.from_block(block) for block in lesson.body if block.block_type == "quiz"]


def get_quiz(lesson, quiz_id=None):
    """The lesson's quiz with this id; without an id, its only quiz."""
    quizzes = quizzes_of(lesson)
    if not quiz_id:
        if len(quizzes) == 1:
            return quizzes[0]
        raise QuizNotFound
    for quiz in quizzes:
        if quiz.id == quiz_id:
            return quiz
    raise QuizNotFound


def clean_answers(quiz, answers):
    """{question id: [choice id, …]} from the submitted answers, or InvalidQuizAnswers (nothing is stored)."""
    if not isinstance(answers, dict):
        raise InvalidQuizAnswers(
            {"__all__": _("Les réponses doivent être un objet : identifiant de question → identifiant(s) de réponse.")}
        )
    errors = {}
    for key in answers:
        if str(key) not in quiz.by_id:
            errors[str(key)] = _("Cette question ne fait pas partie du quiz.")
    cleaned = {}
    for question in quiz.questions:
        raw = answers.get(question.id)
        values = raw if isinstance(raw, list | tuple) else ([] if raw in (None, "") else [raw])
        if not all(isinstance(value, str) for value in values):
            errors[question.id] = _("Une réponse s'indique par son identifiant (un texte).")
            continue
        values = list(dict.fromkeys(value for value in values if value))
        if not values:
            errors[question.id] = _("Répondez à cette question.")
            continue
        unknown = [value for value in values if value not in question.choice_ids]
        if unknown:
            errors[question.id] = _("Cette réponse ne fait pas partie des réponses proposées.")
            continue
        if not question.is_multiple and len(values) > 1:
            errors[question.id] = _("Une seule réponse est possible à cette question.")
            continue
        cleaned[question.id] = values
    if errors:
        raise InvalidQuizAnswers(errors)
    return cleaned


@dataclass
class QuestionResult:
    question: QuizQuestion
    chosen: list
    correct: bool

    def choices(self):
        """(choice, chosen) for every answer proposed, with its explanation."""
        return [(choice, choice.id in self.chosen) for choice in self.question.choices]


@dataclass
class QuizResult:
    quiz: Quiz
    attempt: object
    questions: list

    @property
    def score(self):
        return self.attempt.score

    @property
    def total(self):
        return self.attempt.total

    @property
    def percent(self):
        return self.attempt.percent

    @property
    def passed(self):
        return self.attempt.passed

    def message(self):
        values = {"score": self.score, "total": self.total, "percent": self.percent}
        if self.passed:
            return _("Bravo : score de %(score)d sur %(total)d (%(percent)d %%). Quiz réussi.") % values
        return _("Score de %(score)d sur %(total)d (%(percent)d %%). Relisez la leçon et réessayez.") % values

    def to_dict(self):
        return {
            "attempt_id": self.attempt.pk,
            "quiz_id": self.quiz.id,
            "score": self.score,
            "total": self.total,
            "percent": self.percent,
            "pass_mark": self.quiz.pass_mark,
            "passed": self.passed,
            "message": self.message(),
            "questions": [
                {
                    "id": result.question.id,
                    "question": result.question.question,
                    "kind": result.question.kind,
                    "correct": result.correct,
                    "choices": [
                        {
                            "id": choice.id,
                            "text": choice.text,
                            "correct": choice.correct,
                            "chosen": chosen,
                            "explanation": choice.explanation,
                        }
                        for choice, chosen in result.choices()
                    ],
                }
                for result in self.questions
            ],
        }


def submit_quiz(lesson, quiz, answers, user=None):
    """Check, score and store one attempt; returns its QuizResult. Raises InvalidQuizAnswers, storing nothing."""
    from academie.models import QuizAnswer, QuizAttempt

    cleaned = clean_answers(quiz, answers)
    results = [
        QuestionResult(question, cleaned[question.id], set(cleaned[question.id]) == question.correct_ids)
        for question in quiz.questions
    ]
    score = sum(1 for result in results if result.correct)
    total = len(results)
    passed = total > 0 and 100 * score >= quiz.pass_mark * total
    with transaction.atomic():
        attempt = QuizAttempt.objects.create(
            lesson=lesson,
            lesson_key=lesson.translation_key,
            quiz_id=quiz.id,
            user=user if user is not None and user.is_authenticated else None,
            score=score,
            total=total,
            passed=passed,
        )
        QuizAnswer.objects.bulk_create(
            QuizAnswer(attempt=attempt, question_id=r.question.id, choice_ids=r.chosen, correct=r.correct)
            for r in results
        )
    return QuizResult(quiz, attempt, results)


@dataclass
class QuestionStats:
    question: QuizQuestion
    answered: int
    correct: int
    choice_counts: dict

    @property
    def pass_rate(self):
        return round(100 * self.correct / self.answered) if self.answered else None


def pass_rates(lesson, quiz):
    """Per question of the quiz: how many answered, how many were right, and how often each answer was chosen.

    Attempts made on every translation of the lesson count together.
    """
    from academie.models import QuizAnswer, QuizAttempt

    rows = QuizAnswer.objects.filter(attempt__lesson_key=lesson.translation_key, attempt__quiz_id=quiz.id).values_list(
        "question_id", "correct", "choice_ids"
    )
    stats = {
        question.id: QuestionStats(question, 0, 0, dict.fromkeys(question.choice_ids, 0)) for question in quiz.questions
    }
    for question_id, correct, choice_ids in rows:
        item = stats.get(question_id)
        if item is None:  # a question removed since
            continue
        item.answered += 1
        item.correct += int(correct)
        for choice_id in choice_ids or []:
            if choice_id in item.choice_counts:
                item.choice_counts[choice_id] += 1
    attempts = QuizAttempt.objects.filter(lesson_key=lesson.translation_key, quiz_id=quiz.id)
    summary = {"attempts": attempts.count(), "passed": attempts.filter(passed=True).count()}
    return [stats[question.id] for question in quiz.questions], summary
