"""What keeps the cahier de doléances in step with the consultations (connected in `plugins.register()`).

Only signals: this app never edits the consultations' code. The results frozen (a `ResultsSnapshot` saved) make the
entry; a page published, unpublished, moved or deleted, or a view restriction set or lifted above it (a space's
access code), refreshes the entries under it, so that a private or unpublished consultation never stays listed.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms import page_cache
from consultations.comments.models import Comment
from consultations.models import ConsultationPage, ResultsSnapshot

from . import services
from .models import ArchiveEntry, CahierDoleancesPage


def on_results_frozen(sender, instance, raw=False, **kwargs):
    if raw:
        return
    services.sync_entry(instance.consultation_id)


def on_page_published(sender, instance, **kwargs):
    """A consultation (any language version) published: its entry; another page: the entries it was hiding."""
    if isinstance(instance, ConsultationPage):
        services.sync_entry(instance.pk)
    else:
        services.sync_entries_under(instance.path, published=False)


def on_page_unpublished(sender, instance, **kwargs):
    """A page unpublished (a consultation, its index, a space): the entries it now hides."""
    if isinstance(instance, ConsultationPage):
        services.sync_entry(instance.pk)
    else:
        services.sync_entries_under(instance.path, published=True)


def on_page_moved(sender, instance, **kwargs):
    """Moved: the entries under it may change space or visibility."""
    services.sync_entries_under(instance.path)


def _restriction_changed(instance, published):
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is not None:
        services.sync_entries_under(page.path, published=published)


def on_restriction_set(sender, instance, raw=False, **kwargs):
    """A restriction (a space's access code, a login) can only hide what was listed."""
    if not raw:
        _restriction_changed(instance, published=True)


def on_restriction_lifted(sender, instance, **kwargs):
    """A restriction lifted can only bring back what it hid."""
    _restriction_changed(instance, published=False)


def on_consultation_deleted(sender, instance, **kwargs):
    """A language version deleted: the entry (kept by the first version) forgets its title and summary."""
    remaining = (
        ConsultationPage.objects.filter(translation_key=instance.translation_key)
        .exclude(pk=instance.pk)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if remaining is not None:
        services.sync_entry(remaining)


def on_entry_changed(sender, instance, raw=False, **kwargs):
    """The page cache (cms/page_cache.py): an entry shows on the cahiers and on its space's dashboard."""
    if raw:
        return
    for page in Page.objects.filter(pk=instance.page_id):
        page_cache.page_changed(page)
    _cahiers_changed()


def _cahiers_changed():
    for cahier in Page.objects.type(CahierDoleancesPage):
        page_cache.page_changed(cahier)


def on_highlights_changed(sender, instance, action, **kwargs):
    """Comments highlighted or no longer: the cahiers show them."""
    if action in ("post_add", "post_remove", "post_clear"):
        _cahiers_changed()


def on_comment_changed(sender, instance, raw=False, **kwargs):
    """A highlighted comment hidden, restored or deleted: the cahiers that show it."""
    if not raw and ArchiveEntry.objects.filter(highlighted_comments=instance.pk).exists():
        _cahiers_changed()


def connect():
    m2m_changed.connect(
        on_highlights_changed, sender=ArchiveEntry.highlighted_comments.through, dispatch_uid="doleances_highlights"
    )
    post_save.connect(on_comment_changed, sender=Comment, dispatch_uid="doleances_comment_saved")
    pre_delete.connect(on_comment_changed, sender=Comment, dispatch_uid="doleances_comment_deleted")
    post_save.connect(on_entry_changed, sender=ArchiveEntry, dispatch_uid="doleances_entry_saved")
    post_delete.connect(on_entry_changed, sender=ArchiveEntry, dispatch_uid="doleances_entry_deleted")
    post_save.connect(on_results_frozen, sender=ResultsSnapshot, dispatch_uid="doleances_results_frozen")
    page_published.connect(on_page_published, dispatch_uid="doleances_page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="doleances_page_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="doleances_page_moved")
    post_save.connect(on_restriction_set, sender=PageViewRestriction, dispatch_uid="doleances_restriction_set")
    post_delete.connect(on_restriction_lifted, sender=PageViewRestriction, dispatch_uid="doleances_restriction_gone")
    post_delete.connect(on_consultation_deleted, sender=ConsultationPage, dispatch_uid="doleances_version_deleted")
