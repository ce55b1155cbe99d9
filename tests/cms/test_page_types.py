"""Page types: where they can be created, that they route and render, and their rules."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from academie.models import AcademieIndexPage
from barometre.models import BarometreEntryPage, BarometreIndexPage
from cms.models import (
    BudgetIndexPage,
    BudgetYearPage,
    CollectiviteSpace,
    NewsIndexPage,
    NewsPage,
    PlatformHomePage,
    ProjectIndexPage,
    ProjectPage,
)
from cms.models.legal import LEGAL_PAGE_MODELS
from consultations.debates.models import DebateIndexPage
from consultations.doleances.models import CahierDoleancesPage
from consultations.models import ConsultationIndexPage, ConsultationPage
from newsletters.models import NewsletterIssuePage, NewsletterPage
from tests.factories import (
    BudgetIndexPageFactory,
    BudgetLineFactory,
    BudgetYearPageFactory,
    CollectiviteSpaceFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    TerritoryFactory,
)


class PageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = PlatformHomePage.objects.get(locale__language_code="fr")
        cls.space = CollectiviteSpaceFactory(parent=cls.home, title="Ville de Test", slug="ville-de-test")
        cls.news_index = NewsIndexPageFactory(parent=cls.space)
        cls.news = NewsPageFactory(parent=cls.news_index, title="Le marché rouvre")
        cls.budget_index = BudgetIndexPageFactory(parent=cls.space)
        cls.year = BudgetYearPageFactory(parent=cls.budget_index, fiscal_year=2026)
        BudgetLineFactory(page=cls.year, sector="enseignement", amount=Decimal("600000"))
        BudgetLineFactory(page=cls.year, sector="culture", nature="investissement", amount=Decimal("400000"))
        cls.projects = ProjectIndexPageFactory(parent=cls.space)
        cls.project = ProjectPageFactory(parent=cls.projects, title="Piste cyclable", district="Centre")

    def setUp(self):
        self.login()

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(PlatformHomePage, {Page})
        self.assertAllowedSubpageTypes(
            PlatformHomePage,
            {
                CollectiviteSpace,
                ConsultationIndexPage,
                BarometreIndexPage,
                AcademieIndexPage,
                CahierDoleancesPage,
                DebateIndexPage,
                NewsletterPage,
                *LEGAL_PAGE_MODELS,
            },
        )
        self.assertAllowedSubpageTypes(
            CollectiviteSpace,
            {
                NewsIndexPage,
                BudgetIndexPage,
                ProjectIndexPage,
                ConsultationIndexPage,
                DebateIndexPage,
                NewsletterPage,
                *LEGAL_PAGE_MODELS,
            },
        )
        self.assertAllowedSubpageTypes(NewsletterPage, {NewsletterIssuePage})
        self.assertAllowedParentPageTypes(NewsletterIssuePage, {NewsletterPage})
        self.assertAllowedSubpageTypes(ConsultationIndexPage, {ConsultationPage})
        self.assertAllowedParentPageTypes(ConsultationPage, {ConsultationIndexPage, BarometreEntryPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedSubpageTypes(BudgetIndexPage, {BudgetYearPage})
        self.assertAllowedSubpageTypes(ProjectIndexPage, {ProjectPage})
        self.assertCanNotCreateAt(PlatformHomePage, NewsPage)
        self.assertCanNotCreateAt(CollectiviteSpace, CollectiviteSpace)
        self.assertCanNotCreateAt(NewsIndexPage, ProjectPage)

    def test_one_section_of_each_kind_per_space(self):
        self.assertFalse(NewsIndexPage.can_create_at(self.space))
        self.assertFalse(BudgetIndexPage.can_create_at(self.space))
        other_space = CollectiviteSpaceFactory(parent=self.home)
        self.assertTrue(NewsIndexPage.can_create_at(other_space))

    def test_every_page_routes_and_renders(self):
        for page in [
            self.home,
            self.space,
            self.news_index,
            self.news,
            self.budget_index,
            self.year,
            self.projects,
            self.project,
        ]:
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)

    def test_editor_can_create_a_news_page_through_the_admin(self):
        self.assertCanCreate(
            self.news_index,
            NewsPage,
            nested_form_data(
                {
                    "title": "Fête de la musique",
                    "slug": "fete-de-la-musique",
                    "date": "2026-06-21",
                    "summary": "Concerts dans tout le centre-ville.",
                    "theme_tag": "culture",
                    "image_alt": "",
                    "body": streamfield([("paragraph", rich_text("<p>Programme complet à venir.</p>"))]),
                }
            ),
        )
        created = NewsPage.objects.get(slug="fete-de-la-musique")
        self.assertEqual(created.body[0].block_type, "paragraph")
        self.assertTrue(created.live)

    def test_editor_can_create_a_budget_year_with_inline_lines(self):
        self.assertCanCreate(
            self.budget_index,
            BudgetYearPage,
            nested_form_data(
                {
                    "title": "Budget 2027",
                    "slug": "budget-2027",
                    "fiscal_year": 2027,
                    "introduction": "",
                    "lines": inline_formset(
                        [
                            {"sector": "voirie", "label": "Trottoirs", "nature": "investissement", "amount": "250000"},
                            {"sector": "culture", "label": "", "nature": "fonctionnement", "amount": "1000.50"},
                        ]
                    ),
                    "notable_investments": streamfield([]),
                    "body": streamfield([]),
                }
            ),
        )
        page = BudgetYearPage.objects.get(slug="budget-2027")
        self.assertEqual(page.total, Decimal("251000.50"))

    def test_a_second_budget_for_the_same_year_is_refused(self):
        from django.urls import reverse

        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=("cms", "budgetyearpage", self.budget_index.pk)),
            nested_form_data(
                {
                    "title": "Budget 2026 bis",
                    "slug": "budget-2026-bis",
                    "fiscal_year": 2026,
                    "introduction": "",
                    "lines": inline_formset([]),
                    "notable_investments": streamfield([]),
                    "body": streamfield([]),
                }
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Le budget 2026 existe déjà dans cet espace.")
        self.assertEqual(BudgetYearPage.objects.filter(fiscal_year=2026).count(), 1)


class ThemeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        home = PlatformHomePage.objects.get(locale__language_code="fr")
        cls.space = CollectiviteSpaceFactory(parent=home, primary_color="#5b2a86", secondary_color="#005a4e")
        cls.news_index = NewsIndexPageFactory(parent=cls.space)
        cls.news = NewsPageFactory(parent=cls.news_index)
        projects = ProjectIndexPageFactory(parent=cls.space)
        # A project has a `theme` field (its policy theme): it must not hide the space's visual theme.
        cls.project = ProjectPageFactory(parent=projects, theme="culture")

    def test_theme_is_applied_to_every_page_below_the_space(self):
        for page in (self.space, self.news_index, self.news, self.project):
            response = self.client.get(page.url)
            self.assertContains(response, "--color-primary: #5b2a86;")
            self.assertContains(response, "--color-secondary: #005a4e;")
            self.assertContains(response, self.space.title)

    def test_platform_home_keeps_the_default_theme(self):
        response = self.client.get("/")
        self.assertContains(response, "--color-primary: #1d4e89;")
        self.assertNotContains(response, "--color-primary: #5b2a86;")

    def test_low_contrast_colour_is_refused_with_a_clear_message(self):
        self.space.primary_color = "#ffdd00"  # yellow on white: 1.4:1
        with self.assertRaises(ValidationError) as raised:
            self.space.full_clean()
        message = " ".join(raised.exception.message_dict["primary_color"])
        self.assertIn("pas assez contrastée", message)
        self.assertIn("4,5:1", message)

    def test_malformed_colour_is_refused(self):
        self.space.secondary_color = "bleu"
        with self.assertRaises(ValidationError) as raised:
            self.space.full_clean()
        self.assertIn("#RRGGBB", " ".join(raised.exception.message_dict["secondary_color"]))


class NewsListingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        home = PlatformHomePage.objects.get(locale__language_code="fr")
        space = CollectiviteSpaceFactory(parent=home)
        cls.index = NewsIndexPageFactory(parent=space)
        for day in range(1, 13):
            NewsPageFactory(parent=cls.index, title=f"Nouvelle du {day} mars", date=datetime.date(2026, 3, day))

    def test_newest_first_and_paginated(self):
        response = self.client.get(self.index.url)
        news = list(response.context["news_page"])
        self.assertEqual(len(news), NewsIndexPage.per_page)
        self.assertEqual(news[0].title, "Nouvelle du 12 mars")
        self.assertEqual(news[-1].title, "Nouvelle du 4 mars")
        second = self.client.get(self.index.url + "?page=2")
        self.assertEqual(
            [n.title for n in second.context["news_page"]],
            ["Nouvelle du 3 mars", "Nouvelle du 2 mars", "Nouvelle du 1 mars"],
        )
        self.assertContains(second, 'rel="prev"')

    def test_a_bad_page_number_shows_a_page_instead_of_an_error(self):
        response = self.client.get(self.index.url + "?page=abc")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["news_page"].number, 1)

    def test_drafts_are_not_listed(self):
        draft = NewsPageFactory(parent=self.index, title="Brouillon secret", date=datetime.date(2026, 4, 1))
        draft.unpublish()
        response = self.client.get(self.index.url)
        self.assertNotContains(response, "Brouillon secret")


class ProjectTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        home = PlatformHomePage.objects.get(locale__language_code="fr")
        cls.space = CollectiviteSpaceFactory(parent=home)
        cls.index = ProjectIndexPageFactory(parent=cls.space)
        ProjectPageFactory(
            parent=cls.index,
            title="Piste cyclable",
            status="en_cours",
            theme="mobilite",
            district="Centre",
            progress=60,
        )
        ProjectPageFactory(
            parent=cls.index,
            title="École Jules-Ferry",
            status="termine",
            theme="education",
            district="Les Prés",
            progress=100,
        )
        ProjectPageFactory(
            parent=cls.index,
            title="Parc des Vignes",
            status="en_cours",
            theme="environnement",
            district="Les Prés",
            progress=20,
        )

    def titles(self, response):
        return [p.title for p in response.context["projects_page"]]

    def test_filters_by_status_theme_and_district(self):
        self.assertEqual(
            self.titles(self.client.get(self.index.url, {"status": "en_cours"})), ["Piste cyclable", "Parc des Vignes"]
        )
        self.assertEqual(self.titles(self.client.get(self.index.url, {"theme": "education"})), ["École Jules-Ferry"])
        self.assertEqual(
            self.titles(self.client.get(self.index.url, {"district": "Les Prés", "status": "en_cours"})),
            ["Parc des Vignes"],
        )

    def test_unknown_filter_value_says_so_and_shows_everything(self):
        response = self.client.get(self.index.url, {"status": "n-importe-quoi"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ce filtre n'existe pas")
        self.assertContains(response, 'id="id_status_error"')
        self.assertEqual(len(self.titles(response)), 3)

    def test_dashboard_shows_projects_in_progress_only(self):
        response = self.client.get(self.space.url)
        in_progress = [p.title for p in response.context["dashboard"].projects_in_progress]
        self.assertEqual(in_progress, ["Piste cyclable", "Parc des Vignes"])

    def test_validation_rules(self):
        project = ProjectPageFactory.build(
            title="X",
            summary="Y",
            theme="sport",
            status="termine",
            progress=80,
            start_date=datetime.date(2026, 5, 1),
            end_date=datetime.date(2026, 1, 1),
        )
        with self.assertRaises(ValidationError) as raised:
            project.clean()
        self.assertIn("end_date", raised.exception.message_dict)
        self.assertIn("progress", raised.exception.message_dict)

    def test_database_refuses_progress_over_100(self):
        project = ProjectPage.objects.filter(title="Piste cyclable").first()
        with self.assertRaises(IntegrityError), transaction.atomic():
            ProjectPage.objects.filter(pk=project.pk).update(progress=150)


class TerritoryDisplayTests(WagtailPageTestCase):
    def test_home_lists_live_spaces_with_their_territory(self):
        home = PlatformHomePage.objects.get(locale__language_code="fr")
        commune = TerritoryFactory(code="44990", name="Villebrune-sur-Loire", population=18450)
        CollectiviteSpaceFactory(parent=home, title="Ville de Villebrune-sur-Loire", territory=commune)
        hidden = CollectiviteSpaceFactory(parent=home, title="Espace en préparation")
        hidden.unpublish()
        response = self.client.get("/")
        self.assertContains(response, "Ville de Villebrune-sur-Loire")
        self.assertContains(response, "18")
        self.assertNotContains(response, "Espace en préparation")


class TranslatedHomeTests(WagtailPageTestCase):
    def test_english_home_lists_every_space_preferring_its_english_version(self):
        from wagtail.models import Locale

        home = PlatformHomePage.objects.get(locale__language_code="fr")
        english = Locale.objects.get(language_code="en")
        translated = CollectiviteSpaceFactory(parent=home, title="Ville traduite")
        CollectiviteSpaceFactory(parent=home, title="Ville seulement en français")
        english_home = home.copy_for_translation(english)
        english_home.save_revision().publish()
        english_space = translated.copy_for_translation(english)
        english_space.title = "Translated town"
        english_space.save_revision().publish()

        response = self.client.get(english_home.url)
        titles = [space.title for space in response.context["spaces"]]
        self.assertEqual(titles, ["Translated town", "Ville seulement en français"])
        self.assertContains(response, 'lang="fr"')
