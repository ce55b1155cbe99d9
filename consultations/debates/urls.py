"""The app's API, mounted under /api/debates/ by cms/urls.py."""

from django.urls import path

from . import api, live_api

urlpatterns = [
    path("", api.DebateListView.as_view(), name="api_debates"),
    path("<id:page_id>/", api.DebateDetailView.as_view(), name="api_debate"),
    path("<id:page_id>/registration/", api.RegistrationView.as_view(), name="api_debate_registration"),
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
