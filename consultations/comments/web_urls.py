"""The app's public pages that are not Wagtail pages, mounted in both languages by cms/urls.py (/commentaires/):
the forms of the discussion panel post here, and are sent back to the page."""

from django.urls import path

from . import views

urlpatterns = [
    path("pages/<id:page_id>/", views.post_view, name="citizen_comments_post"),
    path("<id:comment_id>/soutien/", views.upvote_view, name="citizen_comments_upvote"),
    path("<id:comment_id>/signaler/", views.report_view, name="citizen_comments_report"),
]
