"""Wagtail admin registrations of the citizen groups: the messages' views and menu item, the `admin_home` panel,
and the « proposée par le groupe » button on a proposed consultation's page header."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.widgets import Button

from cms.registry import Panel, registry

from .admin_views import MessagesMenuItem, admin_home_panel, answer_view, messages_view
from .services import group_of_page


@hooks.register("register_admin_urls")
def register_groups_admin_urls():
    return [
        path("groupes-citoyens/messages/", messages_view, name="citizen_groups_admin_messages"),
        path("groupes-citoyens/messages/<id:message_id>/", answer_view, name="citizen_groups_admin_answer"),
    ]


@hooks.register("register_admin_menu_item")
def register_groups_menu_item():
    return MessagesMenuItem(
        gettext_lazy("Messages des groupes"), reverse("citizen_groups_admin_messages"), icon_name="mail", order=460
    )


@hooks.register("register_page_header_buttons")
def proposed_by_group(page, user, view_name=None, next_url=None):
    """On a consultation proposed from a group: « Proposée par le groupe X », linking to the group's page."""
    group = group_of_page(page.pk)
    if group is not None:
        yield Button(
            _("Proposée par le groupe « %(name)s »") % {"name": group.name},
            group.get_absolute_url(),
            icon_name="group",
            priority=5,
        )


registry.register_panel(
    "admin_home",
    Panel("citizen_groups", template="citizen_groups/admin/home_panel.html", context=admin_home_panel, order=120),
)
