"""The newsletters' API, under /api/newsletters/."""

from django.urls import path

from . import api_issues

app_name = "newsletters_api"

urlpatterns = [
    # -- subscribing ---------------------------------------------------------------------------------------------------
    # -- issues --------------------------------------------------------------------------------------------------------
    path("issues/", api_issues.IssueListView.as_view(), name="issues"),
    path("issues/<id:issue_id>/", api_issues.IssueDetailView.as_view(), name="issue"),
    path("issues/<id:issue_id>/stats/", api_issues.IssueStatsView.as_view(), name="issue_stats"),
    path("newsletters/<id:newsletter_id>/stats/", api_issues.NewsletterStatsView.as_view(), name="newsletter_stats"),
]
