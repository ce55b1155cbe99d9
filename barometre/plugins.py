"""What this app adds to the pages of `cms` (see `cms.registry`): its demo content, after the consultations'
(its perception polls are consultations)."""

from cms.registry import Demo, registry

from . import digests
from .demo import ensure_demo_barometre


def register():
    digests.register()  # new entries and status changes, for the newsletters
    registry.register_demo(
        Demo(
            "barometre",
            ensure_demo_barometre,
            describe="Baromètre: {count} pages with indicators and perception votes.",
            after=("consultations", "academie"),
        )
    )
