"""Page types of the Académie: where they can be created, that they route and render, their rules."""

import pytest

from django.core.exceptions import ValidationError

from wagtail.test.utils import WagtailPageTestCase

from academie.blocks import QuizQuestionBlock
from academie.models import AcademieIndexPage, CaseStudyPage, LessonPage, ParcoursPage
from cms.models import CollectiviteSpace, PlatformHomePage
from tests.factories import (
    AcademieIndexPageFactory,
    CaseStudyPageFactory,
    LessonPageFactory,
    ParcoursPageFactory,
    TerritoryFactory,
)


class AcademiePageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = PlatformHomePage.objects.get(locale__language_code="fr")
        cls.academie = AcademieIndexPageFactory(parent=cls.home)
        cls.parcours = ParcoursPageFactory(parent=cls.academie, slug="parcours")
        cls.lesson = LessonPageFactory(parent=cls.parcours, slug="lecon")
        cls.case_study = CaseStudyPageFactory(parent=cls.academie, slug="cas")

    def test_parent_and_subpage_types(self):
        assert AcademieIndexPage.parent_page_types == ["cms.PlatformHomePage"]
        self.assertAllowedSubpageTypes(AcademieIndexPage, {ParcoursPage, LessonPage, CaseStudyPage})
        self.assertAllowedParentPageTypes(ParcoursPage, {AcademieIndexPage})
        self.assertAllowedSubpageTypes(ParcoursPage, {LessonPage, CaseStudyPage})
        self.assertAllowedParentPageTypes(LessonPage, {AcademieIndexPage, ParcoursPage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertAllowedParentPageTypes(CaseStudyPage, {AcademieIndexPage, ParcoursPage})
        self.assertCanNotCreateAt(CollectiviteSpace, LessonPage)
        self.assertCanNotCreateAt(AcademieIndexPage, AcademieIndexPage)

    def test_one_academie_under_the_home(self):
        self.assertAllowedParentPageTypes(AcademieIndexPage, {PlatformHomePage})
        self.assertFalse(AcademieIndexPage.can_create_at(self.home))  # there is one already
        self.academie.delete()
        self.assertTrue(AcademieIndexPage.can_create_at(PlatformHomePage.objects.get(pk=self.home.pk)))

    def test_pages_route_and_render(self):
        for page in (self.academie, self.parcours, self.lesson, self.case_study):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)

    def test_lesson_fields(self):
        lesson = LessonPage.objects.get(pk=self.lesson.pk)
        assert lesson.parcours.pk == self.parcours.pk
        assert lesson.academie.pk == self.academie.pk
        assert lesson.has_quiz
        assert lesson.audiences == ["citoyens"]
        lesson.for_elected = True
        assert lesson.audiences == ["citoyens", "elus"]


@pytest.mark.django_db
def test_case_study_size_bracket_from_population_or_territory(home):
    academie = AcademieIndexPageFactory(parent=home)
    given = CaseStudyPageFactory(parent=academie, population=3800)
    assert given.size_bracket == "2000_10000"
    territory = TerritoryFactory(kind="commune", code="69123", name="Lyon", population=520000)
    from_territory = CaseStudyPageFactory(parent=academie, population=None, territory=territory)
    assert from_territory.size_bracket == "plus_200000"
    chosen = CaseStudyPageFactory(parent=academie, population=3800, size_bracket="moins_2000")
    assert chosen.size_bracket == "moins_2000"


def test_quiz_question_needs_a_right_answer_and_one_only_for_single_choice():
    block = QuizQuestionBlock()

    def value(kind, *correct):
        return block.to_python(
            {
                "question": "Q ?",
                "kind": kind,
                "choices": [{"text": f"R{n}", "correct": n in correct, "explanation": ""} for n in range(3)],
            }
        )

    with pytest.raises(ValidationError):
        block.clean(value("single"))
    with pytest.raises(ValidationError):
        block.clean(value("single", 0, 1))
    block.clean(value("single", 0))
    block.clean(value("multiple", 0, 1))
