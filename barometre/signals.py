"""Every published baromètre entry carries a perception poll: made when the entry is first published."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published

from cms import page_cache

from .models import BarometreEntryPage, Indicator, PerceptionSnapshot
from .perception import ensure_perception_poll


@receiver(page_published, sender=BarometreEntryPage)
def on_entry_published(sender, instance, revision=None, **kwargs):
    user = getattr(revision, "user", None) if revision is not None else None
    ensure_perception_poll(instance, user=user)


# -- the page cache (cms/page_cache.py): what an entry shows that is not saved with its page ---------------------------
@receiver(post_save, sender=PerceptionSnapshot)
@receiver(post_delete, sender=PerceptionSnapshot)
def on_perception_snapshot(sender, instance, raw=False, **kwargs):
    """A weekly snapshot of a perception poll: the poll, its entry (its parent) and the pages that show them."""
    if not raw:
        for page in Page.objects.filter(pk=instance.poll_id):
            page_cache.page_changed(page)


@receiver(post_save, sender=Indicator)
@receiver(post_delete, sender=Indicator)
def on_indicator_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        for page in Page.objects.filter(pk=instance.entry_id):
            page_cache.page_changed(page)
