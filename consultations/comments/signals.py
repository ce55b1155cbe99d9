"""The page cache (cms/page_cache.py): a comment posted, hidden, restored or deleted, or an upvote, changes the
discussion shown on its page (every language version) and the pages that show it."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page

from cms import page_cache
from cms.registry import registry

from .models import Comment, CommentSettings, CommentUpvote


def discussion_changed(page_id):
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        page_cache.page_changed(page)


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def on_comment_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        discussion_changed(instance.page_id)
        registry.search_changed("comments", [instance.pk])  # posted, hidden, restored, deleted: the search follows


@receiver(post_save, sender=CommentSettings)
@receiver(post_delete, sender=CommentSettings)
def on_discussion_turned_on_or_off(sender, instance, raw=False, **kwargs):
    if not raw:
        discussion_changed(instance.page_id)
        on_page = Comment.objects.filter(page_id=instance.page_id).values_list("pk", flat=True)
        registry.search_changed("comments", on_page)  # the discussion shown or no longer: its comments follow


@receiver(post_save, sender=CommentUpvote)
@receiver(post_delete, sender=CommentUpvote)
def on_upvote_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        discussion_changed(Comment.objects.filter(pk=instance.comment_id).values_list("page_id", flat=True).first())
