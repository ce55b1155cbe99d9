"""Wagtail hooks of the Académie: the pass rates of a lesson's quizzes (admin), and the full library's documents."""

from django.urls import path

from wagtail import hooks

from cms.admin_actions import register_page_actions

from .admin_views import QuizReportMenuItem, quiz_report_view
from .documents import full_library_documents


@hooks.register("register_admin_urls")
def register_academie_admin_urls():
    return [path("academie/lecons/<id:page_id>/quiz/", quiz_report_view, name="academie_quiz_report")]


register_page_actions(QuizReportMenuItem)
hooks.register("before_serve_document", full_library_documents)
