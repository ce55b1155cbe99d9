"""The citizen's profile page (/comptes/profil/): commune of residence, demographics and consent; and their GDPR
rights: download their data (/comptes/profil/mes-donnees/) and delete their account (/comptes/profil/supprimer/).
The commune search without JavaScript (/comptes/communes/?q=…), linked from the commune field of the sign-up and
profile forms."""

from allauth.account.models import EmailAddress

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..registry import registry
from . import personal_data
from .communes import InvalidQuery, commune_label, suggest_communes, suggestion_label
from .forms import SAVED_USER_FIELDS, CitizenProfileForm, CommuneSearchForm, DeleteAccountForm
from .throttling import CommuneSuggestionThrottle

SEARCH_RESULTS = 20

WITHDRAW_CONSENT = "withdraw_consent"


@never_cache
@login_required
def profile(request):
    user = request.user
    if request.method == "POST" and request.POST.get("action") == WITHDRAW_CONSENT:
        user.withdraw_demographics_consent()
        user.save(update_fields=SAVED_USER_FIELDS)
        messages.success(request, _("Votre consentement est retiré : votre tranche d'âge et votre genre sont effacés."))
        return redirect("account_profile")

    form = CitizenProfileForm(request.POST if request.method == "POST" else None, user=user)
    form.offer_commune(request.GET.get("commune"))  # picked on the commune search page
    if form.is_bound and form.is_valid():
        had_consent = user.demographics_consented
        form.save()
        if had_consent and not user.demographics_consented:
            messages.success(
                request,
                _(
                    "Votre profil est enregistré. Votre consentement est retiré : votre tranche d'âge et votre "
                    "genre sont effacés."
                ),
            )
        else:
            messages.success(request, _("Votre profil est enregistré."))
        return redirect("account_profile")

    context = {
        "form": form,
        "email_addresses": EmailAddress.objects.filter(user=user).order_by("-primary", "email"),
        "withdraw_action": WITHDRAW_CONSENT,
        "can_delete": personal_data.can_delete(user),
        "panels": registry.panels("account_profile", user, request),  # what features keep for the citizen
    }
    return TemplateResponse(request, "cms/accounts/profile.html", context, status=400 if form.errors else 200)


@never_cache
@require_GET
@login_required
def export_data(request):
    """The citizen's data as a JSON file to download (a copy, in a format a program can read)."""
    now = timezone.now()
    response = HttpResponse(personal_data.export_json(request.user, now=now), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{personal_data.export_filename(request.user, now)}"'
    return response


@never_cache
@login_required
def delete_account(request):
    user = request.user
    if not personal_data.can_delete(user):
        messages.error(
            request,
            _(
                "Un compte d'administration ne se supprime pas ici : demandez à un administrateur de la plateforme "
                "de le supprimer depuis l'administration."
            ),
        )
        return redirect("account_profile")
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_bound and form.is_valid():
        personal_data.delete_account(user)
        logout(request)
        return redirect("account_deleted")
    return TemplateResponse(
        request, "cms/accounts/delete_account.html", {"form": form}, status=400 if form.errors else 200
    )


@never_cache
def account_deleted(request):
    return TemplateResponse(request, "cms/accounts/account_deleted.html", {})


@require_GET
def commune_search(request):
    """The commune suggestions as a plain form (no JavaScript): the citizen types a name or a code, reads the
    communes it may be, and picks one, which takes them back to the sign-up or profile form with the field filled
    (`?commune=Nantes (44109)`), or copies its label. Counted with the API's suggestions (one limit)."""
    forms_here = {reverse("account_signup"), reverse("account_profile")}
    back = request.GET.get("next", "")
    if back not in forms_here:
        back = reverse("account_profile") if request.user.is_authenticated else reverse("account_signup")
    form = CommuneSearchForm(request.GET if request.GET.get("q") else None)
    results, status = None, 200
    if form.is_bound and form.is_valid():
        if not CommuneSuggestionThrottle().allow_request(request, None):
            form.add_error("q", _("Trop de recherches en peu de temps : réessayez dans une minute."))
            status = 429
        else:
            try:
                found = suggest_communes(form.cleaned_data["q"], limit=SEARCH_RESULTS)
            except InvalidQuery as invalid:
                form.add_error("q", invalid.message)
            else:
                results = [
                    {
                        "commune": commune,
                        "label": commune_label(commune),
                        "description": suggestion_label(commune),
                        "pick_url": f"{back}?{urlencode({'commune': commune_label(commune)})}",
                    }
                    for commune in found
                ]
    if form.errors and status == 200:
        status = 400
    context = {
        "form": form,
        "results": results,
        "maybe_more": results is not None and len(results) >= SEARCH_RESULTS,
        "back": back,
        "back_is_signup": back == reverse("account_signup"),
    }
    return TemplateResponse(request, "cms/accounts/commune_search.html", context, status=status)
