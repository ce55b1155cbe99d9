"""When pages enter and leave the index (search/indexing.py, search/pages.py), and the rebuild command."""

import pytest

from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import TestCase

from wagtail.models import PageViewRestriction

from consultations.comments.models import Comment
from search import indexing
from search.pages import page_items
from tests.consultations.comments.factories import CommentFactory
from tests.factories import (
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    TerritoryFactory,
)
from tests.search.fake_backend import FakeBackend, install

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_backend(monkeypatch):
    return install(monkeypatch)


@pytest.fixture
def commune(db):
    return TerritoryFactory(kind="commune", code="44555", name="Villebrune-Test", population=1000)


@pytest.fixture
def town(home, commune):
    return CollectiviteSpaceFactory(parent=home, title="Ville de Recherche", slug="ville-recherche", territory=commune)


@pytest.fixture
def projects(town):
    return ProjectIndexPageFactory(parent=town)


def rebuilt(backend):
    backend.rebuild(indexing.all_batches(size=3))
    return backend.docs


def committed():
    """Run what the commit of the block would start. The test's own transaction never commits: what the setup
    noted (factories' signals) is dropped here, as a real commit would have flushed it before."""
    indexing._pending.__init__()
    return TestCase.captureOnCommitCallbacks(execute=True)


def publish(page):
    page.save_revision().publish()


def test_a_published_project_is_indexed_with_its_text_and_place(fake_backend, projects, commune, town):
    project = ProjectPageFactory(
        parent=projects,
        title="Rénovation de l'école",
        summary="Isolation et <b>cantine</b> agrandie.",
        search_description="Les travaux de l'été",
        theme="education",
        live=False,
    )
    assert f"page:{project.pk}" not in rebuilt(FakeBackend())  # a draft is never indexed
    with committed():
        publish(project)
    item = fake_backend.docs[f"page:{project.pk}"]
    assert item.kind == "cms.projectpage"
    assert item.title == "Rénovation de l'école"
    assert item.url == project.get_url_parts()[2] and item.url.endswith("/renovation-de-lecole/")
    assert item.language == "fr"
    assert (item.territory_code, item.territory_name, item.space_id) == ("44555", "Villebrune-Test", town.pk)
    assert item.theme == "education"
    assert item.date is not None
    assert "Isolation et cantine agrandie." in item.body and "<b>" not in item.body
    assert "Les travaux de l'été" in item.body
    assert "Rénovation" not in item.body  # the title is the title, not repeated in the body
    assert item.page_id == project.pk


def test_never_indexed_drafts_private_pages_and_aliases(fake_backend, projects, town, home):
    public = ProjectPageFactory(parent=projects, title="Public")
    draft = ProjectPageFactory(parent=projects, title="Brouillon", live=False)
    ProjectPageFactory(parent=projects, title="Dépublié").unpublish()
    reserved_index = ProjectIndexPageFactory(parent=town, title="Réservé", slug="reserve")
    reserved = ProjectPageFactory(parent=reserved_index, title="Sous code d'accès")
    PageViewRestriction.objects.create(page=reserved_index, restriction_type=PageViewRestriction.PASSWORD, password="1")
    members = ProjectPageFactory(parent=projects, title="Membres")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    alias = public.create_alias(parent=reserved_index.get_parent(), update_slug="alias-du-public")
    docs = rebuilt(fake_backend)
    titles = {item.title for item in docs.values()}
    assert "Public" in titles
    assert not {"Brouillon", "Dépublié", "Sous code d'accès", "Réservé", "Membres"} & titles
    assert f"page:{alias.pk}" not in docs and f"page:{draft.pk}" not in docs and f"page:{reserved.pk}" not in docs
    assert "page:1" not in docs  # Wagtail's root
    assert f"page:{home.pk}" in docs  # the platform home is a page of the site
    assert all(item.url.startswith("/") for item in docs.values())


def test_unpublishing_takes_the_page_and_its_comments_out(fake_backend, town):
    consultations = ConsultationIndexPageFactory(parent=town)
    consultation = ConsultationPageFactory(parent=consultations, title="Le parc")
    comment = CommentFactory(page=consultation, text="La cantine de l'école est trop petite.")
    rebuilt(fake_backend)
    assert {f"page:{consultation.pk}", f"comment:{comment.pk}"} <= set(fake_backend.docs)
    with committed():
        consultation.unpublish()
    assert f"page:{consultation.pk}" not in fake_backend.docs
    assert f"page:{consultations.pk}" in fake_backend.docs
    assert f"comment:{comment.pk}" not in fake_backend.docs


def test_a_moved_page_gets_its_new_address(fake_backend, town, projects):
    project = ProjectPageFactory(parent=projects, title="Déménagé", slug="demenage")
    other = ProjectIndexPageFactory(parent=town, title="Autres projets", slug="autres-projets")
    rebuilt(fake_backend)
    assert "/projets/demenage/" in fake_backend.docs[f"page:{project.pk}"].url
    with committed():
        project.move(other, pos="last-child")
    assert "/autres-projets/demenage/" in fake_backend.docs[f"page:{project.pk}"].url


def test_a_restriction_takes_the_page_and_its_descendants_out_and_lifting_it_brings_them_back(fake_backend, projects):
    project = ProjectPageFactory(parent=projects, title="Sous l'index")
    comment = CommentFactory(page=project, text="Un avis.")
    rebuilt(fake_backend)
    with committed():
        restriction = PageViewRestriction.objects.create(page=projects, restriction_type=PageViewRestriction.LOGIN)
    assert f"page:{projects.pk}" not in fake_backend.docs and f"page:{project.pk}" not in fake_backend.docs
    assert f"comment:{comment.pk}" not in fake_backend.docs
    with committed():
        restriction.delete()
    assert f"page:{project.pk}" in fake_backend.docs


def test_deleting_a_page_removes_it_its_descendants_and_their_comments(fake_backend, town):
    consultations = ConsultationIndexPageFactory(parent=town)
    consultation = ConsultationPageFactory(parent=consultations)
    comment = CommentFactory(page=consultation)
    rebuilt(fake_backend)
    assert f"comment:{comment.pk}" in fake_backend.docs
    with committed():
        consultations.delete()
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert not {f"page:{consultations.pk}", f"page:{consultation.pk}", f"comment:{comment.pk}"} & set(fake_backend.docs)


def test_a_space_given_another_territory_files_its_pages_and_comments_under_it(fake_backend, town, projects):
    project = ProjectPageFactory(parent=projects)
    consultations = ConsultationIndexPageFactory(parent=town)
    consultation = ConsultationPageFactory(parent=consultations)
    comment = CommentFactory(page=consultation)
    rebuilt(fake_backend)
    other = TerritoryFactory(kind="commune", code="44777", name="Autre-Commune")
    with committed():
        town.territory = other
        town.save()
    for key in (f"page:{project.pk}", f"page:{consultation.pk}", f"comment:{comment.pk}"):
        assert fake_backend.docs[key].territory_code == "44777", key


def test_one_task_per_commit_whatever_the_number_of_signals(monkeypatch, fake_backend, projects):
    sent = []
    monkeypatch.setattr("cms.queue.enqueue", lambda task, *args, **kwargs: sent.append((task, *args)))
    first = ProjectPageFactory(parent=projects, live=False)
    second = ProjectPageFactory(parent=projects, live=False)
    from cms.registry import registry

    with committed(), transaction.atomic():
        publish(first)
        publish(second)
        publish(first)
        registry.search_changed("comments", [11, 12])
        registry.search_changed("comments", [12, 13])
    assert sent == [
        ("search.update_pages", sorted([first.pk, second.pk])),
        ("search.update_items", "comments", [11, 12, 13]),
    ]
    assert fake_backend.calls == []  # nothing read nor written before the commit


def test_a_change_rolled_back_queues_nothing(monkeypatch, fake_backend, projects):
    sent = []
    monkeypatch.setattr("cms.queue.enqueue", lambda task, *args, **kwargs: sent.append((task, *args)))
    page = ProjectPageFactory(parent=projects, live=False)
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        publish(page)
        raise RuntimeError
    assert sent == []
    page = type(page).objects.get(pk=page.pk)
    with committed():
        publish(page)  # the next change is queued as usual
    assert sent == [("search.update_pages", [page.pk])]


def test_a_failing_backend_does_not_break_the_publication(monkeypatch, projects, caplog):
    class Down(FakeBackend):
        def index(self, items):
            raise ConnectionError("refused")

    monkeypatch.setattr("search.backends.get_backend", lambda: Down())
    page = ProjectPageFactory(parent=projects, live=False)
    with committed():
        publish(page)
    page.refresh_from_db()
    assert page.live
    assert "could not be updated" in caplog.text


def test_page_items_reads_a_batch_in_few_queries(django_assert_max_num_queries, projects):
    pages = [ProjectPageFactory(parent=projects) for _ in range(12)]
    with django_assert_max_num_queries(20):
        items = page_items([page.pk for page in pages])
    assert len(items) == 12


# -- the rebuild command ---------------------------------------------------------------------------------------------
def test_rebuild_command_counts_and_reports(fake_backend, projects, capsys):
    ProjectPageFactory(parent=projects, title="Un")
    ProjectPageFactory(parent=projects, title="Deux", live=False)
    consultations = ConsultationIndexPageFactory(parent=projects.get_parent())
    CommentFactory(page=ConsultationPageFactory(parent=consultations))
    call_command("rebuild_search_index", "--batch-size", "2")
    out, err = capsys.readouterr()
    expected = len(fake_backend.docs)
    assert f"{expected} items indexed (fake)" in out
    assert "Index (fake)" in err and "items" in err  # the progress bar, on stderr
    titles = {item.title for item in fake_backend.docs.values()}
    assert "Un" in titles and "Deux" not in titles
    assert any(key.startswith("comment:") for key in fake_backend.docs)
    assert fake_backend.calls[-1][0] == "rebuild"


def test_rebuild_command_without_progress(fake_backend, projects, capsys):
    ProjectPageFactory(parent=projects)
    call_command("rebuild_search_index", "--no-progress")
    out, err = capsys.readouterr()
    assert "items indexed" in out and err == ""


def test_rebuild_command_fails_clearly_when_the_backend_is_unreachable(monkeypatch, projects):
    class Down(FakeBackend):
        def rebuild(self, batches, progress=None):
            raise ConnectionError("Connection refused")

    monkeypatch.setattr("search.backends.get_backend", lambda: Down())
    with pytest.raises(CommandError, match="could not be rebuilt.*Connection refused"):
        call_command("rebuild_search_index", "--no-progress")


def test_rebuild_command_exit_code(monkeypatch, projects):
    class Down(FakeBackend):
        def rebuild(self, batches, progress=None):
            raise ConnectionError("Connection refused")

    monkeypatch.setattr("search.backends.get_backend", lambda: Down())
    with pytest.raises(SystemExit) as exit_info:
        from django.core.management import ManagementUtility

        ManagementUtility(["manage.py", "rebuild_search_index", "--no-progress"]).execute()
    assert exit_info.value.code == 1
