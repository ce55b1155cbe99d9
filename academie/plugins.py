"""What this app adds to `cms` (see `cms.registry`): its demo content, after the consultations', and what it keeps
about a learner, for the account page's download and deletion (`personal_data`)."""

from cms.registry import Demo, registry

from . import personal_data
from .demo import ensure_demo_academie


def register():
    registry.register_demo(
        Demo(
            "academie",
            ensure_demo_academie,
            describe="Académie: {count} pages (parcours, lessons, case studies).",
            after=("consultations",),
        )
    )
    registry.register_personal_data("academie", export=personal_data.export, erase=personal_data.erase)
