"""The app's API, mounted under /api/doleances/ by cms/urls.py."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.EntryListView.as_view(), name="api_doleances"),
    path("<id:entry_id>/", api.EntryDetailView.as_view(), name="api_doleances_entry"),
    path("<id:entry_id>/carrying/", api.CarryingView.as_view(), name="api_doleances_carrying"),
]
