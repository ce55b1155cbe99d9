"""Listing and filtering of consultations, kept out of views and templates."""

from django.db.models import Q
from django.db.models.functions import Length, Substr
from django.utils import timezone

from wagtail.models import PageManager
from wagtail.query import PageQuerySet

from cms.models import CollectiviteSpace


class ConsultationPageQuerySet(PageQuerySet):
    def open_at(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def closed_at(self, now=None):
        return self.filter(closes_at__lte=now or timezone.now())

    def upcoming_at(self, now=None):
        return self.filter(opens_at__gt=now or timezone.now())

    def with_status(self, status, now=None):
        return {"open": self.open_at, "closed": self.closed_at, "upcoming": self.upcoming_at}[status](now)

    def in_status(self, status, now=None):
        """Consultations whose `status_at(now)` is `status` (one that has not opened yet is upcoming, whatever its
        closing date), for listings that show each status apart."""
        now = now or timezone.now()
        if status == "upcoming":
            return self.upcoming_at(now)
        return self.with_status(status, now).filter(opens_at__lte=now)

    def concerning(self, territories):
        """Consultations whose territory (or whose space's territory) is one of `territories`."""
        spaces = CollectiviteSpace.objects.filter(territory__in=territories)
        query = Q(territory__in=territories)
        for space in spaces:
            query |= Q(territory__isnull=True, path__startswith=space.path)
        return self.filter(query)

    def listed(self):
        """Consultations published in a consultations index, the ones listings show: not the polls that live
        under another page (a baromètre entry's perception poll), which are voted on from that page."""
        from .models import ConsultationIndexPage

        parent_path = Substr("path", 1, Length("path") - self.model.steplen)
        return self.alias(parent_path=parent_path).filter(parent_path__in=ConsultationIndexPage.objects.values("path"))

    def due_for_snapshot(self, now=None):
        """Closed consultations whose results have not been frozen yet."""
        return self.closed_at(now).filter(snapshot__isnull=True)


ConsultationPageManager = PageManager.from_queryset(ConsultationPageQuerySet)
