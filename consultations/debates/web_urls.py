"""The app's public pages that are not Wagtail pages, mounted in both languages by cms/urls.py (/debats/): the
registration forms of a debate's page post here and are sent back to the page."""

from django.urls import path

from . import views

urlpatterns = [
    path("<id:page_id>/inscription/", views.register_view, name="debates_register"),
    path("<id:page_id>/annulation/", views.cancel_view, name="debates_cancel"),
    path("<id:page_id>/agenda.ics", views.ics_view, name="debates_ics"),
]
