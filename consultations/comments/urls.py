"""The app's API, mounted under /api/comments/ by cms/urls.py."""

from django.urls import path

from . import api

urlpatterns = [
    path("pages/<id:page_id>/", api.CommentsPageView.as_view(), name="api_comments_page"),
    path("<id:comment_id>/upvote/", api.UpvoteView.as_view(), name="api_comment_upvote"),
    path("<id:comment_id>/reports/", api.ReportView.as_view(), name="api_comment_reports"),
]
