from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from .models import ConsultationPage
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
