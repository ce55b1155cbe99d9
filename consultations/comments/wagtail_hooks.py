"""Wagtail admin registrations of the comments (registration only: the views are in `admin_views.py`)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from cms.admin_actions import register_page_actions

from .admin_views import (
    CommentSettingsMenuItem,
    ReportedCommentsMenuItem,
    comment_view,
    log_view,
    reported_view,
    settings_view,
)


@hooks.register("register_admin_urls")
def register_comments_admin_urls():
    return [
        path("commentaires/", reported_view, name="citizen_comments_admin_reported"),
        path("commentaires/journal/", log_view, name="citizen_comments_admin_log"),
        path("commentaires/<id:comment_id>/", comment_view, name="citizen_comments_admin_comment"),
        path("commentaires/pages/<id:page_id>/", settings_view, name="citizen_comments_admin_settings"),
    ]


@hooks.register("register_admin_menu_item")
def register_reported_comments_menu_item():
    return ReportedCommentsMenuItem(
        _("Commentaires signalés"), reverse("citizen_comments_admin_reported"), icon_name="comment", order=420
    )


register_page_actions(CommentSettingsMenuItem)
