"""The contributions the search finds: published free texts of closed consultations, visible comments."""

import dataclasses
import datetime

import pytest

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

from cms.registry import SearchItem, registry
from consultations.comments import services
from consultations.comments.models import CommentSettings
from consultations.comments.personal_data import erase_comments
from consultations.models import FreeText, ResultsSnapshot
from search import indexing
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
from tests.search.fake_backend import install

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_backend(monkeypatch):
    return install(monkeypatch)


@pytest.fixture
def town(home):
    commune = TerritoryFactory(kind="commune", code="44321", name="Sourceville", population=1000)
    return CollectiviteSpaceFactory(parent=home, title="Sourceville", slug="sourceville", territory=commune)


@pytest.fixture
def consultations(town):
    return ConsultationIndexPageFactory(parent=town)


def closed_consultation(parent, frozen=True, **kwargs):
    now = timezone.now()
    page = ConsultationPageFactory(
        parent=parent,
        title=kwargs.pop("title", "Cantines bio"),
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=2),
        theme="education",
        **kwargs,
    )
    if frozen:
        ResultsSnapshot.objects.create(consultation=page, results={"questions": []}, analysis={})
    return page


def free_text(page, text="La cantine de l'école doit servir du bio.", moderation="approved", question="q-long"):
    return FreeText.objects.create(consultation=page, question_id=question, text=text, moderation=moderation)


def source(name):
    return registry.search_source(name)


def committed():
    indexing._pending.__init__()
    return TestCase.captureOnCommitCallbacks(execute=True)


# -- free texts ------------------------------------------------------------------------------------------------------
def test_a_published_free_text_of_a_closed_consultation_carries_only_its_text_question_and_consultation(
    consultations, town
):
    page = closed_consultation(consultations)
    answer = free_text(page)
    [item] = source("free_texts").items([answer.pk])
    assert item == SearchItem(
        key=f"free_text:{answer.pk}",
        kind="free_text",
        title="Une suggestion ?",
        url=page.get_url_parts()[2] + "resultats/",
        body="La cantine de l'école doit servir du bio.",
        language="",
        date=page.closes_at,
        territory_code="44321",
        territory_name="Sourceville",
        theme="education",
        space_id=town.pk,
        context_title="Cantines bio",
        page_id=page.pk,
    )
    # Nothing else can be carried: the item has exactly SearchItem's fields, each one accounted for above.
    assert {field.name for field in dataclasses.fields(item)} == {
        "key", "kind", "title", "url", "body", "language", "date", "territory_code", "territory_name", "theme",
        "space_id", "context_title", "page_id",
    }  # fmt: skip
    assert list(source("free_texts").all_ids()) == [answer.pk]


@pytest.mark.parametrize("moderation", ["pending", "rejected"])
def test_an_unmoderated_or_rejected_free_text_is_never_searchable(consultations, moderation):
    answer = free_text(closed_consultation(consultations), moderation=moderation)
    assert source("free_texts").items([answer.pk]) == []
    assert list(source("free_texts").all_ids()) == []


def test_the_free_texts_of_an_open_or_not_yet_counted_consultation_are_not_searchable(consultations):
    open_page = ConsultationPageFactory(parent=consultations, results_visibility="live")
    counting = closed_consultation(consultations, frozen=False, title="En cours de dépouillement")
    answers = [free_text(open_page), free_text(counting)]
    assert source("free_texts").items([answer.pk for answer in answers]) == []
    assert list(source("free_texts").all_ids()) == []


def test_the_free_texts_of_a_private_or_unpublished_consultation_are_not_searchable(consultations, town):
    private = closed_consultation(consultations, title="Réservée")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    unpublished = closed_consultation(consultations, title="Retirée")
    unpublished.unpublish()
    answers = [free_text(private), free_text(unpublished)]
    assert source("free_texts").items([answer.pk for answer in answers]) == []
    assert list(source("free_texts").all_ids()) == []


def test_moderation_and_the_results_frozen_bring_free_texts_into_the_index(client, fake_backend, consultations):
    page = closed_consultation(consultations, frozen=False)
    answer = free_text(page, moderation="pending")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    with committed():
        response = client.post(
            reverse("consultations_moderation", args=[page.pk]), {"decision": "approved", "answer": [answer.pk]}
        )
    assert response.status_code == 302
    assert f"free_text:{answer.pk}" not in fake_backend.docs  # approved, but the results are not frozen yet
    with committed():
        ResultsSnapshot.objects.create(consultation=page, results={"questions": []}, analysis={})
    assert fake_backend.docs[f"free_text:{answer.pk}"].body == answer.text
    with committed():
        client.post(
            reverse("consultations_moderation", args=[page.pk]), {"decision": "rejected", "answer": [answer.pk]}
        )
    assert f"free_text:{answer.pk}" not in fake_backend.docs


# -- comments --------------------------------------------------------------------------------------------------------
def test_a_visible_comment_is_searchable_without_its_author(consultations, town):
    page = ConsultationPageFactory(parent=consultations, title="Le marché couvert", theme="economie")
    author = UserFactory(first_name="Karimette", last_name="Zyx")
    comment = CommentFactory(page=page, author=author, text="La priorité reste l'école.")
    [item] = source("comments").items([comment.pk])
    assert item.key == f"comment:{comment.pk}" and item.kind == "comment"
    assert item.title == "Commentaire sur « Le marché couvert »"
    assert item.body == "La priorité reste l'école."
    assert item.url == f"{page.get_url_parts()[2]}#commentaire-{comment.pk}"
    assert item.context_title == "Le marché couvert"
    assert item.language == "" and item.date == comment.created_at and item.page_id == page.pk
    assert (item.territory_code, item.theme, item.space_id) == ("44321", "economie", town.pk)
    assert "Karimette" not in repr(item) and "Zyx" not in repr(item) and author.username not in repr(item)
    assert list(source("comments").all_ids()) == [comment.pk]


def test_hidden_deleted_and_private_comments_are_never_searchable(consultations, town):
    page = ConsultationPageFactory(parent=consultations)
    hidden = CommentFactory(page=page, status="hidden")
    deleted = CommentFactory(page=page, status="deleted")
    private_page = ConsultationPageFactory(parent=consultations)
    PageViewRestriction.objects.create(page=private_page, restriction_type=PageViewRestriction.LOGIN)
    on_private = CommentFactory(page=private_page)
    draft = ConsultationPageFactory(parent=consultations, live=False)
    on_draft = CommentFactory(page=draft)
    projects = ProjectIndexPageFactory(parent=town)
    no_discussion = CommentFactory(page=ProjectPageFactory(parent=projects))  # comments not turned on there
    ids = [hidden.pk, deleted.pk, on_private.pk, on_draft.pk, no_discussion.pk]
    assert source("comments").items(ids) == []
    assert list(source("comments").all_ids()) == []


def test_comments_follow_moderation_deletion_and_the_discussion_switch(fake_backend, consultations, town):
    page = ConsultationPageFactory(parent=consultations)
    with committed():
        comment = CommentFactory(page=page, text="Posté.")
    assert f"comment:{comment.pk}" in fake_backend.docs
    moderator = UserFactory(is_superuser=True)
    with committed():
        services.hide(comment.pk, moderator, "Hors sujet")
    assert f"comment:{comment.pk}" not in fake_backend.docs
    with committed():
        services.restore(comment.pk, moderator, "Erreur")
    assert f"comment:{comment.pk}" in fake_backend.docs
    project = ProjectPageFactory(parent=ProjectIndexPageFactory(parent=town))
    settings = CommentSettings.objects.create(page=project, enabled=True)
    with committed():
        on_project = CommentFactory(page=project)
    assert f"comment:{on_project.pk}" in fake_backend.docs
    with committed():
        settings.enabled = False
        settings.save()
    assert f"comment:{on_project.pk}" not in fake_backend.docs


def test_an_account_deleted_takes_its_comments_out_of_the_index(fake_backend, consultations):
    page = ConsultationPageFactory(parent=consultations)
    author = UserFactory()
    kept = CommentFactory(page=page, author=author, text="Un avis avec une réponse.")
    CommentFactory(page=page, parent=kept, text="Une réponse d'un autre.")
    alone = CommentFactory(page=page, author=author)
    indexing.update_items("comments", [kept.pk, alone.pk])
    assert {f"comment:{kept.pk}", f"comment:{alone.pk}"} <= set(fake_backend.docs)
    with committed():
        erase_comments(author)
    assert f"comment:{kept.pk}" not in fake_backend.docs  # blanked by update(): no signal, told explicitly
    assert f"comment:{alone.pk}" not in fake_backend.docs  # deleted


def test_a_page_body_keeps_its_text_not_the_labels_of_its_settings(home):
    """A heading's level was indexed as « Titre de section (h2) » and shown in every excerpt."""
    from cms.models import ProjectPage
    from search.pages import page_body

    page = ProjectPage(
        title="Préau",
        summary="Un préau.",
        body=[("heading", {"text": "Calendrier des travaux", "level": "h2"}), ("paragraph", "<p>Été 2027.</p>")],
    )
    body = page_body(page)
    assert "Calendrier des travaux" in body and "Été 2027." in body
    assert "Titre de section" not in body and "h2" not in body
