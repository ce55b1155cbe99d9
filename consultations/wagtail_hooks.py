"""Wagtail admin registrations of consultations: invitations, moderation of free-text answers, results links, and
the consultations part of a space editor's admin home (the `admin_home` panel of `cms.registry`)."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from wagtail import hooks

from cms.admin_actions import register_page_actions
from cms.registry import Panel, registry

from .admin_views import (
    InvitationsMenuItem,
    ModerationMenuItem,
    ResultsMenuItem,
    invitations_csv,
    invitations_view,
    moderation_view,
)
from .models import ConsultationIndexPage, ConsultationPage, FreeText


@hooks.register("register_admin_urls")
def register_consultation_admin_urls():
    return [
        path("consultations/<id:page_id>/moderation/", moderation_view, name="consultations_moderation"),
        path("consultations/<id:page_id>/invitations/", invitations_view, name="consultations_invitations"),
        path("consultations/<id:page_id>/invitations.csv", invitations_csv, name="consultations_invitations_csv"),
    ]


register_page_actions(ResultsMenuItem, ModerationMenuItem, InvitationsMenuItem)


def admin_home_panel(space, request):
    """The space's open consultations with their answers waiting for moderation, and a « new consultation » button."""
    pending = Count("free_texts", filter=Q(free_texts__moderation=FreeText.Moderation.PENDING))
    consultations = ConsultationPage.objects.descendant_of(space).annotate(pending_answers=pending)
    open_now = list(consultations.live().open_at().order_by("closes_at"))
    pending_total = FreeText.objects.filter(
        consultation__in=ConsultationPage.objects.descendant_of(space), moderation=FreeText.Moderation.PENDING
    ).count()
    index = ConsultationIndexPage.objects.child_of(space).first()
    can_add = index is not None and index.permissions_for_user(request.user).can_add_subpage()
    return {
        "open_consultations": open_now,
        "pending_elsewhere": pending_total - sum(each.pending_answers for each in open_now),
        "add_consultation_url": (
            reverse("wagtailadmin_pages:add", args=["consultations", "consultationpage", index.pk]) if can_add else None
        ),
    }


registry.register_panel(
    "admin_home", Panel("consultations", template="consultations/admin/home_panel.html", context=admin_home_panel)
)


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_what_cannot_be_published(request, action_type, objects, action_class_instance):
    """Publishing several pages at once goes round the editor's form: a consultation that could not be published
    (no question, a territory outside its space) stops the whole action with the editor's message, not a 500."""
    if action_type != "publish":
        return None
    refused = []
    for page in objects:
        specific = page.specific
        if not isinstance(specific, ConsultationPage):
            continue
        draft = specific.get_latest_revision_as_object()
        draft.live = True  # as it would be once published
        errors = draft.publishing_errors()
        if errors:
            refused.append(f"« {draft.title} » : {' '.join(str(message) for message in errors.values())}")
    if not refused:
        return None
    messages.error(request, _("Rien n'a été publié. %(reasons)s") % {"reasons": " ".join(refused)})
    return redirect(action_class_instance.next_url)
