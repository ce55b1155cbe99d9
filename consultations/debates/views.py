"""Public views of the debates: the registration forms posted to /debats/ (plain POSTs, no JavaScript needed, the
answer in a message back on the page) and a confirmed registrant's calendar file."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cms.http import safe_next_url

from . import notifications, services
from .models import DebatePage, Registration


def readable_debate(request, page_id):
    """The live debate the visitor may read (every view restriction passed), else 404."""
    debate = get_object_or_404(DebatePage, pk=page_id)
    if not debate.live or not all(r.accept_request(request) for r in debate.get_view_restrictions()):
        raise Http404
    return debate


def _back(request, debate):
    return redirect(safe_next_url(request, (debate.get_url(request) or "/") + "#inscription"))


@require_POST
def register_view(request, page_id):
    debate = readable_debate(request, page_id)
    if not request.user.is_authenticated:
        return redirect_to_login(debate.get_url(request) or "/")
    try:
        registration = services.register(debate, request.user, request.POST.get("attendance") or None)
    except services.RegistrationRefused as refusal:
        messages.error(request, refusal.message)
        return _back(request, debate)
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(
            request,
            _("Votre inscription est confirmée. Un e-mail vous l'a confirmé, avec le fichier pour votre agenda."),
        )
    else:
        messages.info(
            request,
            _("Le débat est complet : vous êtes sur la liste d'attente. Nous vous écrirons si une place se libère."),
        )
    return _back(request, debate)


@require_POST
def cancel_view(request, page_id):
    debate = readable_debate(request, page_id)
    if not request.user.is_authenticated:
        return redirect_to_login(debate.get_url(request) or "/")
    try:
        services.cancel(debate, request.user)
    except services.RegistrationRefused as refusal:
        messages.error(request, refusal.message)
        return _back(request, debate)
    messages.success(request, _("Votre inscription est annulée."))
    return _back(request, debate)


@require_GET
def ics_view(request, page_id):
    """The calendar file of the visitor's confirmed registration (404 for anyone else)."""
    debate = readable_debate(request, page_id)
    if not request.user.is_authenticated:
        raise Http404
    original = services.original_debate(debate)
    registration = Registration.objects.filter(
        debate_id=original.pk, user=request.user, status=Registration.Status.CONFIRMED
    ).first()
    if registration is None:
        raise Http404
    response = HttpResponse(notifications.ics_for(registration, debate), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="debat.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
