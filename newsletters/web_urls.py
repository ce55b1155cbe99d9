"""The newsletters' public pages that are not pages of the tree, under /lettre/ (and /en/lettre/): subscribing,
confirming, unsubscribing and preferences, reached from the forms and the emails' signed links."""

from django.urls import path

from . import views

app_name = "newsletters"

urlpatterns = [
    path("inscription/", views.subscribe, name="subscribe"),
    path("confirmer/<str:token>/", views.confirm, name="confirm"),
    path("desinscription/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
]
