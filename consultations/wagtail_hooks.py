"""Wagtail admin registrations of consultations: invitations, moderation of free-text answers, results links."""

from django.urls import path

from wagtail import hooks

from cms.admin_actions import register_page_actions

from .admin_views import (
    InvitationsMenuItem,
    ModerationMenuItem,
    ResultsMenuItem,
    invitations_csv,
    invitations_view,
    moderation_view,
)


@hooks.register("register_admin_urls")
def register_consultation_admin_urls():
    return [
        path("consultations/<id:page_id>/moderation/", moderation_view, name="consultations_moderation"),
        path("consultations/<id:page_id>/invitations/", invitations_view, name="consultations_invitations"),
        path("consultations/<id:page_id>/invitations.csv", invitations_csv, name="consultations_invitations_csv"),
    ]


register_page_actions(ResultsMenuItem, ModerationMenuItem, InvitationsMenuItem)
