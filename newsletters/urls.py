"""The newsletters' API, under /api/newsletters/."""

from django.urls import path

from . import api, api_issues

app_name = "newsletters_api"

urlpatterns = [
    # -- subscribing ---------------------------------------------------------------------------------------------------
    path("lists/", api.NewsletterListView.as_view(), name="lists"),
    path("subscriptions/", api.SubscriptionRequestView.as_view(), name="subscribe"),
    path("subscriptions/confirm/", api.ConfirmView.as_view(), name="confirm"),
    path("subscriptions/unsubscribe/", api.UnsubscribeView.as_view(), name="unsubscribe"),
    path("preferences/<str:token>/", api.PreferencesView.as_view(), name="preferences"),
    path("me/subscriptions/", api.MySubscriptionsView.as_view(), name="my_subscriptions"),
    # -- issues --------------------------------------------------------------------------------------------------------
    path("issues/", api_issues.IssueListView.as_view(), name="issues"),
    path("issues/<id:issue_id>/", api_issues.IssueDetailView.as_view(), name="issue"),
    path("issues/<id:issue_id>/stats/", api_issues.IssueStatsView.as_view(), name="issue_stats"),
    path("newsletters/<id:newsletter_id>/stats/", api_issues.NewsletterStatsView.as_view(), name="newsletter_stats"),
]
