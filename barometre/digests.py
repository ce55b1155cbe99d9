"""What the baromètre gives a newsletter's automatic sections (`cms.registry` digests): the entries published since
the previous issue, and those whose status changed since (a new step of their timeline), newest change first.

The baromètre is national: a space's newsletter and the national network's get the same entries, in the owner's
language, live and public only.
"""

from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.digests import full_url, readable
from cms.registry import DigestItem, DigestSource, registry

from .models import BarometreEntryPage


def collect_changes(owner, since, limit):
    """Entries new since `since`, or whose latest step is dated between `since` and today (a step planned for a
    later date is not news yet)."""
    today = timezone.localdate()
    entries = readable(BarometreEntryPage.objects.all(), owner)
    if since is not None:
        since_day = timezone.localdate(since)
        entries = entries.filter(
            Q(first_published_at__gte=since) | Q(status_date__gte=since_day, status_date__lte=today)
        )
    entries = entries.order_by(F("status_date").desc(nulls_last=True), "-first_published_at", "-pk")[:limit]
    items = []
    for page in entries:
        new = since is None or (page.first_published_at and page.first_published_at >= since)
        if page.status and page.status_date:
            status = gettext("%(status)s depuis le %(date)s") % {
                "status": page.get_status_display(),
                "date": formats.date_format(page.status_date),
            }
        else:
            status = ""
        meta = " · ".join(part for part in (gettext("Nouveau") if new else "", status) if part)
        items.append(
            DigestItem(
                title=page.title,
                url=full_url(page),
                summary=page.summary,
                date=page.status_date or timezone.localdate(page.first_published_at),
                meta=meta,
            )
        )
    return items


def register():
    registry.register_digest(
        DigestSource("barometre", _("Le baromètre des politiques publiques"), collect_changes, order=50)
    )
