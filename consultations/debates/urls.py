"""The app's API."""

from django.urls import path

from . import live_api

urlpatterns = [
    # Live polls and questions (live_api.py)
    path("<id:page_id>/live/", live_api.LiveView.as_view(), name="api_debates_live"),
    path("<id:page_id>/questions/", live_api.QuestionsView.as_view(), name="api_debates_questions"),
    path("polls/<id:poll_id>/vote/", live_api.VoteView.as_view(), name="api_debates_poll_vote"),
    path("polls/<id:poll_id>/open/", live_api.OpenPollView.as_view(), name="api_debates_poll_open"),
    path("polls/<id:poll_id>/close/", live_api.ClosePollView.as_view(), name="api_debates_poll_close"),
    path("questions/<id:question_id>/upvote/", live_api.UpvoteView.as_view(), name="api_debates_question_upvote"),
    path("questions/<id:question_id>/withdraw/", live_api.WithdrawView.as_view(), name="api_debates_question_withdraw"),
    path(
        "questions/<id:question_id>/moderation/",
        live_api.ModerationView.as_view(),
        name="api_debates_question_moderation",
    ),
]
