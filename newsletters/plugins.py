"""What the newsletters show in the pages of `cms` and hook into (registered when the app is ready).

Three parts, one per concern, each in its own function:
- subscribing: the subscription form on a space's home, on the national network and on the account page; what a
  person's subscriptions are, for the account page's download and deletion;
- issues: the digest sources `cms` itself cannot register (none: each app registers its own), the demo;
- sending: publishing an issue starts its sending, the beat sweep that resumes an interrupted one, the provider's
  tracking webhooks.
"""

from django.db import transaction


def register():
    register_subscribing()
    register_issues()
    register_sending()


# -- subscribing -----------------------------------------------------------------------------------------------------
def register_subscribing():
    pass


# -- issues ----------------------------------------------------------------------------------------------------------
def register_issues():
    pass


# -- sending ---------------------------------------------------------------------------------------------------------
RESUME_EVERY = 60.0  # seconds: the beat sweep that resumes interrupted sendings


def start_sending(sender, instance, **kwargs):
    """Publishing an issue (any language version, now or by the scheduled publishing) sends it: its `IssueSending`
    is recorded in the publishing's transaction, the fan-out is handed to Celery after the commit (the beat sweep
    catches up when the broker cannot take it). A second publish finds the sending and adds nobody."""
    from cms.queue import enqueue

    from .models import IssueSending

    if not instance.live:
        return  # Wagtail sends the signal for a revision scheduled for later too: it is sent when it goes live
    issue = instance.specific.original
    IssueSending.objects.get_or_create(issue=issue)
    issue_id = issue.pk
    transaction.on_commit(lambda: enqueue("newsletters.fan_out", issue_id, if_unavailable="skip"))


def register_sending():
    from anymail.signals import tracking

    from wagtail.signals import page_published

    from cms.celery import app

    from . import tracking as newsletter_tracking
    from .models import NewsletterIssuePage

    page_published.connect(start_sending, sender=NewsletterIssuePage, dispatch_uid="newsletters_start_sending")
    tracking.connect(newsletter_tracking.on_tracking, dispatch_uid="newsletters_tracking")
    # The beat schedule is the settings' (cms); the newsletters add their sweep without being named there.
    app.conf.beat_schedule = {
        **(app.conf.beat_schedule or {}),
        "newsletters-resume-sending": {"task": "newsletters.resume_sending", "schedule": RESUME_EVERY},
    }
