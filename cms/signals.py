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
