"""The app's API."""

urlpatterns = []
