from django.db.models import Min, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from wagtail import hooks
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from cms import page_cache
from cms.models import CollectiviteSpace
from cms.registry import registry

from . import searching
from .models import ConsultationPage, ReleaseBatch, ResultsSnapshot
from .voting import ensure_box, forget_config


@receiver(post_save, sender=ConsultationPage)
def on_consultation_saved(sender, instance, created, raw=False, **kwargs):
    """Every consultation's ballot box exists from its creation (its first language version holds it)."""
    if raw:
        return
    ensure_box(instance.ballot_box.pk)


@receiver(page_published, sender=ConsultationPage)
@receiver(page_unpublished, sender=ConsultationPage)
def on_consultation_published(sender, instance, **kwargs):
    """A new revision changes what a vote needs: this process reads it again at once; the others see the new
    revision id under the ballot box's lock and read it again then."""
    forget_config(instance.ballot_box.pk)


# -- the page cache (cms/page_cache.py): what the consultations show that is not saved with their page -----------------
def consultation_changed(consultation_id):
    """The consultation (every language version), its index, its space, and the pages that show it."""
    page = Page.objects.filter(pk=consultation_id).first()
    if page is not None:
        page_cache.page_changed(page)


@receiver(post_save, sender=ReleaseBatch)
def on_ballots_released(sender, instance, raw=False, **kwargs):
    """Ballots released into the live counters: the results shown change (the page and its results route)."""
    if not raw:
        consultation_changed(instance.consultation_id)


@receiver(post_save, sender=ResultsSnapshot)
@receiver(post_delete, sender=ResultsSnapshot)
def on_results_frozen(sender, instance, raw=False, **kwargs):
    if not raw:
        consultation_changed(instance.consultation_id)
        # The consultation is closed and counted: its published free texts join the site's search (or leave it).
        registry.search_changed("free_texts", searching.ids_of_consultation(instance.consultation_id))


@hooks.register("before_serve_page")
def end_cached_copy_at_next_opening_or_closing(page, request, serve_args, serve_kwargs):
    """A consultation opens or closes by the clock, not by a signal: a cached page that shows consultations (its
    own, its space's, the network's wall) ends when the next one of them opens or closes."""
    if not page_cache.storing(request):
        return  # not for the cache (logged in, a session…): no query
    now = timezone.now()
    scope = CollectiviteSpace.objects.ancestor_of(page, inclusive=True).values_list("path", flat=True).first()
    consultations = ConsultationPage.objects.live()
    if scope:
        consultations = consultations.filter(path__startswith=scope)
    dates = consultations.aggregate(
        opening=Min("opens_at", filter=Q(opens_at__gt=now)), closing=Min("closes_at", filter=Q(closes_at__gt=now))
    )
    for when in dates.values():
        page_cache.expires_at(request, when)
