"""The newsletters in the Wagtail admin (registration only: views in `admin_views.py` and `admin_reports.py`)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from cms.admin_actions import register_page_actions

from .admin_reports import (
    IssuesReportMenuItem,
    IssueStatsMenuItem,
    SubscribersMenuItem,
    consent_view,
    issue_stats_view,
    issues_report,
    subscribers_view,
)
from .admin_views import TestSendMenuItem, test_send_view

# -- issues: preview, test send ---------------------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_issue_admin_urls():
    return [path("lettres/numeros/<id:page_id>/test/", test_send_view, name="newsletters_test_send")]


register_page_actions(TestSendMenuItem)

# -- reports: statistics per issue, subscribers ------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_newsletters_report_urls():
    return [
        path("lettres/", issues_report, name="newsletters_issues_report"),
        path("lettres/numeros/<id:page_id>/", issue_stats_view, name="newsletters_issue_stats"),
        path("lettres/<id:page_id>/abonnes/", subscribers_view, name="newsletters_subscribers"),
        path("lettres/abonnes/<id:subscription_id>/", consent_view, name="newsletters_consent"),
    ]


@hooks.register("register_reports_menu_item")
def register_newsletters_report_menu_item():
    return IssuesReportMenuItem(
        _("Lettres d'information"), reverse("newsletters_issues_report"), icon_name="mail", order=800
    )


# A button on each issue (its statistics) and on each newsletter (its subscribers).
register_page_actions(IssueStatsMenuItem, SubscribersMenuItem)
