"""Wagtail hooks of the Académie: the pass rates of a lesson's quizzes (admin), and the full library's documents."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from .models import CaseStudyPage, LessonPage
from .quiz import pass_rates, quizzes_of


def _breadcrumbs(page, user, label):
    from wagtail.admin.views.pages.utils import get_breadcrumbs_items_for_page

    return [*get_breadcrumbs_items_for_page(page, user), {"url": "", "label": label}]


def quiz_report_view(request, page_id):
    """Per quiz of the lesson, per question: answers, share of right answers, how often each answer was chosen."""
    lesson = get_object_or_404(LessonPage, pk=page_id)
    if not lesson.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    reports = []
    for quiz in quizzes_of(lesson):
        questions, summary = pass_rates(lesson, quiz)
        reports.append({"quiz": quiz, "questions": questions, "summary": summary})
    return TemplateResponse(
        request,
        "academie/admin/quiz_report.html",
        {
            "page": lesson,
            "reports": reports,
            "breadcrumbs_items": _breadcrumbs(lesson, request.user, _("Résultats des quiz")),
            "header_title": _("Résultats des quiz"),
        },
    )


@hooks.register("register_admin_urls")
def register_academie_admin_urls():
    return [path("academie/lecons/<int:page_id>/quiz/", quiz_report_view, name="academie_quiz_report")]


class QuizReportMenuItem(PageMenuItem):
    label = gettext_lazy("Résultats des quiz")
    icon_name = "help"
    url_name = "academie_quiz_report"

    def is_shown(self, user):
        page_class = self.page.specific_class
        return (
            page_class is not None
            and issubclass(page_class, LessonPage)
            and self.page.specific.has_quiz
            and self.page.permissions_for_user(user).can_edit()
        )

    @cached_property
    def url(self):
        return reverse(self.url_name, args=[self.page.pk])


@hooks.register("register_page_header_buttons")
def lesson_header_buttons(page, user, view_name, next_url=None):
    yield QuizReportMenuItem(page=page, priority=20)


@hooks.register("register_page_listing_more_buttons")
def lesson_listing_buttons(page, user, next_url=None):
    yield QuizReportMenuItem(page=page, priority=20)


@hooks.register("before_serve_document")
def full_library_documents(document, request):
    """A document that only full-library pages use is served only to those who may read one of them.

    Wagtail's reference index says which pages use the document; if any other page (a news item, a basic lesson)
    uses it, it is public there anyway and is served."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Page, ReferenceIndex

    sources = ReferenceIndex.get_references_to(document).values_list("content_type_id", "object_id").distinct()
    if not sources:
        return None
    gated_types = {ContentType.objects.get_for_model(model).pk: model for model in (LessonPage, CaseStudyPage)}
    page_type = ContentType.objects.get_for_model(Page).pk
    gated = []
    for content_type_id, object_id in sources:
        model = gated_types.get(content_type_id)
        if model is None:
            source_type = ContentType.objects.get_for_id(content_type_id)
            if source_type.pk == page_type or issubclass(source_type.model_class() or object, Page):
                return None  # used by another kind of page: public there
            continue  # a snippet or a setting: not a reader-facing page
        page = model.objects.filter(pk=object_id).first()
        if page is None:
            continue
        if not page.is_locked_for(request):
            return None
        gated.append(page)
    if gated:
        return HttpResponseForbidden(
            _("Ce document fait partie de la bibliothèque complète de l'Académie : ouvrez-la pour le télécharger.")
        )
    return None
