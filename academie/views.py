"""Public views of the Académie (routed by its pages): the library, a lesson, marking it done, quizzes, access."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms.http import safe_next_url
from cms.ratelimit import ACCESS_CODES

from . import access
from . import quiz as quizzes
from .choices import ContentKind
from .forms import AcademieAccessCodeForm
from .progress import LessonLocked, done_keys, is_done, mark_not_done, parcours_progress
from .progress import mark_done as record_done
from .quiz import InvalidQuizAnswers, QuizNotFound, get_quiz, quizzes_of

# -- the library ----------------------------------------------------------------------------------------------------


def library_page(request, index):
    """The library, filtered and paginated by the index (FilterableListMixin), with the learner's progress."""
    context = index.get_context(request)
    keys = done_keys(request.user)
    progress = {}
    if keys:
        for kind, page in context["items_page"]:
            if kind == ContentKind.PARCOURS:
                progress[page.pk] = parcours_progress(request.user, page)
    context.update(
        filtered=bool(context["filter_query"]),
        progress_by_parcours=progress,
        done_keys=keys,
        full_library=access.has_full_library(request),
        access_form=AcademieAccessCodeForm(),
    )
    return TemplateResponse(request, "academie/academie_index_page.html", context)


def access_code(request, index):
    """Enter a client collectivité's access code to open the full library (and the space's reserved pages)."""
    next_url = safe_next_url(request, index.get_url(request))
    status = 200
    form = AcademieAccessCodeForm(request.POST or None)
    if request.method == "POST":
        status = 400
        if form.is_valid() and not ACCESS_CODES.attempt(request):
            form.add_error("code", ACCESS_CODES.message)
            status = 429
        elif form.is_valid():
            spaces = access.enter_access_code(request, form.cleaned_data["code"])
            if spaces:
                ACCESS_CODES.succeeded(request)
                messages.success(
                    request,
                    _("Code accepté : la bibliothèque complète de l'Académie vous est ouverte (%(name)s).")
                    % {"name": ", ".join(space.title for space in spaces)},
                )
                return HttpResponseRedirect(next_url)
            form.add_error("code", _("Ce code n'est pas le bon. Vérifiez-le auprès de votre mairie."))
    context = index.get_context(request)
    context.update(access_form=form, next_url=next_url, access_action=index.access_code_url(request))
    return TemplateResponse(request, "academie/access_code.html", context, status=status)


# -- a lesson ---------------------------------------------------------------------------------------------------------


def lesson_context(request, lesson, quiz_results=None, quiz_errors=None, submitted=None):
    locked = lesson.is_locked_for(request)
    parcours = lesson.parcours
    progress = parcours_progress(request.user, parcours) if parcours is not None else None
    previous_lesson = next_lesson = None
    if progress is not None:
        ids = [item.pk for item in progress.lessons]
        if lesson.pk in ids:
            position = ids.index(lesson.pk)
            previous_lesson = progress.lessons[position - 1] if position > 0 else None
            next_lesson = progress.lessons[position + 1] if position + 1 < len(ids) else None
    lesson_quizzes = {} if locked else {quiz.id: quiz for quiz in quizzes_of(lesson)}
    body = [] if locked else [(block, lesson_quizzes.get(str(block.id))) for block in lesson.body]
    academie = lesson.academie
    context = lesson.get_context(request)
    context.update(
        locked=locked,
        body_items=body,
        parcours=parcours,
        progress=progress,
        previous_lesson=previous_lesson,
        next_lesson=next_lesson,
        lesson_done=is_done(request.user, lesson),
        quiz_results=quiz_results or {},
        quiz_errors=quiz_errors or {},
        submitted=submitted or {},
        academie=academie,
        access_form=AcademieAccessCodeForm(),
        access_action=academie.specific.access_code_url(request) if academie else "",
    )
    return context


def lesson_page(request, lesson):
    return TemplateResponse(request, "academie/lesson_page.html", lesson_context(request, lesson))


def mark_done(request, lesson):
    """POST: mark the lesson done (or, with action=undo, not done). Logged-in learners only."""
    lesson_url = lesson.get_url(request)
    if request.method != "POST":
        return HttpResponseRedirect(lesson_url)
    if not request.user.is_authenticated:
        return redirect_to_login(lesson_url)
    next_url = safe_next_url(request, lesson_url)
    if request.POST.get("action") == "undo":
        mark_not_done(request.user, lesson)
        messages.success(request, _("La leçon n'est plus marquée comme terminée."))
        return HttpResponseRedirect(next_url)
    try:
        _completion, created = record_done(request.user, lesson, request=request)
    except LessonLocked:
        messages.error(request, _("Cette leçon est réservée : ouvrez-la avec le code d'accès de votre collectivité."))
        return TemplateResponse(request, "academie/lesson_page.html", lesson_context(request, lesson), status=403)
    if created:
        messages.success(request, _("Leçon terminée : votre progression est enregistrée."))
    else:
        messages.info(request, _("Vous aviez déjà terminé cette leçon."))
    return HttpResponseRedirect(next_url)


def answers_from_post(quiz, data):
    """{question id: [choice ids]} from the form's fields `question-<id>`, plus unknown `question-…` fields."""
    answers = {}
    for key in data:
        if key.startswith("question-"):
            answers[key.removeprefix("question-")] = data.getlist(key)
    return answers


def submit_quiz(request, lesson, quiz_id):
    lesson_url = lesson.get_url(request)
    if request.method != "POST":
        return HttpResponseRedirect(lesson_url)
    if lesson.is_locked_for(request):
        messages.error(request, _("Cette leçon est réservée : ouvrez-la avec le code d'accès de votre collectivité."))
        return TemplateResponse(request, "academie/lesson_page.html", lesson_context(request, lesson), status=403)
    try:
        quiz = get_quiz(lesson, quiz_id)
    except QuizNotFound:
        messages.error(request, _("Ce quiz n'existe pas (ou plus) dans cette leçon."))
        return TemplateResponse(request, "academie/lesson_page.html", lesson_context(request, lesson), status=404)
    answers = answers_from_post(quiz, request.POST)
    try:
        result = quizzes.submit_quiz(lesson, quiz, answers, request.user)
    except InvalidQuizAnswers as invalid:
        messages.error(request, _("Votre quiz n'est pas envoyé : corrigez les réponses signalées."))
        context = lesson_context(request, lesson, quiz_errors={quiz.id: invalid.errors}, submitted={quiz.id: answers})
        return TemplateResponse(request, "academie/lesson_page.html", context, status=400)
    context = lesson_context(request, lesson, quiz_results={quiz.id: result}, submitted={quiz.id: answers})
    return TemplateResponse(request, "academie/lesson_page.html", context)
