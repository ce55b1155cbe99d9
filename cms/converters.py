"""`<id:…>` in URL patterns: a database id, matched only when it fits a 64-bit integer column.

Django's `<int:…>` matches any number of digits, and an id of 2^63 or more reached the database: SQLite raises
OverflowError (a 500) where PostgreSQL finds nothing. With `<id:…>` such a path matches no pattern: a 404.
"""

from django.urls import path, register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)  # the pattern does not match
        return number

    def to_url(self, value):
        return str(value)


def register():
    register_converter(IdConverter, "id")


class IdDetailURLMixin:
    """For a subclass of one of Wagtail's API v2 viewsets: its detail URL takes an `<id:pk>`, not an `<int:pk>`."""

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<id:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
            path("find/", cls.as_view({"get": "find_view"}), name="find"),
        ]
