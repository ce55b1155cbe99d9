"""End to end on the configured backend (the database one here): what a citizen or an editor does, then a search."""

import datetime

import pytest

from django.test import TestCase
from django.utils import timezone

from wagtail.models import PageViewRestriction

from consultations.comments import services
from consultations.models import FreeText, ResultsSnapshot
from search import indexing
from search.backends import get_backend
from search.backends.base import SearchQuery
from tests.consultations.comments.factories import CommentFactory
from tests.factories import (
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    TerritoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend():
    backend = get_backend()
    backend.clear()
    return backend


@pytest.fixture
def town(home):
    commune = TerritoryFactory(kind="commune", code="44888", name="Bout-du-Monde", population=1000)
    return CollectiviteSpaceFactory(parent=home, title="Bout-du-Monde", slug="bout-du-monde", territory=commune)


def committed():
    indexing._pending.__init__()
    return TestCase.captureOnCommitCallbacks(execute=True)


def keys(backend, text):
    return {hit.key for hit in backend.search(SearchQuery(text=text, limit=100)).hits}


def test_publish_unpublish_restrict_on_the_real_backend(backend, town):
    projects = ProjectIndexPageFactory(parent=town)
    project = ProjectPageFactory(parent=projects, title="Gymnase", summary="Un gymnase pour les écoles.", live=False)
    with committed():
        project.save_revision().publish()
    assert f"page:{project.pk}" in keys(backend, "ecoles")
    with committed():
        PageViewRestriction.objects.create(page=projects, restriction_type=PageViewRestriction.LOGIN)
    assert f"page:{project.pk}" not in keys(backend, "ecoles")
    with committed():
        PageViewRestriction.objects.filter(page=projects).delete()
    assert f"page:{project.pk}" in keys(backend, "ecoles")
    project.refresh_from_db()
    with committed():
        project.unpublish()
    assert f"page:{project.pk}" not in keys(backend, "ecoles")


def test_comments_and_free_texts_on_the_real_backend(backend, town):
    index = ConsultationIndexPageFactory(parent=town)
    now = timezone.now()
    closed = ConsultationPageFactory(
        parent=index, opens_at=now - datetime.timedelta(days=9), closes_at=now - datetime.timedelta(days=1)
    )
    with committed():
        comment = CommentFactory(page=closed, text="Le préau de l'école fuit.")
        answer = FreeText.objects.create(consultation=closed, question_id="q-long", text="Réparer le préau.")
        ResultsSnapshot.objects.create(consultation=closed, results={"questions": []}, analysis={})
    assert f"comment:{comment.pk}" in keys(backend, "préau")
    assert f"free_text:{answer.pk}" not in keys(backend, "préau")  # not moderated
    with committed():
        FreeText.objects.filter(pk=answer.pk).update(moderation="approved")
        from cms.registry import registry

        registry.search_changed("free_texts", [answer.pk])
    assert f"free_text:{answer.pk}" in keys(backend, "préau")
    with committed():
        services.hide(comment.pk, UserFactory(is_superuser=True), "Injures")
    assert f"comment:{comment.pk}" not in keys(backend, "préau")
    with committed():
        closed.unpublish()
    assert keys(backend, "préau") == set()


def test_the_rebuild_on_the_real_backend(backend, town):
    projects = ProjectIndexPageFactory(parent=town)
    ProjectPageFactory(parent=projects, title="Bibliothèque", summary="Une bibliothèque.")
    ProjectPageFactory(parent=projects, title="Bibliothèque brouillon", summary="Une bibliothèque.", live=False)
    from search.management.commands.rebuild_search_index import rebuild

    count, _seconds = rebuild(batch_size=2, progress=False)
    assert count == backend.count() >= 4  # the home, the space, the index, the project
    hits = backend.search(SearchQuery(text="bibliotheque")).hits
    assert [hit.title for hit in hits] == ["Bibliothèque"]
