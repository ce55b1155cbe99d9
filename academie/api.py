"""The learner API (DRF) under /api/academie/: my progress, marking a lesson done, submitting a quiz.

Authenticated by a session or `Authorization: Token <key>`. Lessons, parcours and case studies themselves are in the
Wagtail API v2 (/api/v2/pages/?type=academie.LessonPage). Built on the shared plumbing of `cms.api`: errors have the
API's shape {"code", "message"[, "errors"]}, the message in French by default (English with `?lang=en` or
Accept-Language).
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.models import Locale

from cms.api.errors import APIError, ErrorSerializer, error_response
from cms.api.views import PlatformAPIView

from . import quiz as quizzes
from .models import LessonCompletion, LessonPage
from .progress import LessonLocked, learner_parcours, mark_done, mark_not_done, parcours_progress
from .serializers import (
    MarkDoneResponseSerializer,
    ProgressSerializer,
    QuizResultSerializer,
    QuizSubmissionSerializer,
)


def _lesson_ref(lesson, request):
    if lesson is None:
        return None
    return {"id": lesson.pk, "title": lesson.title, "url": lesson.get_full_url(request)}


def parcours_data(progress, request):
    parcours = progress.parcours
    return {
        "id": parcours.pk,
        "title": parcours.title,
        "url": parcours.get_full_url(request),
        "total": progress.total,
        "done": progress.done,
        "percent": progress.percent,
        "completed": progress.completed,
        "resume": _lesson_ref(progress.resume_lesson, request),
    }


def get_lesson(lesson_id):
    """The live lesson with this id, else a 404 in the API's error shape."""
    lesson = LessonPage.objects.live().public().filter(pk=lesson_id).first()
    if lesson is None:
        raise APIError("not_found", _("Cette leçon n'existe pas ou n'est pas publiée."), status.HTTP_404_NOT_FOUND)
    return lesson


class AcademieAPIView(PlatformAPIView):
    permission_classes = [IsAuthenticated]

    def current_locale(self):
        return Locale.objects.filter(language_code=translation.get_language()).first()


class ProgressView(AcademieAPIView):
    @extend_schema(
        summary="My progress: parcours started (with where to resume) and lessons done",
        responses={200: ProgressSerializer, 401: ErrorSerializer, 403: ErrorSerializer},
    )
    def get(self, request):
        completions = (
            LessonCompletion.objects.filter(user=request.user).select_related("lesson").order_by("-completed_at")
        )
        return Response(
            {
                "parcours": [parcours_data(p, request) for p in learner_parcours(request.user, self.current_locale())],
                "completed_lessons": [
                    {"lesson": _lesson_ref(c.lesson, request), "completed_at": c.completed_at} for c in completions
                ],
            }
        )


class MarkDoneView(AcademieAPIView):
    @extend_schema(
        summary="Mark a lesson as done",
        request=None,
        responses={
            201: MarkDoneResponseSerializer,
            200: OpenApiResponse(MarkDoneResponseSerializer, description="already done"),
            403: OpenApiResponse(ErrorSerializer, description="full-library lesson the learner may not read"),
            404: ErrorSerializer,
        },
    )
    def post(self, request, lesson_id):
        lesson = get_lesson(lesson_id)
        try:
            completion, created = mark_done(request.user, lesson, request=request)
        except LessonLocked:
            return error_response(
                "locked",
                _("Cette leçon est réservée aux collectivités clientes et à leurs habitants."),
                status.HTTP_403_FORBIDDEN,
            )
        parcours = lesson.parcours
        return Response(
            {
                "status": "recorded" if created else "already_done",
                "message": _("Leçon terminée : votre progression est enregistrée.")
                if created
                else _("Vous aviez déjà terminé cette leçon."),
                "completed_at": completion.completed_at,
                "parcours": parcours_data(parcours_progress(request.user, parcours), request) if parcours else None,
            },
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(summary="Mark a lesson as not done", request=None, responses={204: None, 404: ErrorSerializer})
    def delete(self, request, lesson_id):
        mark_not_done(request.user, get_lesson(lesson_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class QuizView(AcademieAPIView):
    @extend_schema(
        summary="Submit a lesson's quiz: score, right answers and explanations",
        request=QuizSubmissionSerializer,
        responses={
            201: QuizResultSerializer,
            400: OpenApiResponse(ErrorSerializer, description="unknown question or answer, or a question unanswered"),
            403: OpenApiResponse(ErrorSerializer, description="full-library lesson the learner may not read"),
            404: ErrorSerializer,
        },
    )
    def post(self, request, lesson_id):
        lesson = get_lesson(lesson_id)
        if lesson.is_locked_for(request):
            return error_response(
                "locked",
                _("Cette leçon est réservée aux collectivités clientes et à leurs habitants."),
                status.HTTP_403_FORBIDDEN,
            )
        data = self.validated_body(QuizSubmissionSerializer)
        try:
            quiz = quizzes.get_quiz(lesson, data.get("quiz_id"))
        except quizzes.QuizNotFound:
            message = (
                _("Ce quiz n'existe pas dans cette leçon.")
                if data.get("quiz_id") or not lesson.has_quiz
                else _("Cette leçon a plusieurs quiz : indiquez « quiz_id ».")
            )
            return error_response("quiz_not_found", message, status.HTTP_400_BAD_REQUEST)
        try:
            result = quizzes.submit_quiz(lesson, quiz, request.data.get("answers"), request.user)
        except quizzes.InvalidQuizAnswers as invalid:
            return error_response(
                "invalid_answers",
                _("Votre quiz n'est pas enregistré : corrigez les réponses signalées."),
                status.HTTP_400_BAD_REQUEST,
                errors=invalid.errors,
            )
        return Response(result.to_dict(), status=status.HTTP_201_CREATED)


__all__ = ["MarkDoneView", "ProgressView", "QuizView"]
