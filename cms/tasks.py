from celery import shared_task
from django.core.management import call_command


@shared_task(name="cms.publish_scheduled_pages")
def publish_scheduled_pages():
    """Publish pages whose go-live time has come and unpublish expired ones.

    Safe to run twice: Wagtail's command only acts on revisions that are due.
    """
    call_command("publish_scheduled", verbosity=0)
    return "ok"
