"""The learner API, included at /api/academie/ by cms/urls.py."""

from django.urls import path

from . import api

urlpatterns = [
    path("progress/", api.ProgressView.as_view(), name="api_academie_progress"),
    path("lessons/<id:lesson_id>/done/", api.MarkDoneView.as_view(), name="api_academie_lesson_done"),
    path("lessons/<id:lesson_id>/quiz/", api.QuizView.as_view(), name="api_academie_lesson_quiz"),
]
