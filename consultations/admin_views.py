"""Admin views of consultations: moderation of free-text answers, invitations (form, codes file), and the buttons
that lead to them and to the results."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail.admin import messages

from cms.admin_actions import PageActionMenuItem, editable_page, page_breadcrumbs
from cms.csv_export import csv_response
from cms.registry import registry

from .invitations import create_invitations, format_code, parse_email_list
from .models import ConsultationPage, Eligibility, FreeText, Invitation
from .release import batch_size, pending_count
from .signals import consultation_changed
from .tasks import send_invitations

# -- moderation of free-text answers ----------------------------------------------------------------------------------


def moderation_view(request, page_id):
    page = editable_page(request, ConsultationPage, page_id)
    box_id = page.ballot_box.pk
    survey = page.get_survey()
    state = request.GET.get("etat", FreeText.Moderation.PENDING)
    if state not in (FreeText.Moderation.PENDING, FreeText.Moderation.APPROVED, FreeText.Moderation.REJECTED):
        state = FreeText.Moderation.PENDING
    if request.method == "POST":
        decision = request.POST.get("decision")
        ids = [
            int(value)
            for value in request.POST.getlist("answer")
            if value.isascii() and value.isdigit() and len(value) <= 19  # "²".isdigit() too, and int() refuses it
        ]
        if (
            decision not in (FreeText.Moderation.APPROVED, FreeText.Moderation.REJECTED, FreeText.Moderation.PENDING)
            or not ids
        ):
            messages.error(request, _("Cochez au moins une réponse puis choisissez « Publier » ou « Refuser »."))
        else:
            count = FreeText.objects.filter(consultation_id=box_id, pk__in=ids).update(moderation=decision)
            if count:
                consultation_changed(box_id)  # the results page lists the approved answers (cms/page_cache.py)
                registry.search_changed("free_texts", ids)  # update() sends no signal: the search reads them again
            messages.success(
                request,
                ngettext("%(count)d réponse modérée.", "%(count)d réponses modérées.", count) % {"count": count},
            )
        return redirect(request.get_full_path())
    answers = (
        FreeText.objects.filter(consultation_id=box_id, moderation=state)
        .order_by("id")
        .values("id", "question_id", "text")
    )
    page_obj = Paginator(answers, 50).get_page(request.GET.get("p"))
    rows = [
        {
            "id": a["id"],
            "text": a["text"],
            "question": survey.by_id[a["question_id"]].label if a["question_id"] in survey.by_id else "",
        }
        for a in page_obj
    ]
    counts = {
        key: FreeText.objects.filter(consultation_id=box_id, moderation=key).count()
        for key in (FreeText.Moderation.PENDING, FreeText.Moderation.APPROVED, FreeText.Moderation.REJECTED)
    }
    return TemplateResponse(
        request,
        "consultations/admin/moderation.html",
        {
            "page": page,
            "rows": rows,
            "page_obj": page_obj,
            "state": state,
            "counts": counts,
            "states": FreeText.Moderation,
            "waiting": pending_count(box_id),
            "batch": batch_size(),
            "breadcrumbs_items": page_breadcrumbs(page, request.user, _("Réponses libres")),
            "header_title": _("Réponses libres"),
        },
    )


# -- invitations ------------------------------------------------------------------------------------------------------


class InvitationForm(forms.Form):
    emails = forms.CharField(
        label=gettext_lazy("Adresses e-mail à inviter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Une adresse par ligne (ou séparées par des virgules). Chacune reçoit un code personnel."
        ),
    )
    emails_file = forms.FileField(
        label=gettext_lazy("… ou un fichier CSV d'adresses"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".csv,.txt"}),
    )
    anonymous_codes = forms.IntegerField(
        label=gettext_lazy("Codes anonymes à distribuer"),
        required=False,
        min_value=0,
        max_value=20_000,
        help_text=gettext_lazy("Des codes sans adresse, à imprimer et remettre en main propre."),
    )

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("emails") or ""
        upload = cleaned.get("emails_file")
        if upload:
            raw = upload.read(2_000_001)
            if len(raw) > 2_000_000:
                raise ValidationError(_("Le fichier dépasse 2 Mo."))
            try:
                text += "\n" + raw.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise ValidationError(
                    _("Le fichier n'est pas encodé en UTF-8 : enregistrez-le en « CSV UTF-8 » depuis votre tableur.")
                ) from error
        cleaned["email_list"] = parse_email_list(text)
        if not cleaned["email_list"] and not cleaned.get("anonymous_codes"):
            raise ValidationError(_("Indiquez des adresses e-mail ou un nombre de codes anonymes."))
        return cleaned


def invitations_view(request, page_id):
    page = editable_page(request, ConsultationPage, page_id)
    box_id = page.ballot_box.pk
    form = InvitationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        created = create_invitations(
            page, emails=form.cleaned_data["email_list"], count=form.cleaned_data.get("anonymous_codes") or 0
        )
        with_email = [invitation.pk for invitation in created if invitation.email]
        if with_email:
            transaction.on_commit(lambda: send_invitations.delay(with_email))
        messages.success(
            request,
            ngettext("%(count)d invitation créée.", "%(count)d invitations créées.", len(created))
            % {"count": len(created)},
        )
        return redirect("consultations_invitations", page_id=page.pk)
    invitations = Invitation.objects.filter(consultation_id=box_id)
    context = {
        "page": page,
        "form": form,
        "total": invitations.count(),
        "with_email": invitations.exclude(email="").count(),
        "sent": invitations.filter(sent_at__isnull=False).count(),
        "anonymous": invitations.filter(email="").count(),
        "eligibility_warning": page.eligibility != Eligibility.INVITATION,
        "breadcrumbs_items": page_breadcrumbs(page, request.user, _("Invitations")),
        "header_title": _("Invitations"),
    }
    return TemplateResponse(
        request, "consultations/admin/invitations.html", context, status=400 if form.errors else 200
    )


def invitations_csv(request, page_id):
    page = editable_page(request, ConsultationPage, page_id)
    invitations = (
        Invitation.objects.filter(consultation_id=page.ballot_box.pk)
        .order_by("created_at", "pk")
        .values_list("code", "email", "sent_at")
    )
    rows = ([format_code(code), email, sent_at.isoformat() if sent_at else ""] for code, email, sent_at in invitations)
    return csv_response(f"codes-{page.slug}.csv", [["code", "email", "envoye_le"], *rows])


# -- buttons ----------------------------------------------------------------------------------------------------------


class ConsultationMenuItem(PageActionMenuItem):
    page_model = ConsultationPage


class ResultsMenuItem(ConsultationMenuItem):
    label = gettext_lazy("Résultats")
    icon_name = "view"
    header_priority = 10
    listing_priority = 2

    @cached_property
    def url(self):
        page = self.page.specific
        return page.results_url() if page.url else ""


class ModerationMenuItem(ConsultationMenuItem):
    label = gettext_lazy("Réponses libres")
    icon_name = "comment"
    url_name = "consultations_moderation"
    header_priority = 11
    listing_priority = 3


class InvitationsMenuItem(ConsultationMenuItem):
    label = gettext_lazy("Invitations")
    icon_name = "mail"
    url_name = "consultations_invitations"
    header_priority = 12
    listing_priority = 4
