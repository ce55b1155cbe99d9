"""What this app shows in the pages of `cms` (registered with `cms.registry` when the app is ready).

- on a collectivité's dashboard (`space_dashboard`): a link to its part of the cahier de doléances, when it has
  entries;
- the demo cahier (after the consultations' demo, whose closed consultations it archives);
- what it keeps about a person: the carryings they made (`personal_data`).
"""

from django.db.models import Case, F, Func, Subquery, Value, When

from cms.registry import Demo, Panel, registry

from . import digests, personal_data, signals
from .demo import ensure_demo_cahier
from .models import ArchiveEntry, CahierDoleancesPage


def cahier_for(page):
    """The live cahier in the page's language, else the first one."""
    cahiers = CahierDoleancesPage.objects.live().public().order_by("pk")
    return cahiers.filter(locale_id=page.locale_id).first() or cahiers.first()


def dashboard_panel(space, request):
    """The space's published entries counted and the cahier (as `cahier_for`) found in one query."""
    entries = (
        ArchiveEntry.objects.published()
        .of_space(space)
        .order_by()
        .annotate(count=Func(F("pk"), function="COUNT"))
        .values("count")
    )
    cahier = (
        CahierDoleancesPage.objects.live()
        .public()
        .annotate(
            entries_count=Subquery(entries),
            other_language=Case(When(locale_id=space.locale_id, then=Value(0)), default=Value(1)),
        )
        .order_by("other_language", "pk")
        .first()
    )
    if cahier is None or not cahier.entries_count:
        return None
    return {"entries_count": cahier.entries_count, "space_archive_url": cahier.space_url(space.slug, request)}


def register():
    digests.register()  # new entries of the cahier, for the newsletters
    signals.connect()
    registry.register_panel(
        "space_dashboard",
        Panel("doleances", template="doleances/panels/space_dashboard.html", context=dashboard_panel, order=150),
    )
    registry.register_demo(
        Demo(
            "doleances",
            ensure_demo_cahier,
            describe="Cahier de doléances: {count} pages and entries.",
            after=("consultations",),
        )
    )
    registry.register_personal_data("doleances", export=personal_data.export, erase=personal_data.erase)
