"""URLs under /comptes/ (and /en/comptes/): the profile page, then allauth's pages (login, signup, email, password)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("profil/", views.profile, name="account_profile"),
    path("", include("allauth.urls")),
]
