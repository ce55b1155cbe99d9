"""What the cahier de doléances gives a newsletter's automatic sections (`cms.registry` digests): the entries added
since the previous issue (consultations closed since then, in the cahier), newest first.

A space's newsletter lists its own entries; the national network's the national ones (entries of no space). An entry
is listed only while `published` (a version of its consultation is live, public and listed) and when a live public
cahier exists in the owner's language; its title is the consultation's in that language when translated.
"""

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.models import Page

from cms.digests import full_url, is_space
from cms.registry import DigestItem, DigestSource, registry

from .models import ArchiveEntry, CahierDoleancesPage


def collect_entries(owner, since, limit):
    cahier = CahierDoleancesPage.objects.live().public().filter(locale_id=owner.locale_id).order_by("pk").first()
    if cahier is None:
        return []
    entries = ArchiveEntry.objects.published()
    entries = entries.of_space(owner) if is_space(owner) else entries.filter(space__isnull=True)
    if since is not None:
        entries = entries.filter(closed_at__gte=since)
    translated = Page.objects.filter(translation_key=OuterRef("translation_key"), locale_id=owner.locale_id)
    entries = entries.annotate(local_title=Subquery(translated.values("title")[:1])).newest_first()[:limit]
    return [
        DigestItem(
            title=entry.local_title or entry.title,
            url=full_url(cahier, cahier.reverse_subpage("entry", args=[entry.pk])),
            summary=Truncator(entry.analysis).chars(300),
            date=timezone.localdate(entry.closed_at),
            meta=ngettext("%(count)s participant", "%(count)s participants", entry.participants)
            % {"count": entry.participants},
        )
        for entry in entries
    ]


def register():
    registry.register_digest(DigestSource("doleances", _("Le cahier de doléances"), collect_entries, order=60))
