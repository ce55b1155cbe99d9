"""Listing and filtering of baromètre entries, kept out of views and templates."""

from django.db.models import Case, F, IntegerField, Value, When

from wagtail.models import PageManager
from wagtail.query import PageQuerySet


class BarometreEntryPageQuerySet(PageQuerySet):
    def filtered(self, theme=None, level=None, status=None):
        """Entries of that theme, at that level, at that stage; a criterion left empty keeps every entry."""
        queryset = self
        if theme:
            queryset = queryset.filter(theme=theme)
        if level:
            queryset = queryset.filter(level=level)
        if status:
            queryset = queryset.filter(status=status)
        return queryset

    def recent_first(self):
        """Latest step first (entries without a step last), then by title."""
        return self.order_by(F("status_date").desc(nulls_last=True), "title")

    def in_order_of(self, pks):
        """These entries in the order of `pks` (an order computed outside the database, such as a perception
        ranking), so that a page of them is still read from the database."""
        position = Case(*(When(pk=pk, then=Value(index)) for index, pk in enumerate(pks)), output_field=IntegerField())
        return self.filter(pk__in=pks).order_by(position)


BarometreEntryPageManager = PageManager.from_queryset(BarometreEntryPageQuerySet)
