"""The app's API, mounted at /api/groups/ by cms/urls.py."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.GroupListView.as_view(), name="api_groups"),
    path("posts/<id:post_id>/moderation/", api.PostModerationView.as_view(), name="api_group_post_moderation"),
    path("<id:group_id>/", api.GroupDetailView.as_view(), name="api_group"),
    path("<id:group_id>/membership/", api.MembershipView.as_view(), name="api_group_membership"),
    path("<id:group_id>/posts/", api.PostsView.as_view(), name="api_group_posts"),
    path("<id:group_id>/messages/", api.MessagesView.as_view(), name="api_group_messages"),
]
