"""The app's public pages that are not Wagtail pages, mounted in both languages by cms/urls.py (/reseau/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("proposer/", views.propose, name="network_propose"),
    path("propositions/<id:proposal_id>/modifier/", views.edit, name="network_proposal_edit"),
    path("propositions/<id:proposal_id>/retirer/", views.withdraw_view, name="network_proposal_withdraw"),
    path("preferences/", views.preferences, name="network_preferences"),
]
