"""The search page, under /recherche/ (and /en/recherche/): cms/urls.py includes it in its i18n_patterns."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.search, name="search"),
]
