"""The newsletters' API, under /api/newsletters/."""

from django.urls import path  # noqa: F401

app_name = "newsletters_api"

urlpatterns = [
    # -- subscribing ---------------------------------------------------------------------------------------------------
    # -- issues --------------------------------------------------------------------------------------------------------
]
