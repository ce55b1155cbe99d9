"""The demo Académie: two parcours of four lessons, three case studies, quizzes, English translations; idempotent."""

from types import SimpleNamespace

import pytest

from django.contrib.auth import get_user_model

from wagtail.models import Locale

from academie.demo import ensure_demo_academie
from academie.models import AcademieIndexPage, CaseStudyPage, LessonPage, ParcoursPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def loader(home):
    french, english = Locale.objects.get(language_code="fr"), Locale.objects.get(language_code="en")
    english_home = home.copy_for_translation(english)
    english_home.save_revision().publish()
    admin = get_user_model().objects.create_superuser("admin-demo", "admin@example.org", "x")

    def publish(page):
        page.save_revision(user=admin).publish(user=admin)

    return SimpleNamespace(home=home, french_locale=french, english_locale=english, admin=admin, publish=publish)


def test_demo_academie_is_believable_and_idempotent(loader, client):
    created = ensure_demo_academie(loader)
    assert len(created) == 1 + 2 + 8 + 3
    french = Locale.objects.get(language_code="fr")
    parcours = ParcoursPage.objects.filter(locale=french)
    assert parcours.count() == 2
    assert all(len(p.get_lessons()) == 4 for p in parcours)
    lessons = LessonPage.objects.filter(locale=french)
    assert lessons.filter(library="full").exists() and lessons.filter(library="basic").exists()
    assert sum(1 for lesson in lessons if lesson.has_quiz) >= 3
    assert CaseStudyPage.objects.filter(locale=french).count() == 3
    english_lessons = LessonPage.objects.filter(locale__language_code="en")
    assert english_lessons.count() == 2
    english = english_lessons.get(slug="qu-est-ce-que-la-democratie-participative")
    assert english.title == "What is participatory democracy?"
    assert "Who takes the final decision" in str(english.body.raw_data)
    assert client.get(english.url).status_code == 200

    counts = [model.objects.count() for model in (AcademieIndexPage, ParcoursPage, LessonPage, CaseStudyPage)]
    assert ensure_demo_academie(loader) == []
    assert [model.objects.count() for model in (AcademieIndexPage, ParcoursPage, LessonPage, CaseStudyPage)] == counts
