"""The app's API, mounted at /api/network/ by cms/urls.py."""

from django.urls import path

from . import api

urlpatterns = [
    path("wall/", api.WallView.as_view(), name="api_network_wall"),
    path("proposals/", api.ProposalListView.as_view(), name="api_network_proposals"),
    path("proposals/<id:proposal_id>/", api.ProposalDetailView.as_view(), name="api_network_proposal"),
    path("preferences/", api.PreferenceView.as_view(), name="api_network_preferences"),
]
