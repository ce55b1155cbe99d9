"""The library index: lessons, parcours and case studies, filtered by theme, audience, level, format, size, type."""

import pytest

from tests.factories import CaseStudyPageFactory, LessonPageFactory, ParcoursPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(academie):
    parcours = ParcoursPageFactory(
        parent=academie, title="Parcours élus", slug="p", for_citizens=False, for_elected=True
    )
    return {
        "parcours": parcours,
        "video": LessonPageFactory(parent=parcours, title="Vidéo mobilité", slug="v", format="video", theme="mobilite"),
        "guide": LessonPageFactory(
            parent=academie, title="Fiche avancée", slug="f", format="fiche", level="avance", for_agents=True
        ),
        "small": CaseStudyPageFactory(parent=academie, title="Petite commune", slug="c1", population=1500),
        "city": CaseStudyPageFactory(
            parent=academie, title="Grande ville", slug="c2", population=300000, theme="mobilite"
        ),
    }


def titles(client, academie, **params):
    response = client.get(academie.url, params)
    assert response.status_code == 200
    return {item.title for _kind, item in response.context["items_page"]}


def test_everything_without_filters(client, academie, library):
    assert titles(client, academie) == {
        "Parcours élus",
        "Vidéo mobilité",
        "Fiche avancée",
        "Petite commune",
        "Grande ville",
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "mobilite"}, {"Vidéo mobilité", "Grande ville"}),
        ({"audience": "elus"}, {"Parcours élus"}),
        ({"audience": "agents"}, {"Fiche avancée"}),
        ({"level": "avance"}, {"Fiche avancée"}),
        ({"format": "video"}, {"Vidéo mobilité"}),
        ({"size": "moins_2000"}, {"Petite commune"}),
        ({"kind": "cas"}, {"Petite commune", "Grande ville"}),
        ({"kind": "parcours"}, {"Parcours élus"}),
        ({"kind": "lecon", "theme": "mobilite"}, {"Vidéo mobilité"}),
    ],
)
def test_filters(client, academie, library, params, expected):
    assert titles(client, academie, **params) == expected


def test_unknown_filter_value_is_said_and_ignored(client, academie, library):
    response = client.get(academie.url, {"theme": "inconnu", "format": "video"})
    assert "Un filtre n'existe pas" in response.content.decode()
    assert {item.title for _k, item in response.context["items_page"]} == {"Vidéo mobilité"}


def test_pagination_keeps_the_filters(client, academie):
    for number in range(14):
        LessonPageFactory(parent=academie, slug=f"l{number}", format="video")
    response = client.get(academie.url, {"format": "video"})
    assert len(response.context["items_page"]) == 12
    assert "?format=video&amp;page=2" in response.content.decode()
    assert len(client.get(academie.url, {"format": "video", "page": 2}).context["items_page"]) == 2


def test_locked_items_are_listed_with_their_summary_and_marked(client, academie, full_lesson):
    html = client.get(academie.url).content.decode()
    assert full_lesson.title in html and "Réservé" in html
    assert "CONTENU-RESERVE-XYZ" not in html


def test_english_index(client, academie, lesson):
    from wagtail.models import Locale

    english = academie.get_parent().specific.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision().publish()
    english_academie = academie.copy_for_translation(Locale.objects.get(language_code="en"))
    english_academie.save_revision().publish()
    response = client.get(english_academie.url)
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()
