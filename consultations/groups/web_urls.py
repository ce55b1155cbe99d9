"""The app's public pages that are not Wagtail pages, mounted in both languages by cms/urls.py (/groupes/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.group_list, name="citizen_groups"),
    path("nouveau/", views.create, name="citizen_group_create"),
    path("<slug:slug>/", views.detail, name="citizen_group"),
    path("<slug:slug>/rejoindre/", views.join, name="citizen_group_join"),
    path("<slug:slug>/quitter/", views.leave, name="citizen_group_leave"),
    path("<slug:slug>/publier/", views.post, name="citizen_group_post"),
    path("<slug:slug>/messages/<id:post_id>/moderer/", views.moderate, name="citizen_group_moderate"),
    path("<slug:slug>/membres/<id:membership_id>/", views.member_action, name="citizen_group_member"),
    path("<slug:slug>/ecrire/", views.write, name="citizen_group_write"),
    path("<slug:slug>/proposer/", views.propose, name="citizen_group_propose"),
]
