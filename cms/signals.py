from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from . import page_cache
from .models import CollectiviteSpace
from .spaces import setup_space_permissions, sync_access_code


@receiver(post_save, sender=CollectiviteSpace)
def on_space_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created or instance.editors_group_id is None:
        setup_space_permissions(instance)
    if instance.default_language_space() is None:
        # Translations share the code of the space in the default language (CollectiviteSpace.save).
        translations = CollectiviteSpace.objects.filter(translation_key=instance.translation_key)
        translations.exclude(pk=instance.pk).exclude(access_code=instance.access_code).update(
            access_code=instance.access_code
        )
    sync_access_code(instance)


@receiver(post_save, sender=PageViewRestriction)
def on_restriction_saved(sender, instance, raw=False, **kwargs):
    """A password restriction inside a space uses the space's access code, whatever was typed; while the space has
    no code, a password no one can type (its reserved pages are closed, as the space's code form says)."""
    if raw or instance.restriction_type != PageViewRestriction.PASSWORD:
        return
    space = CollectiviteSpace.objects.ancestor_of(instance.page, inclusive=True).first()
    if space is None:
        return
    password = space.access_code or space.closed_password()
    if instance.password != password:
        PageViewRestriction.objects.filter(pk=instance.pk).update(password=password)
        instance.password = password


# -- the page cache (cms/page_cache.py): what changes a public page invalidates the pages that show it ----------------
@receiver(page_published)
@receiver(page_unpublished)
def invalidate_published_page(sender, instance, **kwargs):
    page_cache.page_changed(instance)


@receiver(pre_page_move)
@receiver(post_page_move)
def invalidate_moved_page(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    """Before the move: the old parents and the old URLs; after it: the new ones."""
    page_cache.page_changed(Page.objects.get(pk=instance.pk))
    for parent in (parent_page_before, parent_page_after):
        if parent is not None:
            page_cache.page_changed(parent)


@receiver(pre_delete)
def invalidate_deleted_page(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.pk and instance.depth > 1:
        page_cache.page_changed(instance)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def invalidate_restricted_page(sender, instance, raw=False, **kwargs):
    if not raw:
        page_cache.page_changed(instance.page)


@receiver(post_save)
@receiver(post_delete)
def invalidate_site_wide(sender, instance, raw=False, **kwargs):
    """Sites and settings (site or generic) show on every page."""
    if not raw and isinstance(instance, (Site, BaseSiteSetting, BaseGenericSetting)):
        page_cache.invalidate_all()


@receiver(post_save)
@receiver(pre_delete)
def invalidate_pages_showing_a_file(sender, instance, raw=False, created=False, **kwargs):
    """An image or a document edited (file, focal point, title) or deleted: the pages that show it, as Wagtail's
    reference index knows them (a page's fields and blocks, a space's logo)."""
    if raw or created or not isinstance(instance, (AbstractImage, AbstractDocument)) or instance.pk is None:
        return
    page_type = ReferenceIndex._get_base_content_type(Page)
    referencing = ReferenceIndex.get_references_to(instance).filter(base_content_type=page_type)
    ids = [int(pk) for pk in referencing.values_list("object_id", flat=True) if str(pk).isdigit()]
    for page in Page.objects.filter(pk__in=ids):
        page_cache.page_changed(page)
