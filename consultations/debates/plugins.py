"""What this app shows in the pages of `cms` (registered with `cms.registry` when the app is ready):

- the debate block's card (embed `debate`);
- the upcoming debates on a space's dashboard (`space_dashboard`) and, in a space editor's admin home
  (`admin_home`), the space's debates, or why debates are not there (an Essentiel space);
- the demo (after the consultations'), what it keeps about a person (`personal_data`);
- the beat sweeps: reminders the day before, and the ended debates' entries in the cahier de doléances; an ended
  debate published or unpublished refreshes its entry at once.
"""

from django.db import transaction
from django.utils import timezone

from cms import page_cache
from cms.registry import Demo, Embed, Panel, registry

from . import personal_data, services

REMINDERS_EVERY = 900.0  # seconds
ENDED_EVERY = 900.0
DASHBOARD_COUNT = 3


def debate_embed_context(debate, request, parent_context):
    if not debate.live:  # a draft or unpublished debate shows nothing of itself (the block says it is not available)
        return {"debate": None}
    user = getattr(request, "user", None)
    if request is not None:
        page_cache.expires_at(request, debate.starts_at)  # the card's registration state closes then
    return {"debate": debate, "state": services.registration_state(debate, user)}


def dashboard_panel(space, request):
    from .models import DebateIndexPage, DebatePage

    index = space.public_section(DebateIndexPage)
    if index is None:
        return None
    upcoming = DebatePage.objects.child_of(index).live().public().filter(starts_at__gt=timezone.now())
    upcoming = list(upcoming.order_by("starts_at")[:DASHBOARD_COUNT])
    if upcoming:
        page_cache.expires_at(request, upcoming[0].starts_at)  # no longer upcoming then
    return {"debates_index": index, "upcoming_debates": upcoming}


def admin_home_panel(space, request):
    from django.urls import reverse

    from .models import DebateIndexPage, DebatePage

    if not space.has_feature("debates"):
        return {"included": False}
    index = DebateIndexPage.objects.child_of(space).first()
    upcoming = (
        DebatePage.objects.descendant_of(space).filter(starts_at__gt=timezone.now()).order_by("starts_at")[:5]
        if index is not None
        else []
    )
    return {
        "included": True,
        "index": index,
        "upcoming_debates": list(upcoming),
        "add_index_url": reverse("wagtailadmin_pages:add", args=["debates", "debateindexpage", space.pk])
        if index is None and space.permissions_for_user(request.user).can_add_subpage()
        else None,
    }


def refresh_entry(sender, instance, **kwargs):
    """An ended debate published or unpublished: its entry in the cahier de doléances, after the commit."""
    from . import doleances

    page = instance.specific
    if page.has_ended():
        transaction.on_commit(lambda: doleances.sync_entry(page))


def send_pending_invitations(sender, instance, **kwargs):
    """A debate published: those waiting take the seats a raised cap freed; the invitations added while it was a draft
    (not sent then) go out, after the commit."""
    from cms.queue import enqueue

    from . import rules, tasks
    from .models import DebateInvitation

    services.promote_after_publication(instance)  # a cap raised: the waiting list moves up
    original_pk = rules.original(instance).pk
    if DebateInvitation.objects.filter(debate_id=original_pk, emailed_at__isnull=True).exists():
        transaction.on_commit(lambda: enqueue(tasks.send_invitations, original_pk, if_unavailable="run"))


def load_demo(loader):
    from .demo import ensure_demo_debates

    return ensure_demo_debates(loader)


def register():
    from wagtail.signals import page_published, page_unpublished

    from cms.celery import app

    from . import live_plugins
    from .models import DebatePage

    registry.register_embed("debate", Embed(template="debates/blocks/debate_block.html", context=debate_embed_context))
    registry.register_panel(
        "space_dashboard",
        Panel("upcoming_debates", template="debates/panels/space_dashboard.html", context=dashboard_panel, order=110),
    )
    registry.register_panel(
        "admin_home", Panel("debates", template="debates/admin/home_panel.html", context=admin_home_panel, order=110)
    )
    registry.register_demo(
        Demo(
            "debates",
            load_demo,
            describe="Debates: {count} pages (Villebrune's debates index, an upcoming and a past debate).",
            after=("consultations",),
        )
    )
    registry.register_personal_data("debates", export=personal_data.export, erase=personal_data.erase)
    page_published.connect(refresh_entry, sender=DebatePage, dispatch_uid="debates_refresh_entry_published")
    page_unpublished.connect(refresh_entry, sender=DebatePage, dispatch_uid="debates_refresh_entry_unpublished")
    page_published.connect(send_pending_invitations, sender=DebatePage, dispatch_uid="debates_pending_invitations")
    app.conf.beat_schedule = {
        **(app.conf.beat_schedule or {}),
        "debates-send-reminders": {"task": "debates.send_reminders", "schedule": REMINDERS_EVERY},
        "debates-sync-ended": {"task": "debates.sync_ended", "schedule": ENDED_EVERY},
    }
    live_plugins.register()  # live polls and questions: demo, personal data, counting sweep
