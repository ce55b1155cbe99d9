"""What the Académie gives a newsletter's automatic sections (`cms.registry` digests): the lessons and case studies
published since the previous issue, in the owner's language, newest first.

The Académie is national: a space's newsletter and the national network's get the same pages. A page of the full
library is listed too (its summary is public, and its page says how to get access); nothing gated is shown here.
"""

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.digests import full_url, readable, since_filter
from cms.registry import DigestItem, DigestSource, registry

from .models import CaseStudyPage, LessonPage


def collect_highlights(owner, since, limit):
    """Lessons and case studies first published since `since`: two bounded queries, merged newest first."""
    kinds = ((LessonPage, gettext("Leçon")), (CaseStudyPage, gettext("Étude de cas")))
    pages = []
    for model, kind in kinds:
        queryset = since_filter(readable(model.objects.all(), owner), since)
        queryset = queryset.select_related("listing_image").order_by("-first_published_at", "-pk")[:limit]
        pages.extend((page, kind) for page in queryset)
    pages.sort(key=lambda pair: (pair[0].first_published_at, pair[0].pk), reverse=True)
    return [
        DigestItem(
            title=page.title,
            url=full_url(page),
            summary=page.summary,
            date=timezone.localdate(page.first_published_at),
            meta=f"{kind} · {page.get_theme_display()}",
            image=page.listing_image,
        )
        for page, kind in pages[:limit]
    ]


def register():
    registry.register_digest(DigestSource("academie", _("À découvrir dans l'Académie"), collect_highlights, order=40))
