"""Admin views of a debate's organisers (`rules.can_organise`: whoever may edit the page in Wagtail; another space's
editor gets a 403, as for every page action): its registrations (confirmed, waiting, cancelled; CSV download) and,
for a debate by invitation only, its invitation list (addresses pasted one per line, validated; removed one by one).
Invited addresses get an email with the debate's link (Celery, after the commit)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail.admin import messages

from cms.admin_actions import PageActionMenuItem, editable_page, page_breadcrumbs
from cms.csv_export import csv_response
from cms.queue import enqueue
from consultations.invitations import parse_email_list

from . import services, tasks
from .models import DebateAccess, DebateInvitation, DebatePage, Registration


class InvitationsForm(forms.Form):
    emails = forms.CharField(
        label=gettext_lazy("Adresses à inviter"),
        help_text=gettext_lazy("Une adresse e-mail par ligne (ou séparées par des virgules)."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_emails(self):
        try:
            return parse_email_list(self.cleaned_data["emails"])
        except ValidationError as error:
            raise ValidationError(error.messages) from error


def registrations_view(request, page_id):
    page = editable_page(request, DebatePage, page_id)
    original = services.original_debate(page)
    registrations = (
        Registration.objects.filter(debate_id=original.pk).select_related("user").order_by("status", "queued_at", "pk")
    )
    if request.GET.get("format") == "csv":
        rows = [[_("Nom"), _("Adresse"), _("État"), _("Participation"), _("Inscrit le"), _("Confirmée le")]]
        rows += [
            [
                registration.user.get_full_name() or registration.user.get_username(),
                registration.user.email,
                registration.get_status_display(),
                registration.get_attendance_display(),
                timezone.localtime(registration.queued_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(registration.confirmed_at).strftime("%Y-%m-%d %H:%M")
                if registration.confirmed_at
                else "",
            ]
            for registration in registrations
        ]
        return csv_response(f"inscriptions-debat-{original.pk}.csv", rows)
    form = InvitationsForm()
    if request.method == "POST":
        if request.POST.get("remove"):
            removed, _count = DebateInvitation.objects.filter(
                debate_id=original.pk, pk=request.POST["remove"] if request.POST["remove"].isdigit() else 0
            ).delete()
            if removed:
                messages.success(request, _("L'invitation est retirée."))
            return redirect("debates_admin_registrations", page.pk)
        form = InvitationsForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                created = DebateInvitation.objects.bulk_create(
                    [
                        DebateInvitation(debate_id=original.pk, email=email, invited_by=request.user)
                        for email in form.cleaned_data["emails"]
                    ],
                    ignore_conflicts=True,
                )
                transaction.on_commit(lambda: enqueue(tasks.send_invitations, original.pk, if_unavailable="run"))
            messages.success(
                request,
                ngettext(
                    "%(count)d adresse ajoutée à la liste des invités.",
                    "%(count)d adresses ajoutées à la liste des invités.",
                    len(created),
                )
                % {"count": len(created)},
            )
            return redirect("debates_admin_registrations", page.pk)
    groups = {status: [] for status in Registration.Status.values}
    for registration in registrations:
        groups[registration.status].append(registration)
    return TemplateResponse(
        request,
        "debates/admin/registrations.html",
        {
            "page": page,
            "confirmed": groups[Registration.Status.CONFIRMED],
            "waiting": groups[Registration.Status.WAITING],
            "cancelled": groups[Registration.Status.CANCELLED],
            "state": services.registration_state(page),
            "invitation_only": original.access == DebateAccess.INVITATION,
            "invitations": DebateInvitation.objects.filter(debate_id=original.pk).order_by("email"),
            "form": form,
            "header_title": _("Inscriptions et invitations"),
            "breadcrumbs_items": page_breadcrumbs(page, request.user, _("Inscriptions et invitations")),
        },
    )


class RegistrationsMenuItem(PageActionMenuItem):
    page_model = DebatePage
    label = gettext_lazy("Inscriptions et invitations")
    icon_name = "group"
    url_name = "debates_admin_registrations"
    header_priority = 15
    listing_priority = 15
