"""The editors' figures: every delivery status counted, opens « non communiqué » when never reported, rates that
never divide by zero, subscribers by state, and the state of an issue."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsletters import stats
from newsletters.models import Delivery, IssueSending, Subscription

from .factories import SubscriptionFactory, deliver, draft_issue, sent_issue

pytestmark = pytest.mark.django_db

Status = Delivery.Status


def test_every_status_is_counted_in_one_query(issue, newsletter):
    now = timezone.now()
    deliver(issue, newsletter, Status.QUEUED, 5)
    deliver(issue, newsletter, Status.SENT, 4)
    deliver(issue, newsletter, Status.DELIVERED, 10, delivered_at=now)
    deliver(issue, newsletter, Status.DELIVERED, 3, delivered_at=now, opened_at=now)
    deliver(issue, newsletter, Status.DELIVERED, 1, delivered_at=now, opened_at=now, clicked_at=now)
    deliver(issue, newsletter, Status.DELIVERED, 2, delivered_at=now, unsubscribed_at=now)
    deliver(issue, newsletter, Status.BOUNCED, 3, bounced_at=now)
    deliver(issue, newsletter, Status.COMPLAINED, 2, complained_at=now)
    deliver(issue, newsletter, Status.FAILED, 6)
    deliver(issue, newsletter, Status.SKIPPED, 7)
    other = sent_issue(newsletter, title="Un autre numéro")
    deliver(other, newsletter, Status.DELIVERED, 9)  # another issue's deliveries are not counted
    with CaptureQueriesContext(connection) as queries:
        figures = stats.issue_stats(issue)
    assert len([query for query in queries if "newsletters_delivery" in query["sql"]]) == 1
    assert figures.recipients == 43
    assert figures.queued == 5
    assert figures.awaiting_report == 4
    assert figures.sent == 4 + 16 + 3 + 2  # accepted by the provider, whatever it reported since
    assert figures.delivered == 16 + 2  # a complaint comes from a delivered message
    assert figures.bounced == 3
    assert figures.complained == 2
    assert figures.failed == 6
    assert figures.skipped == 7
    assert figures.opened == 4
    assert figures.clicked == 1
    assert figures.unsubscribed == 2
    assert figures.delivery_rate == pytest.approx(18 / 25)
    assert figures.bounce_rate == pytest.approx(3 / 25)
    assert figures.open_rate == pytest.approx(4 / 18)
    assert figures.progress == pytest.approx(38 / 43)


def test_opens_never_reported_are_not_zero_and_rates_do_not_divide_by_zero(issue, newsletter):
    empty = stats.issue_stats(issue)
    assert empty.recipients == 0
    assert all(value is None for value in empty.rates().values())
    deliver(issue, newsletter, Status.DELIVERED, 3, delivered_at=timezone.now())
    figures = stats.issue_stats(issue)
    assert figures.opened is None and figures.clicked is None  # « non communiqué »
    assert figures.open_rate is None
    assert figures.delivery_rate == 1
    assert stats.rate(0, 0) is None and stats.rate(None, 5) is None and stats.rate(1, 4) == 0.25


def test_several_issues_in_one_grouped_query(issue, newsletter, django_assert_num_queries):
    other = sent_issue(newsletter, title="Un autre numéro")
    deliver(issue, newsletter, Status.DELIVERED, 2)
    deliver(other, newsletter, Status.BOUNCED, 3)
    with django_assert_num_queries(1):
        figures = stats.issues_stats([issue.pk, other.pk, 999_999])
    assert (figures[issue.pk].delivered, figures[issue.pk].bounced) == (2, 0)
    assert (figures[other.pk].recipients, figures[other.pk].bounced) == (3, 3)
    assert figures[999_999].recipients == 0


def test_subscribers_by_state(newsletter, other_newsletter):
    for status, count in (("active", 4), ("en_attente", 2), ("desinscrite", 1), ("suspendue", 3)):
        for _ in range(count):
            SubscriptionFactory(newsletter=newsletter, status=status)
    SubscriptionFactory(newsletter=other_newsletter)
    with CaptureQueriesContext(connection) as queries:
        figures = stats.subscriber_stats(newsletter)
    assert len([query for query in queries if "newsletters_subscription" in query["sql"]]) == 1
    assert figures.total == 10
    assert figures.by_status == {
        Subscription.Status.PENDING: 2,
        Subscription.Status.ACTIVE: 4,
        Subscription.Status.UNSUBSCRIBED: 1,
        Subscription.Status.SUPPRESSED: 3,
    }
    assert figures.active == 4


def test_issue_states(newsletter):
    draft = draft_issue(newsletter)
    scheduled = draft_issue(newsletter)
    go_live = timezone.now() + datetime.timedelta(days=2)
    scheduled.go_live_at = go_live
    scheduled.save_revision(approved_go_live_at=go_live)
    sending = sent_issue(newsletter)
    IssueSending.objects.filter(issue=sending).update(finished_at=None)
    sent = sent_issue(newsletter)
    states = stats.issue_states([draft, scheduled, sending, sent])
    assert states[draft.pk] == (stats.IssueState.DRAFT, None)
    assert states[scheduled.pk][0] == stats.IssueState.SCHEDULED
    assert abs((states[scheduled.pk][1] - go_live).total_seconds()) < 1
    assert states[sending.pk] == (stats.IssueState.SENDING, None)
    assert states[sent.pk] == (stats.IssueState.SENT, None)
