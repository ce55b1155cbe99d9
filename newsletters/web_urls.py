"""The newsletters' public pages that are not pages of the tree, under /lettre/ (and /en/lettre/): subscribing,
confirming, unsubscribing and preferences, reached from the forms and the emails' signed links."""

from django.urls import path  # noqa: F401

app_name = "newsletters"

urlpatterns = [
    # -- subscribing ---------------------------------------------------------------------------------------------------
]
