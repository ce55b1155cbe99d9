"""Parallel requests of one account (a double click, two tabs, a script) on PostgreSQL: one upvote counted, one
report, and never more posts than the limit."""

import threading

import pytest

from django.db import connection

from consultations.comments import services
from consultations.comments.limits import POSTING_WINDOWS, PostingLimited
from consultations.comments.models import Comment, CommentReport, CommentUpvote

from .factories import CommentFactory

pytestmark = [pytest.mark.security, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def in_parallel(count, action):
    barrier = threading.Barrier(count)
    outcomes = []

    def run():
        try:
            barrier.wait()
            outcomes.append(action())
        except Exception as error:  # noqa: BLE001 - collected and asserted on
            outcomes.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=run) for _ in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return outcomes


@pytest.fixture
def setting(migrated_data):
    from tests.factories import (
        CitizenFactory,
        CollectiviteSpaceFactory,
        ConsultationIndexPageFactory,
        ConsultationPageFactory,
    )

    space = CollectiviteSpaceFactory(parent=migrated_data)
    page = ConsultationPageFactory(parent=ConsultationIndexPageFactory(parent=space))
    return page, CitizenFactory(), CitizenFactory()


def test_two_parallel_upvotes_count_once(setting):
    page, author, voter = setting
    comment = CommentFactory(page=page, author=author)
    outcomes = in_parallel(2, lambda: services.upvote(comment, voter))
    assert sorted(outcomes, key=str) == [False, True]
    comment.refresh_from_db()
    assert comment.upvotes_count == 1 and CommentUpvote.objects.count() == 1


def test_parallel_reports_count_once(setting):
    page, author, reporter = setting
    comment = CommentFactory(page=page, author=author)
    outcomes = in_parallel(4, lambda: services.report(comment, reporter, "spam"))
    assert sum(isinstance(outcome, CommentReport) for outcome in outcomes) == 1
    comment.refresh_from_db()
    assert comment.open_reports_count == 1 and CommentReport.objects.count() == 1


def test_parallel_posts_never_pass_the_limit(setting, monkeypatch):
    import time

    from consultations.comments import limits

    now = (int(time.time()) // 600) * 600 + 300  # mid-window: one window for every thread
    monkeypatch.setattr(limits.time, "time", lambda: now)
    page, author, _other = setting
    limit = POSTING_WINDOWS[0].limit
    outcomes = in_parallel(limit * 2, lambda: services.post_comment(page, author, "En rafale"))
    assert sum(isinstance(outcome, Comment) for outcome in outcomes) == limit
    assert all(isinstance(outcome, Comment | PostingLimited) for outcome in outcomes), outcomes
    assert Comment.objects.count() == limit
