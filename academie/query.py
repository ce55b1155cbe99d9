"""Listing and filtering of the Académie's pages, kept out of views and templates."""

from wagtail.models import PageManager
from wagtail.query import PageQuerySet

from academie.choices import AUDIENCE_FIELDS
from cms.query import ChainedQuerySets


class LibraryPageQuerySet(PageQuerySet):
    """Pages of the library, filtered by the index's criteria.

    `filterable` names the criteria a page type has. `filtered(**criteria)` applies them; a criterion the type does
    not have (the format of a case study, say) excludes the whole type, since none of its pages can match it.
    """

    filterable = ()

    def filtered(self, **criteria):
        queryset = self
        for name, value in criteria.items():
            if not value:
                continue
            if name not in self.filterable:
                return self.none()
            queryset = getattr(queryset, f"with_{name}")(value)
        return queryset

    def with_theme(self, theme):
        return self.filter(theme=theme)

    def with_audience(self, audience):
        return self.filter(**{AUDIENCE_FIELDS[audience]: True})

    def with_level(self, level):
        return self.filter(level=level)

    def with_format(self, lesson_format):
        return self.filter(format=lesson_format)

    def with_size(self, size_bracket):
        return self.filter(size_bracket=size_bracket)

    def in_locale_of(self, page):
        return self.filter(locale_id=page.locale_id)


class ParcoursPageQuerySet(LibraryPageQuerySet):
    filterable = ("theme", "audience", "level")


class LessonPageQuerySet(LibraryPageQuerySet):
    filterable = ("theme", "audience", "level", "format")

    def in_library(self, library):
        return self.filter(library=library)


class CaseStudyPageQuerySet(LibraryPageQuerySet):
    filterable = ("theme", "size")


class LibraryListing(ChainedQuerySets):
    """The library under an Académie index: its parcours, then its lessons, then its case studies, as
    `(kind, page)` items. The `kind` criterion keeps one of them; the others go to each page type's `filtered`."""

    def filtered(self, kind=None, **criteria):
        kept = type(self)([(label, queryset) for label, queryset in self.parts if not kind or label == kind])
        return kept._each("filtered", **criteria)


ParcoursPageManager = PageManager.from_queryset(ParcoursPageQuerySet)
LessonPageManager = PageManager.from_queryset(LessonPageQuerySet)
CaseStudyPageManager = PageManager.from_queryset(CaseStudyPageQuerySet)
