"""What this app adds to `cms` (see `cms.registry`): its demo content, after the consultations', and what it keeps
about a learner, for the account page's download and deletion (`personal_data`)."""

from cms.registry import Demo, Panel, registry

from . import digests, personal_data
from .demo import ensure_demo_academie


def profile_panel(user, request):
    """The learner's parcours on their account page (the template reads them with `learner_parcours`)."""
    return {}


def register():
    digests.register()  # lessons and case studies, for the newsletters
    registry.register_demo(
        Demo(
            "academie",
            ensure_demo_academie,
            describe="Académie: {count} pages (parcours, lessons, case studies).",
            after=("consultations",),
        )
    )
    registry.register_panel(
        "account_profile",
        Panel("parcours", template="academie/includes/profile_parcours.html", context=profile_panel, order=50),
    )
    registry.register_personal_data("academie", export=personal_data.export, erase=personal_data.erase)
