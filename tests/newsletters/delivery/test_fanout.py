"""The fan-out: who gets a delivery row (themes, status, suppression, list, language), in chunks, and only once
whatever happens again (a second fan-out, a re-publish, the translation's publish)."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale

from newsletters import sending
from newsletters.models import Delivery, IssueSending, Subscription, Suppression

from .conftest import addresses
from .factories import NewsletterPageFactory, SubscriptionFactory, draft_issue, publish

pytestmark = pytest.mark.django_db


def test_the_fan_out_takes_active_matching_unsuppressed_subscribers_in_their_language(
    newsletter, space, django_capture_on_commit_callbacks
):
    everything = SubscriptionFactory(newsletter=newsletter, email="tout@example.org")
    environment = SubscriptionFactory(
        newsletter=newsletter, email="env@example.org", themes=["environnement", "sport"], language="en"
    )
    SubscriptionFactory(newsletter=newsletter, email="culture@example.org", themes=["culture"])
    SubscriptionFactory(newsletter=newsletter, email="pending@example.org", status=Subscription.Status.PENDING)
    SubscriptionFactory(newsletter=newsletter, email="gone@example.org", status=Subscription.Status.UNSUBSCRIBED)
    SubscriptionFactory(newsletter=newsletter, email="Bounced@Example.org")
    Suppression.objects.create(email_key="bounced@example.org", reason=Suppression.Reason.BOUNCED)
    other = NewsletterPageFactory(parent=space.get_parent(), title="Lettre nationale")
    SubscriptionFactory(newsletter=other, email="ailleurs@example.org")
    issue = draft_issue(newsletter, themes=["environnement"])

    publish(issue, django_capture_on_commit_callbacks)

    rows = {row.email: row for row in Delivery.objects.filter(issue=issue)}
    assert set(rows) == {"tout@example.org", "env@example.org"}
    assert rows["env@example.org"].language == "en"
    assert rows["env@example.org"].subscription == environment
    assert rows["tout@example.org"].subscription == everything
    assert addresses() == ["env@example.org", "tout@example.org"]
    sending_row = IssueSending.objects.get(issue=issue)
    assert sending_row.recipients == 2
    assert sending_row.fanned_out_at is not None and sending_row.finished_at is not None


def test_an_issue_without_themes_goes_to_every_active_subscriber(newsletter, django_capture_on_commit_callbacks):
    SubscriptionFactory(newsletter=newsletter, themes=["culture"])
    SubscriptionFactory(newsletter=newsletter, themes=[])
    issue = draft_issue(newsletter)
    publish(issue, django_capture_on_commit_callbacks)
    assert Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count() == 2


def test_the_fan_out_reads_and_writes_in_chunks(newsletter, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    SubscriptionFactory.create_batch(7, newsletter=newsletter)
    issue = draft_issue(newsletter)
    issue.get_latest_revision().publish()  # outside a transaction's capture: the fan-out is run below
    Delivery.objects.filter(issue=issue).delete()
    IssueSending.objects.filter(issue=issue).update(fanned_out_at=None, finished_at=None)

    with CaptureQueriesContext(connection) as queries:
        added = sending.fan_out(issue.pk, chunk=3)

    assert added == 7
    inserts = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("INSERT") and 'INTO "newsletters_delivery"' in q["sql"]
    ]
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "newsletters_subscription"' in q["sql"]]
    assert len(inserts) == 3  # 3 + 3 + 1
    assert all("LIMIT 3" in sql for sql in reads)
    assert len(reads) == 4  # the last one finds nothing


def test_a_second_fan_out_a_republish_and_the_translation_add_nobody(newsletter, django_capture_on_commit_callbacks):
    SubscriptionFactory.create_batch(3, newsletter=newsletter)
    issue = draft_issue(newsletter)
    publish(issue, django_capture_on_commit_callbacks)
    assert len(addresses()) == 3

    # A subscriber arriving after the fan-out does not get this issue (the list was fixed when it was sent).
    SubscriptionFactory(newsletter=newsletter, email="tard@example.org")
    assert sending.fan_out(issue.pk) == 0
    issue.save_revision()
    publish(issue, django_capture_on_commit_callbacks)
    english = issue.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "June issue"
    english.save_revision()
    publish(english, django_capture_on_commit_callbacks)

    assert Delivery.objects.filter(issue=issue).count() == 3
    assert not Delivery.objects.filter(issue=english).exists()
    assert IssueSending.objects.count() == 1
    assert len(addresses()) == 3
    assert "tard@example.org" not in addresses()


def test_a_fan_out_interrupted_half_way_is_completed_without_duplicates(newsletter):
    subscriptions = SubscriptionFactory.create_batch(5, newsletter=newsletter)
    issue = draft_issue(newsletter)
    issue.live = True
    issue.save()
    IssueSending.objects.create(issue=issue)
    # A first fan-out died after its first chunk: two rows exist, fanned_out_at is not set.
    for subscription in subscriptions[:2]:
        Delivery.objects.create(issue=issue, subscription=subscription, email=subscription.email)

    assert sending.fan_out(issue.pk, chunk=2) == 3

    assert sorted(Delivery.objects.filter(issue=issue).values_list("subscription_id", flat=True)) == sorted(
        s.pk for s in subscriptions
    )
    assert IssueSending.objects.get(issue=issue).recipients == 5
    assert len(addresses()) == 5


def test_an_issue_already_sent_by_the_demo_is_not_sent_again(newsletter, django_capture_on_commit_callbacks):
    from django.utils import timezone

    SubscriptionFactory.create_batch(2, newsletter=newsletter)
    issue = draft_issue(newsletter)
    IssueSending.objects.create(issue=issue, fanned_out_at=timezone.now(), finished_at=timezone.now(), recipients=2)
    publish(issue, django_capture_on_commit_callbacks)
    assert not Delivery.objects.filter(issue=issue).exists()
    assert addresses() == []


def test_an_issue_unpublished_before_its_fan_out_is_not_sent(newsletter):
    SubscriptionFactory.create_batch(2, newsletter=newsletter)
    issue = draft_issue(newsletter)
    IssueSending.objects.create(issue=issue)
    assert sending.fan_out(issue.pk) == 0
    assert not Delivery.objects.filter(issue=issue).exists()
    assert IssueSending.objects.get(issue=issue).fanned_out_at is None
