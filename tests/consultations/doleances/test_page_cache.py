"""The page cache (cms/page_cache.py) and the cahier: highlighting a comment, and hiding a highlighted one, invalidate
the cahier's pages (they are not ancestors of the consultation the comment belongs to)."""

import pytest

from django.test import Client

from consultations.comments import services as comments
from consultations.comments.models import Comment
from tests.factories import UserFactory

from .test_entries_and_carrying import entry  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_MARGIN = 0.0


def test_a_highlighted_comment_hidden_leaves_the_cahier(cahier, entry, citizen):  # noqa: F811
    url = f"{cahier.url}{entry.pk}/"
    own = Comment.objects.create(page_id=entry.page_id, author=citizen, text="Un parc pour les enfants")
    Client().get(url)
    entry.highlighted_comments.add(own)
    assert "Un parc pour les enfants" in Client().get(url).content.decode()
    assert Client().get(url)["X-Page-Cache"] == "hit"
    comments.hide(own.pk, UserFactory(is_superuser=True, is_staff=True), "Hors sujet")
    assert "Un parc pour les enfants" not in Client().get(url).content.decode()
