"""Wagtail admin registrations of the debates (registration only: the views are in `*admin_views.py`)."""

from django.urls import path

from wagtail import hooks

from cms.admin_actions import register_page_actions

from .admin_views import RegistrationsMenuItem, registrations_view
from .live_admin_views import RegieMenuItem, poll_edit_view, regie_view


@hooks.register("register_admin_urls")
def register_debates_admin_urls():
    return [
        path("debats/<id:page_id>/inscriptions/", registrations_view, name="debates_admin_registrations"),
        path("debats/<id:page_id>/regie/", regie_view, name="debates_regie"),
        path("debats/sondages/<id:poll_id>/", poll_edit_view, name="debates_poll_edit"),
    ]


register_page_actions(RegistrationsMenuItem)
register_page_actions(RegieMenuItem)
