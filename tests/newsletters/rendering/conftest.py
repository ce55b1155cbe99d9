import datetime

import pytest

from django.utils import timezone

from wagtail.models import PageViewRestriction

from tests.factories import CollectiviteSpaceFactory, NewsIndexPageFactory, NewsPageFactory

from .factories import NewsletterIssuePageFactory, NewsletterPageFactory

LONG_AGO = timezone.now() - datetime.timedelta(days=400)


def ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def make_private(page):
    return PageViewRestriction.objects.create(page=page, restriction_type="password", password="CODE-2026")


@pytest.fixture
def news_index(space):
    return NewsIndexPageFactory(parent=space)


@pytest.fixture
def make_news(news_index):
    def make(days_ago=1, parent=None, **kwargs):
        return NewsPageFactory(parent=parent or news_index, first_published_at=ago(days_ago), **kwargs)

    return make


@pytest.fixture
def other_space(home):
    return CollectiviteSpaceFactory(parent=home, title="Autre ville", slug="autre-ville")


@pytest.fixture
def newsletter(space):
    return NewsletterPageFactory(parent=space)


@pytest.fixture
def make_issue(newsletter):
    def make(body=(), **kwargs):
        return NewsletterIssuePageFactory(parent=newsletter, body=list(body), **kwargs)

    return make


def paragraph(html, block_id="p-1"):
    return {"type": "paragraph", "value": html, "id": block_id}


def digest(source, days=30, limit=5, title="", block_id="d-1"):
    return {
        "type": "digest",
        "value": {"source": source, "title": title, "limit": limit, "days": days},
        "id": block_id,
    }
