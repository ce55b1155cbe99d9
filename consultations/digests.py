"""What the consultations give a newsletter's automatic sections (`cms.registry` digests): the consultations open
now, and the results published since the previous issue (consultations closed whose `ResultsSnapshot` was made since).

A space's newsletter lists its own consultations; the national network's lists the national consultations (those of
the consultations index under the platform home), never a space's. Only listed consultations (not a baromètre's
perception polls), live and public, in the owner's language.
"""

from django.db.models import OuterRef, Q, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.digests import full_url, is_space, readable
from cms.registry import DigestItem, DigestSource, registry

from .models import ConsultationIndexPage, ConsultationPage, ResultsSnapshot


def in_scope(queryset, owner):
    """The consultations of `owner`: below the space, or below the national indexes (children of the home)."""
    if is_space(owner):
        return queryset.descendant_of(owner)
    paths = ConsultationIndexPage.objects.child_of(owner).values_list("path", flat=True)
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(path__startswith=path)
    return queryset.filter(query)


def consultations_of(owner):
    return in_scope(readable(ConsultationPage.objects.listed(), owner), owner)


def collect_open(owner, since, limit):
    """Consultations open now, most recently opened first. `since` does not cut them: one opened before the
    previous issue and still open is still worth a vote."""
    now = timezone.now()
    consultations = consultations_of(owner).open_at(now).order_by("-opens_at", "-pk")[:limit]
    return [
        DigestItem(
            title=page.title,
            url=full_url(page),
            summary=page.summary,
            date=timezone.localdate(page.opens_at),
            meta=gettext("Jusqu'au %(date)s") % {"date": formats.date_format(timezone.localtime(page.closes_at))},
        )
        for page in consultations
    ]


def collect_results(owner, since, limit):
    """Consultations whose results were frozen since `since` (the snapshot lives on the ballot box, the first
    language version: a translation is found by its translation key), newest results first."""
    snapshots = ResultsSnapshot.objects.filter(consultation__translation_key=OuterRef("translation_key"))
    consultations = (
        consultations_of(owner)
        .closed_at()
        .annotate(results_at=Subquery(snapshots.values("created_at")[:1]))
        .filter(results_at__isnull=False)
    )
    if since is not None:
        consultations = consultations.filter(results_at__gte=since)
    consultations = consultations.order_by("-results_at", "-pk")[:limit]
    return [
        DigestItem(
            title=page.title,
            url=full_url(page, page.reverse_subpage("results")),
            summary=page.summary,
            date=timezone.localdate(page.results_at),
            meta=gettext("Consultation terminée le %(date)s")
            % {"date": formats.date_format(timezone.localtime(page.closes_at))},
        )
        for page in consultations
    ]


def register():
    registry.register_digest(DigestSource("open_consultations", _("Consultations en cours"), collect_open, order=20))
    registry.register_digest(DigestSource("new_results", _("Nouveaux résultats"), collect_results, order=30))
