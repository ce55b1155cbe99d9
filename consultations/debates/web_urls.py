"""The app's public pages that are not Wagtail pages, mounted in both languages by cms/urls.py (/debats/): the
registration forms of a debate's page post here and are sent back to the page."""

from django.urls import path

from . import live_views, views

urlpatterns = [
    path("<id:page_id>/inscription/", views.register_view, name="debates_register"),
    path("<id:page_id>/annulation/", views.cancel_view, name="debates_cancel"),
    path("<id:page_id>/agenda.ics", views.ics_view, name="debates_ics"),
    # The live section's forms (live_views.py)
    path("sondages/<id:poll_id>/vote/", live_views.vote_view, name="debates_poll_vote"),
    path("<id:page_id>/questions/", live_views.ask_view, name="debates_ask"),
    path("questions/<id:question_id>/soutien/", live_views.upvote_view, name="debates_question_upvote"),
    path("questions/<id:question_id>/retirer/", live_views.withdraw_view, name="debates_question_withdraw"),
]
