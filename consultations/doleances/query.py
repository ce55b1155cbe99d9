"""The archive's queries: what may be listed, and the one filter spelling (`filtered()`)."""

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
        spaces = CollectiviteSpace.objects.filter(translation_key=space.translation_key).values_list("pk", flat=True)
        return self.filter(space_id__in=list(spaces))

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
