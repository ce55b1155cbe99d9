"""What this app adds to the pages of `cms` (see `cms.registry`): its demo content, after the consultations'."""

from cms.registry import Demo, registry


def load_demo(loader):
    from .demo import ensure_demo_academie  # demo content is only read by `load_demo`

    return ensure_demo_academie(loader)


def register():
    registry.register_demo(
        Demo(
            "academie",
            load_demo,
            describe="Académie: {count} pages (parcours, lessons, case studies).",
            after=("consultations",),
        )
    )
