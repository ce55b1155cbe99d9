"""The archive's queries: what may be listed, and the one filter spelling (`filtered()`)."""

from django.core.paginator import Paginator
from django.db import models

from cms.models import CollectiviteSpace, Territory


class ArchiveEntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def newest_first(self):
        return self.order_by("-closed_at", "-pk")

    def within(self, territory):
        """Entries whose territory is `territory` or one it contains (a département lists its communes')."""
        return self.filter(territory__in=Territory.objects.within(territory).values("pk"))

    def of_space(self, space):
        """Entries of a collectivité's space, whichever language version of the space is given."""
        spaces = CollectiviteSpace.objects.filter(translation_key=space.translation_key).values("pk")
        return self.filter(space_id__in=spaces)  # a subquery: one query with the entries' own

    def filtered(self, territory=None, theme=None, year=None, space=None, **_ignored):
        queryset = self
        if territory is not None:
            queryset = queryset.within(territory)
        if theme:
            queryset = queryset.filter(theme=theme)
        if year:
            queryset = queryset.filter(year=year)
        if space is not None:
            queryset = queryset.of_space(space)
        return queryset


class IdsFirstPaginator(Paginator):
    """Django's Paginator, reading a page in two steps: the page's ids first (the OFFSET walks the narrow listing
    index, an index-only scan on PostgreSQL once vacuumed), then those rows with their joins and prefetches. A deep
    page then costs an index walk rather than reading and dropping every row before it."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(rows_in_order(self.object_list, bottom, top), number, self)


def rows_in_order(queryset, bottom, top):
    """Rows `bottom` to `top` of `queryset`, ids first (see `IdsFirstPaginator`)."""
    ids = list(queryset.prefetch_related(None).values_list("pk", flat=True)[bottom:top])
    rows = {row.pk: row for row in queryset.filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]
