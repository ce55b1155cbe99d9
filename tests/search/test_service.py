"""The hits a visitor sees are checked against the database (search.service): the index may lag behind a hidden
comment or an unpublished page (the Celery task not run yet, or lost), the page and the API never show it."""

import pytest

from django.test import TestCase
from django.urls import reverse

from cms.registry import SearchItem
from consultations.comments.models import Comment
from search import indexing, service
from search.backends import get_backend
from search.backends.base import SearchQuery
from tests.consultations.comments.factories import CommentFactory
from tests.factories import ProjectIndexPageFactory, ProjectPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security]


@pytest.fixture
def backend():
    backend = get_backend()
    backend.clear()
    return backend


def _stale_index(backend, home):
    """A live project with its comment, both indexed; then the comment hidden and the project unpublished without
    the index being told (what a lost task leaves)."""
    projects = ProjectIndexPageFactory(parent=home)
    project = ProjectPageFactory(parent=projects, title="Préau de l'école", summary="Le préau de l'école.")
    comment = CommentFactory(page=project, text="Le préau de l'école fuit depuis des mois.")
    backend.index(
        [
            SearchItem(key=f"page:{project.pk}", kind="cms.projectpage", title=project.title, url="/p/", body="préau"),
            SearchItem(
                key=f"comment:{comment.pk}", kind="comment", title="Commentaire", url="/p/#c", body=comment.text
            ),
        ]
    )
    assert {hit.key for hit in backend.search(SearchQuery(text="préau")).hits} == {
        f"page:{project.pk}",
        f"comment:{comment.pk}",
    }
    indexing._pending.__init__()
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.HIDDEN)
    project.unpublish()
    indexing._pending.__init__()  # the tasks never run
    return project, comment


def test_hits_no_longer_searchable_are_left_out_and_queued_again(backend, home):
    project, comment = _stale_index(backend, home)
    with TestCase.captureOnCommitCallbacks(execute=True):
        results = service.search(SearchQuery(text="préau"))
    assert results.hits == []
    # … and the index healed itself: the stale keys were read again and removed.
    assert backend.search(SearchQuery(text="préau")).hits == []


def test_the_page_and_the_api_never_show_a_stale_hit(backend, home, client):
    project, comment = _stale_index(backend, home)
    page = client.get(reverse("search:search"), {"q": "préau"})
    assert page.status_code == 200
    assert "fuit depuis des mois" not in page.content.decode()
    api = client.get("/api/search/", {"q": "préau"})
    assert api.status_code == 200
    assert api.json()["results"] == []


def test_autocomplete_leaves_out_an_unpublished_page(backend, home):
    projects = ProjectIndexPageFactory(parent=home)
    project = ProjectPageFactory(parent=projects, title="Gymnase des Coteaux")
    backend.index(
        [SearchItem(key=f"page:{project.pk}", kind="cms.projectpage", title=project.title, url="/g/", language="fr")]
    )
    assert [s.title for s in service.autocomplete("gymn", "fr")] == ["Gymnase des Coteaux"]
    indexing._pending.__init__()
    project.unpublish()
    indexing._pending.__init__()
    assert service.autocomplete("gymn", "fr") == []
