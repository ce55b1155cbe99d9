"""What this app shows in the pages of `cms` (registered with `cms.registry` when the app is ready):

- the wall on the network's home (`network_home`: in place of the short list of open consultations the
  consultations app showed there);
- the citizen's proposals and the opening emails' preference on the account page (`account_profile`);
- the demo (after the consultations'), and what it keeps about a person (`personal_data`);
- the opening emails' beat sweep, and the announcement of a consultation published already open.
"""

from django.db import transaction
from django.utils import timezone

from cms.registry import Demo, Panel, registry

from . import personal_data
from .demo import ensure_demo_network
from .models import OpeningEmailPreference, Proposal
from .wall import near_you, wall

OPENINGS_EVERY = 300.0  # seconds: the beat sweep of consultations that opened


def network_home_panel(home, request):
    if request is None:
        return None
    form, page, query = wall(request, locale_id=home.locale_id)
    return {
        "wall_form": form,
        "wall_page": page,
        "wall_query": query,
        "near_you": near_you(request.user, locale_id=home.locale_id),
    }


def account_panel(user, request):
    proposals = Proposal.objects.filter(author=user).select_related("page").prefetch_related("decisions")
    preference = OpeningEmailPreference.objects.filter(user=user).first()
    return {
        "proposals": list(proposals),
        "opening_emails": bool(preference and preference.opening_emails),
    }


def announce_if_open(sender, instance, **kwargs):
    """A consultation published while already open gets its opening emails (sent by Celery after the commit)."""
    from cms.queue import enqueue

    page = instance.specific
    if getattr(page, "opens_at", None) and page.opens_at <= timezone.now() < page.closes_at:
        # Announced once for all its language versions: under its ballot box (the first version); each citizen
        # gets the version in their language (notifications.send_opening_batch).
        box_id = page.ballot_box.pk
        transaction.on_commit(lambda: enqueue("network.announce_opening", box_id, if_unavailable="skip"))


def register():
    from wagtail.signals import page_published

    from cms.celery import app
    from consultations.models import ConsultationPage

    registry.register_panel(
        "network_home",
        Panel("open_consultations", template="network/panels/wall.html", context=network_home_panel, order=10),
    )
    registry.register_panel(
        "account_profile",
        Panel("network_proposals", template="network/panels/account.html", context=account_panel, order=40),
    )
    registry.register_demo(
        Demo(
            "network",
            ensure_demo_network,
            describe="Citizen network: {count} pages (the national consultations index and the demo proposals).",
            after=("consultations",),
        )
    )
    registry.register_personal_data("network", export=personal_data.export, erase=personal_data.erase)
    page_published.connect(announce_if_open, sender=ConsultationPage, dispatch_uid="network_announce_if_open")
    # The beat schedule is the settings' (cms); the network adds its sweep without being named there.
    app.conf.beat_schedule = {
        **(app.conf.beat_schedule or {}),
        "network-announce-openings": {"task": "network.announce_openings", "schedule": OPENINGS_EVERY},
    }
