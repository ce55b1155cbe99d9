"""Listing and filtering of baromètre entries, kept out of views and templates."""

from wagtail.models import PageManager
from wagtail.query import PageQuerySet


class BarometreEntryPageQuerySet(PageQuerySet):
    def filtered(self, theme=None, level=None, status=None, **_ignored):
        queryset = self
        if theme:
            queryset = queryset.filter(theme=theme)
        if level:
            queryset = queryset.filter(level=level)
        if status:
            queryset = queryset.filter(status=status)
        return queryset

    def recent_first(self):
        return self.order_by("-status_date", "title")


BarometreEntryPageManager = PageManager.from_queryset(BarometreEntryPageQuerySet)
