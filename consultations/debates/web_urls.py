"""The app's public pages that are not Wagtail pages, mounted in both languages by cms/urls.py."""

from django.urls import path

from . import live_views

urlpatterns = [
    # The live section's forms (live_views.py)
    path("sondages/<id:poll_id>/vote/", live_views.vote_view, name="debates_poll_vote"),
    path("<id:page_id>/questions/", live_views.ask_view, name="debates_ask"),
    path("questions/<id:question_id>/soutien/", live_views.upvote_view, name="debates_question_upvote"),
    path("questions/<id:question_id>/retirer/", live_views.withdraw_view, name="debates_question_withdraw"),
]
