"""The index lags the database when an update task has not run yet or failed (a backend down, a worker lost): the
search page and the API must not show, with its text in the excerpt, what is no longer readable (a comment a
moderator hid, a page put behind an access code)."""

import pytest

from django.test import TestCase

from wagtail.models import PageViewRestriction

from consultations.comments import services
from search import indexing
from search.backends import get_backend
from search.backends.base import SearchUnavailable
from tests.consultations.comments.factories import CommentFactory
from tests.factories import ConsultationIndexPageFactory, ConsultationPageFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security]


def committed():
    indexing._pending.__init__()
    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture
def fresh_index(db):
    backend = get_backend()
    backend.clear()
    yield backend
    backend.clear()


def _index_down(monkeypatch, backend):
    def refuse(*args, **kwargs):
        raise SearchUnavailable("down")

    monkeypatch.setattr(type(backend), "index", refuse)
    monkeypatch.setattr(type(backend), "delete", refuse)


def _keys(client, q):
    body = client.get("/api/search/", {"q": q}).json()
    return [hit["url"] for hit in body["results"]], body


def test_a_comment_hidden_while_the_index_update_fails_is_not_shown(client, fresh_index, home, monkeypatch):
    page = ConsultationPageFactory(parent=ConsultationIndexPageFactory(parent=home), title="Marché couvert")
    with committed():
        comment = CommentFactory(page=page, text="Le voisin Zorglubien fraude la cantine scolaire.")
    urls, _body = _keys(client, "zorglubien")
    assert any(f"#commentaire-{comment.pk}" in url for url in urls)  # indexed
    with monkeypatch.context() as patch:
        _index_down(patch, fresh_index)
        with committed():
            services.hide(comment.pk, UserFactory(is_superuser=True), "Diffamation")
    urls, body = _keys(client, "zorglubien")
    assert not any(f"#commentaire-{comment.pk}" in url for url in urls), body
    page_html = client.get("/recherche/", {"q": "zorglubien"}).content.decode()
    assert "Zorglubien" not in page_html


def test_a_page_restricted_while_the_index_update_fails_is_not_shown(client, fresh_index, home, monkeypatch):
    page = ConsultationPageFactory(
        parent=ConsultationIndexPageFactory(parent=home), title="Plan secret Quetzalcoatlus", summary="Quetzalcoatlus"
    )
    with committed():
        page.save_revision().publish()
    urls, _body = _keys(client, "quetzalcoatlus")
    assert urls
    with monkeypatch.context() as patch:
        _index_down(patch, fresh_index)
        with committed():
            PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")
    urls, body = _keys(client, "quetzalcoatlus")
    assert urls == [], body
    assert "Quetzalcoatlus" not in client.get("/recherche/", {"q": "quetzalcoatlus"}).content.decode()


def test_a_title_restricted_while_the_index_update_fails_is_not_suggested(client, fresh_index, home, monkeypatch):
    page = ConsultationPageFactory(parent=ConsultationIndexPageFactory(parent=home), title="Quetzalcoatlus secret")
    with committed():
        page.save_revision().publish()
    suggest = "/api/search/autocomplete/"
    assert client.get(suggest, {"q": "quetzal"}).json()["results"]
    with monkeypatch.context() as patch:
        _index_down(patch, fresh_index)
        with committed():
            PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(suggest, {"q": "quetzal"}).json()["results"] == []
