"""Listing and filtering logic for page types, kept out of views and templates."""

from wagtail.models import PageManager
from wagtail.query import PageQuerySet


class WithImageMixin:
    def with_image(self):
        """Fetch each page's image and its renditions along with the pages (no query per card)."""
        return self.select_related("image").prefetch_related("image__renditions")


class NewsPageQuerySet(WithImageMixin, PageQuerySet):
    def newest_first(self):
        return self.order_by("-date", "-first_published_at", "-pk")


class BudgetYearPageQuerySet(PageQuerySet):
    def latest_first(self):
        return self.order_by("-fiscal_year")


class ProjectPageQuerySet(WithImageMixin, PageQuerySet):
    def in_progress(self):
        return self.filter(status="en_cours")

    def filtered(self, status=None, theme=None, district=None):
        queryset = self
        if status:
            queryset = queryset.filter(status=status)
        if theme:
            queryset = queryset.filter(theme=theme)
        if district:
            queryset = queryset.filter(district__iexact=district)
        return queryset

    def districts_list(self):
        return sorted({d for d in self.exclude(district="").values_list("district", flat=True)}, key=str.casefold)

    def by_progress(self):
        return self.order_by("-progress", "title")


NewsPageManager = PageManager.from_queryset(NewsPageQuerySet)
BudgetYearPageManager = PageManager.from_queryset(BudgetYearPageQuerySet)
ProjectPageManager = PageManager.from_queryset(ProjectPageQuerySet)
