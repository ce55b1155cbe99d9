"""Listing and filtering logic for page types, kept out of views and templates.

Every listing filters with one spelling, `queryset.filtered(**params)`, whose keyword arguments are the names of the
index's filter form fields (cms.models.listing.FilterableListMixin hands it the form's non-empty cleaned values).
"""

from django.utils.functional import cached_property

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
        """Projects in that state, of that theme, in that district (case-insensitive); a criterion left empty keeps
        every project."""
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


class ChainedQuerySets:
    """Labelled querysets listed one after the other, as one sequence of `(label, object)` items.

    A `Paginator` counts it (one COUNT per queryset) and slices it: only the querysets a page overlaps are queried,
    each for its own slice, so that a page of a long listing never loads the others. `filtered`, `order_by` and
    `select_related` apply to every queryset; a subclass may read some filters itself (see `filtered`).
    """

    def __init__(self, parts):
        self.parts = list(parts)

    def _each(self, method, *args, **kwargs):
        return type(self)([(label, getattr(queryset, method)(*args, **kwargs)) for label, queryset in self.parts])

    def filtered(self, **params):
        return self._each("filtered", **params)

    def order_by(self, *fields):
        return self._each("order_by", *fields)

    def select_related(self, *fields):
        return self._each("select_related", *fields)

    @cached_property
    def counts(self):
        return [queryset.count() for _label, queryset in self.parts]

    def count(self):
        return sum(self.counts)

    def __len__(self):
        return self.count()

    def __iter__(self):
        for label, queryset in self.parts:
            for item in queryset:
                yield label, item

    def __getitem__(self, index):
        if not isinstance(index, slice):
            items = self[index : index + 1] if index >= 0 else list(self)[index : index + 1 or None]
            if not items:
                raise IndexError(index)
            return items[0]
        start, stop, step = index.indices(self.count())
        if step != 1:
            raise ValueError("ChainedQuerySets slices with a step of 1 only.")
        items, offset = [], 0
        for (label, queryset), size in zip(self.parts, self.counts, strict=True):
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                items.extend((label, item) for item in queryset[low:high])
            offset += size
        return items


NewsPageManager = PageManager.from_queryset(NewsPageQuerySet)
BudgetYearPageManager = PageManager.from_queryset(BudgetYearPageQuerySet)
ProjectPageManager = PageManager.from_queryset(ProjectPageQuerySet)
