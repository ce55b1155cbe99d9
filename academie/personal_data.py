"""What the Académie keeps about a learner, for the GDPR rights of the account page (`cms.accounts`).

- **Export**: the lessons marked done and every quiz attempt with its answers.
- **Erase**: lessons done are deleted; quiz attempts are kept without their author (`user` set to NULL): they count
  in the questions' pass rates that editors read, and no longer say whose they were.
"""

from .models import LessonCompletion, QuizAttempt


def export(user):
    completions = LessonCompletion.objects.filter(user=user).select_related("lesson").order_by("completed_at", "pk")
    attempts = (
        QuizAttempt.objects.filter(user=user)
        .select_related("lesson")
        .prefetch_related("answers")
        .order_by("created_at", "pk")
    )
    return {
        "lessons_done": [
            {"lesson": completion.lesson.title, "lesson_id": completion.lesson_id, "done_at": completion.completed_at}
            for completion in completions
        ],
        "quiz_attempts": [
            {
                "lesson": attempt.lesson.title,
                "lesson_id": attempt.lesson_id,
                "quiz_id": attempt.quiz_id,
                "answered_at": attempt.created_at,
                "score": attempt.score,
                "total": attempt.total,
                "passed": attempt.passed,
                "answers": [
                    {"question_id": answer.question_id, "choice_ids": answer.choice_ids, "correct": answer.correct}
                    for answer in sorted(attempt.answers.all(), key=lambda answer: answer.question_id)
                ],
            }
            for attempt in attempts
        ],
    }


def erase(user):
    LessonCompletion.objects.filter(user=user).delete()
    QuizAttempt.objects.filter(user=user).update(user=None)
