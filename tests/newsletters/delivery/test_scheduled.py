"""Sending at a scheduled time: the issue's go_live_at, published by the existing beat task."""

import datetime

import pytest

from django.core import mail
from django.utils import timezone

from cms.tasks import publish_scheduled_pages
from newsletters.models import Delivery, IssueSending

from .factories import SubscriptionFactory, draft_issue

pytestmark = pytest.mark.django_db


def test_an_issue_scheduled_for_later_is_sent_by_the_scheduled_publishing(
    newsletter, django_capture_on_commit_callbacks
):
    SubscriptionFactory.create_batch(2, newsletter=newsletter)
    issue = draft_issue(newsletter)
    issue.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = issue.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()  # scheduled: not live yet
    issue.refresh_from_db()
    assert not issue.live
    assert not IssueSending.objects.exists() and not mail.outbox

    with django_capture_on_commit_callbacks(execute=True):
        publish_scheduled_pages()  # not due yet
    assert not mail.outbox

    # The hour passes: the revision (and the go_live_at it carries) is now due.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    with django_capture_on_commit_callbacks(execute=True):
        publish_scheduled_pages()

    issue.refresh_from_db()
    assert issue.live
    assert len(mail.outbox) == 2
    assert Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count() == 2
    assert IssueSending.objects.get(issue=issue).finished_at is not None
