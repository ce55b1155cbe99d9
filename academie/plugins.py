"""What this app adds to the pages of `cms` (see `cms.registry`): its demo content, after the consultations'."""

from cms.registry import Demo, registry

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
