"""Each digest source: what it lists for a space and for the national network, and what it never lists (drafts,
private pages, another space's pages, what is older than `since`)."""

import datetime

import pytest

from django.utils import timezone

from cms.registry import registry
from tests.consultations.doleances.factories import closed_consultation
from tests.factories import (
    AcademieIndexPageFactory,
    BarometreEntryPageFactory,
    BarometreIndexPageFactory,
    CaseStudyPageFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    LessonPageFactory,
    NewsIndexPageFactory,
)

from .conftest import ago, make_private

pytestmark = pytest.mark.django_db


def titles(source, owner, since, limit=10):
    return [item.title for item in registry.digest(source).collect(owner, since, limit)]


def test_every_source_of_the_issue_is_registered():
    assert {"news", "open_consultations", "new_results", "academie", "barometre", "doleances"} <= {
        source.name for source in registry.digests()
    }


def test_news_lists_the_space_own_recent_public_news_newest_first(space, other_space, make_news):
    # Explicit dates: the factory's default date follows a session-wide sequence (past today in a full run).
    make_news(days_ago=2, title="Ancienne", date=datetime.date.today() - datetime.timedelta(days=2))
    make_news(days_ago=1, title="Récente", date=datetime.date.today())
    make_news(days_ago=40, title="Trop vieille")
    make_news(days_ago=1, title="Brouillon", live=False)
    make_private(make_news(days_ago=1, title="Réservée"))
    make_news(days_ago=1, title="D'ailleurs", parent=NewsIndexPageFactory(parent=other_space))

    assert titles("news", space, ago(30)) == ["Récente", "Ancienne"]
    item = registry.digest("news").collect(space, ago(30), 1)[0]
    assert item.url.startswith("http://") and "/actualites/" in item.url


def test_news_behind_the_space_access_code_is_never_listed(space, make_news):
    make_private(space)
    make_news(days_ago=1, title="Derrière le code")
    assert titles("news", space, ago(30)) == []


def test_news_respects_the_limit_in_bounded_queries(space, make_news, django_assert_max_num_queries):
    for index in range(8):
        make_news(days_ago=1, title=f"N{index}")
    with django_assert_max_num_queries(6):
        items = registry.digest("news").collect(space, ago(30), 5)
        [item.url for item in items]
    assert len(items) == 5


def test_national_newsletter_gets_national_consultations_not_a_space_s(home, space):
    national = ConsultationIndexPageFactory(parent=home, slug="consultations-nationales")
    local = ConsultationIndexPageFactory(parent=space)
    ConsultationPageFactory(parent=national, title="Nationale ouverte")
    ConsultationPageFactory(parent=local, title="Locale ouverte")
    ConsultationPageFactory(parent=national, title="Nationale brouillon", live=False)
    ConsultationPageFactory(parent=national, title="Nationale close", opens_at=ago(20), closes_at=ago(2))

    assert titles("open_consultations", home, ago(30)) == ["Nationale ouverte"]
    assert titles("open_consultations", space, ago(30)) == ["Locale ouverte"]


def test_new_results_are_consultations_whose_results_were_frozen_since(space):
    from consultations.models import ResultsSnapshot

    index = ConsultationIndexPageFactory(parent=space)
    recent = closed_consultation(index, title="Résultats récents")
    old = closed_consultation(index, title="Résultats anciens")
    ResultsSnapshot.objects.filter(consultation=old).update(created_at=ago(60))
    private = closed_consultation(index, title="Résultats privés")
    make_private(private)

    items = registry.digest("new_results").collect(space, ago(30), 5)
    assert [item.title for item in items] == ["Résultats récents"]
    assert items[0].url.startswith("http") and items[0].url.endswith(f"/{recent.slug}/resultats/")


def test_academie_lists_lessons_and_case_studies_published_since(home, space):
    academie = AcademieIndexPageFactory(parent=home)
    LessonPageFactory(parent=academie, title="Leçon récente", first_published_at=ago(3))
    CaseStudyPageFactory(parent=academie, title="Cas récent", first_published_at=ago(1))
    LessonPageFactory(parent=academie, title="Leçon ancienne", first_published_at=ago(90))
    LessonPageFactory(parent=academie, title="Leçon brouillon", first_published_at=ago(1), live=False)

    assert titles("academie", space, ago(30)) == ["Cas récent", "Leçon récente"]
    assert titles("academie", home, ago(30)) == ["Cas récent", "Leçon récente"]
    assert titles("academie", home, ago(30), limit=1) == ["Cas récent"]


def test_barometre_lists_new_entries_and_status_changes_since(home, space):
    from barometre.models import BarometreEntryPage, StatusStep

    barometre = BarometreIndexPageFactory(parent=home)
    today = datetime.date.today()

    def entry(title, published_days_ago, step_days_ago, live=True):
        page = BarometreEntryPageFactory.build(title=title, first_published_at=ago(published_days_ago), live=live)
        page.status_steps = [StatusStep(status="adoptee", date=today - datetime.timedelta(days=step_days_ago))]
        barometre.add_child(instance=page)
        return page

    entry("Nouvelle", 2, 200)
    entry("Étape franchie", 300, 5)
    entry("Rien de neuf", 300, 200)
    entry("Brouillon", 2, 2, live=False)
    assert BarometreEntryPage.objects.get(title="Étape franchie").status == "adoptee"

    items = registry.digest("barometre").collect(home, ago(30), 10)
    assert [item.title for item in items] == ["Étape franchie", "Nouvelle"]
    assert "Adoptée" in items[0].meta


def test_doleances_lists_new_entries_of_the_space_only(home, space, other_space):
    from consultations.doleances.models import CahierDoleancesPage

    home.add_child(instance=CahierDoleancesPage(title="Cahier de doléances", slug="cahier"))
    mine = ConsultationIndexPageFactory(parent=space)
    theirs = ConsultationIndexPageFactory(parent=other_space)
    closed_consultation(mine, title="Close chez nous", participants=42)
    closed_consultation(mine, title="Close il y a longtemps", closes_at=timezone.now() - datetime.timedelta(days=90))
    closed_consultation(theirs, title="Close ailleurs")

    items = registry.digest("doleances").collect(space, ago(30), 5)
    assert [item.title for item in items] == ["Close chez nous"]
    assert "42 participants" in items[0].meta
    assert "/cahier/" in items[0].url and items[0].url.startswith("http")
