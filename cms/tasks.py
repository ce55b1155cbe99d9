import logging

from celery import shared_task

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Revision

logger = logging.getLogger(__name__)


@shared_task(name="cms.publish_scheduled_pages")
def publish_scheduled_pages():
    """Publish pages whose go-live time has come and unpublish expired ones.

    Safe to run twice: Wagtail's command only acts on revisions that are due. A due revision that no longer
    validates (a consultation whose questions froze after it was scheduled) would stop the command, and every
    other page with it, each minute: it is unscheduled and logged instead, and stays a draft.
    """
    for revision in Revision.objects.filter(approved_go_live_at__lte=timezone.now()):
        try:
            revision.as_object().full_clean()
        except ValidationError as error:
            logger.warning("Scheduled revision %s no longer validates, unscheduled: %s", revision.pk, error)
            Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
    call_command("publish_scheduled", verbosity=0)
    return "ok"


@shared_task(name="cms.healthcheck", ignore_result=False)
def healthcheck():
    """A worker's proof of life for monitoring: it answers and reaches the database."""
    import socket

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        database_ok = cursor.fetchone()[0] == 1
    return {"worker": socket.gethostname(), "database": database_ok}
