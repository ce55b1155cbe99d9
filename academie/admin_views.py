"""Admin views of the Académie: the pass rates of a lesson's quizzes, and the button that leads to them."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.admin_actions import PageActionMenuItem, editable_page, page_breadcrumbs

from .models import LessonPage
from .quiz import pass_rates, quizzes_of


def quiz_report_view(request, page_id):
    """Per quiz of the lesson, per question: answers, share of right answers, how often each answer was chosen."""
    lesson = editable_page(request, LessonPage, page_id)
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
            "breadcrumbs_items": page_breadcrumbs(lesson, request.user, _("Résultats des quiz")),
            "header_title": _("Résultats des quiz"),
        },
    )


class QuizReportMenuItem(PageActionMenuItem):
    page_model = LessonPage
    label = gettext_lazy("Résultats des quiz")
    icon_name = "help"
    url_name = "academie_quiz_report"
    header_priority = 20
    listing_priority = 20

    def is_shown_for(self, user):
        return self.page.specific.has_quiz
