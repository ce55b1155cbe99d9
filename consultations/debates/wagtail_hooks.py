"""Wagtail admin registrations of the debates (registration only: the views are in `admin_views.py`)."""

from django.urls import path

from wagtail import hooks

from cms.admin_actions import register_page_actions

from .admin_views import RegistrationsMenuItem, registrations_view


@hooks.register("register_admin_urls")
def register_debates_admin_urls():
    return [path("debats/<id:page_id>/inscriptions/", registrations_view, name="debates_admin_registrations")]


register_page_actions(RegistrationsMenuItem)
