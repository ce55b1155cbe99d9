"""URLs under /comptes/ (and /en/comptes/): the profile page, the commune search, then allauth's pages (login, signup,
email, password)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("profil/", views.profile, name="account_profile"),
    path("profil/mes-donnees/", views.export_data, name="account_export"),
    path("profil/supprimer/", views.delete_account, name="account_delete"),
    path("compte-supprime/", views.account_deleted, name="account_deleted"),
    path("communes/", views.commune_search, name="account_commune_search"),
    path("", include("allauth.urls")),
]
