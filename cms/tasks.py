from celery import shared_task

from django.core.management import call_command


@shared_task(name="cms.publish_scheduled_pages")
def publish_scheduled_pages():
    """Publish pages whose go-live time has come and unpublish expired ones.

    Safe to run twice: Wagtail's command only acts on revisions that are due.
    """
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
