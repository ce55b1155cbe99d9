"""The app's public pages that are not Wagtail pages, mounted in both languages by cms/urls.py."""

urlpatterns = []
