"""The newsletters in the Wagtail admin (registration only: views in `admin_views.py` and `admin_reports.py`)."""

from django.urls import path

from wagtail import hooks

from cms.admin_actions import register_page_actions

from .admin_views import TestSendMenuItem, test_send_view

# -- issues: preview, test send ---------------------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_issue_admin_urls():
    return [path("lettres/numeros/<id:page_id>/test/", test_send_view, name="newsletters_test_send")]


register_page_actions(TestSendMenuItem)

# -- reports: statistics per issue, subscribers ------------------------------------------------------------------------
