"""Public views of a consultation page (routed by ConsultationPage): vote, results, access."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from cms.csv_export import csv_response
from cms.http import safe_next_url
from cms.queue import enqueue

from .analysis import describe_question, render_findings, render_recommendations
from .forms import EmailConfirmationForm, InvitationCodeForm, SurveyForm
from .models import Eligibility, Participation
from .results import DIMENSION_LABELS, approved_texts, can_see_results, csv_rows, get_results
from .survey import InvalidAnswers
from .tasks import send_email_confirmation
from .throttling import EmailConfirmationThrottle, MailboxThrottle
from .voting import NotEligible, VoteRefused, box_config, has_voted, read_email_token, resolve_voter, vote, voter_for


def _session_key(page, name):
    return f"consultation-{page.ballot_box.pk}-{name}"


def current_voter(request, page):
    """(voter, refusal): who would vote from this browser, or why they cannot."""
    return voter_for(
        page,
        user=request.user,
        invitation_code=request.session.get(_session_key(page, "invitation")),
        confirmed_email=request.session.get(_session_key(page, "email")),
    )


def survey_context(request, page, form=None):
    """What the survey form needs; shared by the page and the survey block."""
    voter, refusal = current_voter(request, page)
    already = voter is not None and has_voted(page.ballot_box.pk, voter)
    return {
        "consultation": page,
        "survey_form": form or SurveyForm(page.get_survey()),
        "voter": voter,
        "refusal": refusal,
        "already_voted": already,
        "can_vote": voter is not None and not already,
        "results_public": page.results_are_public(),
        "eligibility": Eligibility,
    }


@sensitive_post_parameters()
def consultation_page(request, page):
    status = 200
    form = None
    if request.method == "POST":
        form = SurveyForm(page.get_survey(), request.POST)
        answers, form_errors = form.raw_answers()
        try:
            vote(
                page.ballot_box.pk,
                answers,
                user=request.user,
                channel=Participation.Channel.WEB,
                invitation_code=request.session.get(_session_key(page, "invitation")),
                confirmed_email=request.session.get(_session_key(page, "email")),
                revision_id=page.live_revision_id,
                form_errors=form_errors,
            )
        except InvalidAnswers as error:
            form.set_errors(error.errors)
            status = 400
            messages.error(request, _("Votre vote n'est pas enregistré : corrigez les réponses signalées."))
        except VoteRefused as refusal:
            messages.error(request, refusal.message)
            status = refusal.status
        else:
            messages.success(request, _("Merci, votre vote est enregistré."))
            return HttpResponseRedirect(safe_next_url(request, page.get_url(request)))
    context = page.get_context(request)
    context.update(survey_context(request, page, form))
    return TemplateResponse(request, "consultations/consultation_page.html", context, status=status)


def _results_context(request, page):
    results, analysis, snapshot = get_results(page)
    if results is None:
        return None, None, None
    for question in results["questions"]:
        if question["type"] in ("short_text", "long_text"):
            question["texts"] = approved_texts(page, question["id"])
        question["breakdown_list"] = [
            {"dimension": dim, "label": DIMENSION_LABELS[dim](), "groups": groups}
            for dim, groups in question["breakdowns"].items()
        ]
    return results, analysis, snapshot


def results_page(request, page):
    context = page.get_context(request)
    if not can_see_results(request, page):
        context["results_hidden"] = True
        return TemplateResponse(request, "consultations/results_page.html", context, status=403)
    results, analysis, snapshot = _results_context(request, page)
    if results is None:
        context["counting"] = True
        return TemplateResponse(request, "consultations/results_page.html", context)
    by_id = {q["id"]: q for q in analysis.get("questions", [])}
    for question in results["questions"]:
        found = by_id.get(question["id"])
        question["analysis_text"] = describe_question(found, question) if found else ""
    # Citizens read what the results say; advice on presenting them is for the consultation's editors only.
    is_editor = request.user.is_authenticated and page.permissions_for_user(request.user).can_edit()
    context.update(
        editor_preview=not page.results_are_public(),
        results=results,
        analysis=analysis,
        findings=render_findings(analysis, results),
        recommendations=render_recommendations(analysis, results) if is_editor else [],
        snapshot=snapshot,
        pending_ballots=0 if snapshot else results.get("pending", 0),
        ballot_batch=results.get("batch"),
    )
    return TemplateResponse(request, "consultations/results_page.html", context)


def results_csv(request, page):
    if not can_see_results(request, page):
        return HttpResponse(_("Les résultats ne sont pas encore publiés."), status=403, content_type="text/plain")
    results, _analysis, _snapshot = get_results(page)
    if results is None:
        return HttpResponse(
            _("Le dépouillement est en cours : les résultats seront disponibles dans quelques instants."),
            status=503,
            content_type="text/plain; charset=utf-8",
            headers={"Retry-After": "30"},
        )
    return csv_response(f"resultats-{page.slug}.csv", csv_rows(results))


def invitation_code(request, page):
    if page.eligibility != Eligibility.INVITATION:
        raise Http404
    form = InvitationCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            resolve_voter(box_config(page.ballot_box.pk), invitation_code=code)
        except NotEligible as refusal:
            form.add_error("code", refusal.message)
            status = 400
        else:
            request.session[_session_key(page, "invitation")] = code
            messages.success(request, _("Code accepté : vous pouvez voter."))
            return HttpResponseRedirect(page.get_url(request))
    elif request.method == "POST":
        status = 400
    context = page.get_context(request)
    context.update(form=form, consultation=page, access_kind="invitation")
    return TemplateResponse(request, "consultations/access_form.html", context, status=status)


def email_request(request, page):
    if page.eligibility != Eligibility.EMAIL:
        raise Http404
    form = EmailConfirmationForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        # The same limit as the API's, counted together: the form must not become a way to flood an inbox.
        mailbox_open = MailboxThrottle(form.cleaned_data["email"]).allow_request(request, None)
        if mailbox_open and EmailConfirmationThrottle().allow_request(request, None):
            # With the task queue down, the email is sent from here rather than lost or waited for.
            enqueue(
                send_email_confirmation,
                page.pk,
                form.cleaned_data["email"],
                translation.get_language(),
                if_unavailable="run",
            )
            context = page.get_context(request)
            context.update(consultation=page, sent_to=form.cleaned_data["email"], access_kind="email")
            return TemplateResponse(request, "consultations/access_form.html", context)
        form.add_error(
            "email",
            _("Trop de demandes de confirmation depuis votre connexion : réessayez plus tard.")
            if mailbox_open
            else _("Trop de demandes de confirmation pour cette adresse : réessayez dans une heure."),
        )
        status = 429
    elif request.method == "POST":
        status = 400
    context = page.get_context(request)
    context.update(form=form, consultation=page, access_kind="email")
    return TemplateResponse(request, "consultations/access_form.html", context, status=status)


def email_confirm(request, page, token):
    if page.eligibility != Eligibility.EMAIL:
        raise Http404
    try:
        email = read_email_token(page.ballot_box.pk, token)
    except NotEligible as refusal:
        messages.error(request, refusal.message)
        return HttpResponseRedirect(page.get_url(request) + page.reverse_subpage("email_request"))
    request.session[_session_key(page, "email")] = email
    messages.success(request, _("Adresse confirmée : vous pouvez voter."))
    return HttpResponseRedirect(page.get_url(request))
