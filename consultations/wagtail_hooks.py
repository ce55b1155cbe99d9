"""Wagtail admin registrations of consultations: invitations, moderation of free-text answers, results links, and
the consultations part of a space editor's admin home (the `admin_home` panel of `cms.registry`)."""

from django.db.models import Count, Q
from django.urls import path, reverse

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
