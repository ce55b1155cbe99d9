"""What the live polls and questions register with `cms.registry` (called from `plugins.register()`): the demo
(after the debates'), what they keep about a person, and the beat sweep that counts secret polls whose counting task
was lost (the queue down at closing)."""

from cms.registry import Demo, registry

from . import live, live_personal_data  # noqa: F401 - live: its Celery tasks, registered in every process
from .live_demo import ensure_demo_live

COUNT_SWEEP_EVERY = 60.0  # seconds


def register():
    from cms.celery import app

    registry.register_demo(
        Demo(
            "debates_live",
            ensure_demo_live,
            describe="Debates: {count} live polls and questions on the demo debates.",
            after=("debates",),
        )
    )
    registry.register_personal_data("debates_live", export=live_personal_data.export, erase=live_personal_data.erase)
    app.conf.beat_schedule = {
        **(app.conf.beat_schedule or {}),
        "debates-count-live-polls": {"task": "debates.count_due_live_polls", "schedule": COUNT_SWEEP_EVERY},
    }
