"""Wagtail admin registrations of the cahier de doléances: its editors' views and their menu item."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from .admin_views import CahierMenuItem, entries_view, entry_edit_view


@hooks.register("register_admin_urls")
def register_doleances_admin_urls():
    return [
        path("doleances/", entries_view, name="doleances_admin_entries"),
        path("doleances/<id:entry_id>/", entry_edit_view, name="doleances_admin_entry"),
    ]


@hooks.register("register_admin_menu_item")
def register_doleances_menu_item():
    return CahierMenuItem(_("Cahier de doléances"), reverse("doleances_admin_entries"), icon_name="list-ul", order=450)
