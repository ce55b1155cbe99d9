"""The discussion panel reads the database a fixed number of times, whatever the number of comments and replies."""

import time

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.comments.models import Comment

from .factories import CommentFactory

pytestmark = pytest.mark.django_db


def queries_and_seconds(client, page):
    with CaptureQueriesContext(connection) as context:
        started = time.perf_counter()
        response = client.get(page.url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return len(context.captured_queries), elapsed


def test_no_query_per_comment(client, consultation, citizen, other_citizen):
    client.force_login(citizen)
    top = CommentFactory(page=consultation, author=other_citizen)
    CommentFactory(page=consultation, parent=top, author=other_citizen)
    queries_and_seconds(client, consultation)  # the first request fills per-process caches (site, locales)
    few, _seconds = queries_and_seconds(client, consultation)
    for _n in range(25):
        parent = CommentFactory(page=consultation)
        CommentFactory.create_batch(3, page=consultation, parent=parent)
    many, _seconds = queries_and_seconds(client, consultation)
    assert Comment.objects.count() == 102
    assert many == few
