"""The network's public views: propose a consultation (/reseau/proposer/), change and resubmit it
(/reseau/propositions/<id>/modifier/), withdraw it, and the opening emails' preference. All work without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from consultations.voting import email_verified

from .forms import ProposalForm, QuestionFormSet, add_question_row, check_proposal
from .models import OpeningEmailPreference
from .services import (
    NO_INDEX_MESSAGE,
    PROPOSALS,
    ProposalRefused,
    create_proposal,
    national_index,
    own_proposal,
    proposal_initial,
    resubmit,
    withdraw,
)

PREFIX = "questions"


def _bound_forms(request, exclude_page_id=None):
    data = request.POST
    if "add_question" in data:
        data = add_question_row(data, PREFIX)
    form = ProposalForm(data, exclude_page_id=exclude_page_id)
    formset = QuestionFormSet(data, prefix=PREFIX)
    return form, formset


def _render(request, form, formset, *, proposal=None, status=200, refusal=None):
    context = {"form": form, "formset": formset, "proposal": proposal, "refusal": refusal}
    return TemplateResponse(request, "network/proposal_form.html", context, status=status)


def _refusal_before_form(request):
    if not email_verified(request.user):
        return _(
            "Confirmez d'abord votre adresse e-mail (ouvrez le lien reçu par e-mail, ou demandez-en un depuis votre "
            "compte) : seules les personnes à l'adresse vérifiée proposent des consultations."
        )
    if national_index() is None:
        return str(NO_INDEX_MESSAGE)
    return None


@never_cache
@login_required
def propose(request):
    refusal = _refusal_before_form(request)
    if refusal:
        return _render(request, None, None, refusal=refusal, status=403 if request.method == "POST" else 200)
    if request.method != "POST":
        return _render(request, ProposalForm(), QuestionFormSet(prefix=PREFIX))
    form, formset = _bound_forms(request)
    if "add_question" in request.POST:
        # One more question row; nothing is checked yet (the form is not sent).
        return _render(request, _unvalidated(form), _unvalidated_formset(formset))
    if not (form.is_valid() & formset.is_valid()):
        return _render(request, form, formset, status=400)
    values = check_proposal(form, formset)
    if values is None:
        return _render(request, form, formset, status=400)
    if PROPOSALS.blocked(request) or not PROPOSALS.attempt(request):
        form.add_error(None, PROPOSALS.message)
        return _render(request, form, formset, status=429)
    try:
        create_proposal(request.user, values, language=translation.get_language())
    except ProposalRefused as refusal:
        PROPOSALS.succeeded(request)
        form.add_error(None, refusal.message)
        return _render(request, form, formset, status=refusal.status)
    messages.success(
        request,
        _(
            "Merci ! Votre consultation est envoyée à la modération. Vous recevrez un e-mail dès qu'elle sera "
            "examinée ; vous suivez son état depuis votre profil."
        ),
    )
    return redirect("account_profile")


def _unvalidated(form):
    """A bound form shown again without its errors (after « Ajouter une question »)."""
    form._errors = {}
    form.cleaned_data = {}
    return form


def _unvalidated_formset(formset):
    formset._errors = []
    formset._non_form_errors = formset.error_class()
    for each in formset.forms:
        each._errors = {}
    return formset


@never_cache
@login_required
def edit(request, proposal_id):
    try:
        proposal = own_proposal(request.user, proposal_id)
    except ProposalRefused as refusal:
        raise Http404 from refusal
    if not proposal.editable:
        messages.error(request, _("Cette proposition n'attend pas de modification : elle ne peut pas être changée."))
        return redirect("account_profile")
    if request.method != "POST":
        initial, rows = proposal_initial(proposal)
        return _render(
            request,
            ProposalForm(initial=initial, exclude_page_id=proposal.page_id),
            QuestionFormSet(initial=rows, prefix=PREFIX),
            proposal=proposal,
        )
    form, formset = _bound_forms(request, exclude_page_id=proposal.page_id)
    if "add_question" in request.POST:
        return _render(request, _unvalidated(form), _unvalidated_formset(formset), proposal=proposal)
    if not (form.is_valid() & formset.is_valid()):
        return _render(request, form, formset, proposal=proposal, status=400)
    values = check_proposal(form, formset)
    if values is None:
        return _render(request, form, formset, proposal=proposal, status=400)
    try:
        resubmit(request.user, proposal.pk, values)
    except ProposalRefused as refusal:
        form.add_error(None, refusal.message)
        return _render(request, form, formset, proposal=proposal, status=refusal.status)
    messages.success(request, _("Votre proposition modifiée est renvoyée à la modération."))
    return redirect("account_profile")


@never_cache
@login_required
@require_POST
def withdraw_view(request, proposal_id):
    try:
        withdraw(request.user, proposal_id)
    except ProposalRefused as refusal:
        if refusal.status == 404:
            raise Http404 from refusal
        messages.error(request, refusal.message)
        return redirect("account_profile")
    messages.success(request, _("Votre proposition est retirée."))
    return redirect("account_profile")


@never_cache
@login_required
@require_POST
def preferences(request):
    wanted = request.POST.get("opening_emails") == "on"
    OpeningEmailPreference.objects.update_or_create(
        user=request.user, defaults={"opening_emails": wanted, "language": translation.get_language() or "fr"}
    )
    if wanted:
        messages.success(request, _("Nous vous écrirons quand une consultation de votre territoire ouvrira."))
    else:
        messages.success(request, _("Vous ne recevrez plus d'e-mail à l'ouverture des consultations."))
    return redirect("account_profile")
