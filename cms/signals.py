from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import PageViewRestriction

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
