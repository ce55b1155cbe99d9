"""The app's API, mounted under /api/debates/ by cms/urls.py."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.DebateListView.as_view(), name="api_debates"),
    path("<id:page_id>/", api.DebateDetailView.as_view(), name="api_debate"),
    path("<id:page_id>/registration/", api.RegistrationView.as_view(), name="api_debate_registration"),
]
