"""Learner data: lessons marked done, quiz attempts and their answers.

A lesson and its translations are one lesson for the learner: rows carry the lesson's `translation_key`
(`lesson_key`), so that a lesson done in French is done in English, and quiz attempts in every language count
together in the pass rates (question ids, the quiz's ListBlock item ids, are the same in every translation).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LessonCompletion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("apprenant"),
        on_delete=models.CASCADE,
        related_name="lesson_completions",
    )
    lesson = models.ForeignKey(
        "academie.LessonPage", verbose_name=_("leçon"), on_delete=models.CASCADE, related_name="completions"
    )
    lesson_key = models.UUIDField(_("clé de la leçon (toutes langues)"), db_index=True)
    completed_at = models.DateTimeField(_("terminée le"), default=timezone.now)

    class Meta:
        verbose_name = _("leçon terminée")
        verbose_name_plural = _("leçons terminées")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson_key"], name="academie_completion_once_per_lesson"),
        ]

    def __str__(self):
        return f"{self.user} – {self.lesson_id}"


class QuizAttempt(models.Model):
    lesson = models.ForeignKey(
        "academie.LessonPage", verbose_name=_("leçon"), on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    lesson_key = models.UUIDField(_("clé de la leçon (toutes langues)"), db_index=True)
    quiz_id = models.CharField(_("identifiant du quiz"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("apprenant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quiz_attempts",
    )
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now)
    score = models.PositiveSmallIntegerField(_("bonnes réponses"))
    total = models.PositiveSmallIntegerField(_("questions"))
    passed = models.BooleanField(_("réussi"))

    class Meta:
        verbose_name = _("tentative de quiz")
        verbose_name_plural = _("tentatives de quiz")
        indexes = [models.Index(fields=["lesson_key", "quiz_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__lte=models.F("total")), name="academie_score_within_total"
            ),
        ]

    def __str__(self):
        return f"{self.quiz_id}: {self.score}/{self.total}"

    @property
    def percent(self):
        return round(100 * self.score / self.total) if self.total else 0


class QuizAnswer(models.Model):
    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(_("identifiant de la question"), max_length=64)
    choice_ids = models.JSONField(_("réponses choisies"), default=list)
    correct = models.BooleanField(_("juste"))

    class Meta:
        verbose_name = _("réponse au quiz")
        verbose_name_plural = _("réponses au quiz")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question_id"], name="academie_one_answer_per_question"),
        ]

    def __str__(self):
        return f"{self.question_id}: {'juste' if self.correct else 'faux'}"
