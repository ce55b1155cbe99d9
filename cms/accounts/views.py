"""The citizen's profile page (/comptes/profil/): commune of residence, demographics and consent."""

from allauth.account.models import EmailAddress

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .forms import SAVED_USER_FIELDS, CitizenProfileForm

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
    }
    return TemplateResponse(request, "cms/accounts/profile.html", context, status=400 if form.errors else 200)
