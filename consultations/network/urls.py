"""The app's API, mounted under /api/ by cms/urls.py."""

urlpatterns = []
