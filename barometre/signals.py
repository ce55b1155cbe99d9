"""Every published baromètre entry carries a perception poll: made when the entry is first published."""

from django.dispatch import receiver

from wagtail.signals import page_published

from .models import BarometreEntryPage
from .perception import ensure_perception_poll


@receiver(page_published, sender=BarometreEntryPage)
def on_entry_published(sender, instance, revision=None, **kwargs):
    user = getattr(revision, "user", None) if revision is not None else None
    ensure_perception_poll(instance, user=user)
