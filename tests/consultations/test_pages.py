"""Consultation page types: where they are created, that they route and render, and what the index lists."""

import datetime

from django.utils import timezone

from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data

from barometre.models import BarometreEntryPage
from cms.models import CollectiviteSpace, NewsIndexPage, PlatformHomePage
from consultations.models import ConsultationIndexPage, ConsultationPage
from consultations.voting import record_ballots
from tests.consultations.admin_data import consultation_form_data
from tests.factories import (
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    NewsIndexPageFactory,
    TerritoryFactory,
    full_answers,
)


class ConsultationPageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = PlatformHomePage.objects.get(locale__language_code="fr")
        cls.commune = TerritoryFactory(kind="commune", code="44999", name="Villetest", population=1000)
        cls.space = CollectiviteSpaceFactory(
            parent=cls.home, title="Ville de Test", slug="ville-de-test", territory=cls.commune
        )
        cls.index = ConsultationIndexPageFactory(parent=cls.space, introduction="Votre avis compte.")
        now = timezone.now()
        cls.open = ConsultationPageFactory(parent=cls.index, title="Le nouveau parc", slug="nouveau-parc")
        cls.upcoming = ConsultationPageFactory(
            parent=cls.index,
            title="Le marché couvert",
            slug="marche",
            opens_at=now + datetime.timedelta(days=5),
            closes_at=now + datetime.timedelta(days=20),
        )
        cls.closed = ConsultationPageFactory(
            parent=cls.index,
            title="Les horaires de la piscine",
            slug="piscine",
            opens_at=now - datetime.timedelta(days=20),
            closes_at=now - datetime.timedelta(days=5),
        )

    def setUp(self):
        self.login()

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(ConsultationIndexPage, {CollectiviteSpace, PlatformHomePage})
        self.assertAllowedSubpageTypes(ConsultationIndexPage, {ConsultationPage})
        self.assertAllowedParentPageTypes(ConsultationPage, {ConsultationIndexPage, BarometreEntryPage})
        self.assertAllowedSubpageTypes(ConsultationPage, set())
        self.assertCanCreateAt(CollectiviteSpace, ConsultationIndexPage)
        self.assertCanCreateAt(PlatformHomePage, ConsultationIndexPage)
        self.assertCanNotCreateAt(CollectiviteSpace, ConsultationPage)
        self.assertCanNotCreateAt(PlatformHomePage, ConsultationPage)
        self.assertCanNotCreateAt(NewsIndexPage, ConsultationPage)

    def test_one_index_per_space(self):
        self.assertFalse(ConsultationIndexPage.can_create_at(self.space))
        self.assertTrue(ConsultationIndexPage.can_create_at(CollectiviteSpaceFactory(parent=self.home)))
        NewsIndexPageFactory(parent=self.space)
        self.assertFalse(ConsultationPage.can_create_at(self.space))

    def test_an_index_is_created_under_a_space_and_under_the_platform_home(self):
        other_space = CollectiviteSpaceFactory(parent=self.home, slug="autre-ville")
        data = {"title": "Consultations", "slug": "consultations", "introduction": "Donnez votre avis."}
        self.assertCanCreate(other_space, ConsultationIndexPage, nested_form_data(dict(data)))
        self.assertCanCreate(self.home, ConsultationIndexPage, nested_form_data(dict(data)))
        self.assertEqual(ConsultationIndexPage.objects.child_of(self.home).get().introduction, "Donnez votre avis.")

    def test_a_consultation_is_created_from_a_template(self):
        self.assertCanCreate(
            self.index,
            ConsultationPage,
            consultation_form_data(
                survey=[],
                publish=False,
                title="Le budget 2027",
                slug="budget-2027",
                start_from_template="priorites_budget",
            ),
        )
        page = ConsultationPage.objects.get(slug="budget-2027")
        self.assertTrue(page.live)
        self.assertEqual([q.type for q in page.get_survey()], ["ranking", "number", "long_text"])

    def test_a_residents_consultation_defaults_to_the_spaces_territory(self):
        self.assertCanCreate(
            self.index,
            ConsultationPage,
            consultation_form_data(
                survey=[], publish=False, slug="habitants", eligibility="residents", start_from_template="avis_projet"
            ),
        )
        page = ConsultationPage.objects.get(slug="habitants")
        self.assertIsNone(page.territory)
        self.assertEqual(page.effective_territory, self.commune)

    def test_a_residents_consultation_needs_a_territory_outside_a_space(self):
        national = ConsultationIndexPageFactory(parent=self.home)
        response = self.client.post(
            f"/admin/pages/add/consultations/consultationpage/{national.pk}/",
            consultation_form_data(
                survey=[], slug="nationale", eligibility="residents", start_from_template="avis_projet"
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("territory", response.context["form"].errors)
        self.assertFalse(ConsultationPage.objects.filter(slug="nationale").exists())

    def test_every_page_and_subpage_routes_and_renders(self):
        for page in (self.index, self.open, self.upcoming, self.closed):
            with self.subTest(page=page.slug):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)
        for route in ("resultats/", "resultats/csv/"):
            with self.subTest(route=route):
                self.assertPageIsRoutable(self.open, route)
                self.assertPageIsRenderable(self.open, route)
        invitation = ConsultationPageFactory(parent=self.index, slug="sur-invitation", eligibility="invitation")
        by_email = ConsultationPageFactory(parent=self.index, slug="par-courriel", eligibility="email")
        for page, route in ((invitation, "code/"), (by_email, "confirmer-email/")):
            with self.subTest(route=route):
                self.assertPageIsRoutable(page, route)
                self.assertPageIsRenderable(page, route)
                # Only where the eligibility rule uses them.
                self.assertPageIsRenderable(self.open, route, accept_404=True)
                self.assertEqual(self.client.get(self.open.url + route).status_code, 404)

    def test_urls(self):
        self.assertEqual(self.open.url, "/ville-de-test/consultations/nouveau-parc/")
        self.assertEqual(self.open.results_url(), "/ville-de-test/consultations/nouveau-parc/resultats/")
        self.assertEqual(self.client.get(self.open.url + "resultats/").status_code, 200)
        self.assertEqual(self.client.get(self.open.url + "inconnu/").status_code, 404)

    def test_the_index_lists_open_upcoming_and_closed_consultations(self):
        response = self.client.get(self.index.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual([p.slug for p in response.context["open_consultations"]], ["nouveau-parc"])
        self.assertEqual([p.slug for p in response.context["upcoming_consultations"]], ["marche"])
        self.assertEqual([p.slug for p in response.context["closed_consultations"]], ["piscine"])
        self.assertContains(response, "Votre avis compte.")
        self.assertContains(response, 'href="/ville-de-test/consultations/nouveau-parc/"')

    def test_the_consultation_page_shows_its_modalities(self):
        response = self.client.get(self.open.url)
        self.assertContains(response, "Le nouveau parc")
        self.assertContains(response, "Toute personne ayant un compte")
        self.assertContains(response, "Vote secret")
        self.assertContains(response, "En direct, pendant la consultation")
        self.assertContains(response, "/ville-de-test/consultations/nouveau-parc/resultats/")

    def test_status(self):
        self.assertEqual([self.open.status, self.upcoming.status, self.closed.status], ["open", "upcoming", "closed"])
        self.assertEqual(sorted(ConsultationPage.objects.open_at().values_list("slug", flat=True)), ["nouveau-parc"])
        self.assertEqual(sorted(ConsultationPage.objects.closed_at().values_list("slug", flat=True)), ["piscine"])
        self.assertEqual(sorted(ConsultationPage.objects.upcoming_at().values_list("slug", flat=True)), ["marche"])

    def test_translations_share_the_ballot_box(self):
        english = self.open.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
        english.save_revision().publish()
        english = ConsultationPage.objects.get(pk=english.pk)
        self.assertEqual(english.ballot_box.pk, self.open.pk)
        self.assertEqual(ConsultationPage.objects.get(pk=self.open.pk).ballot_box.pk, self.open.pk)
        record_ballots(english.ballot_box.pk, [("anglophone", english.get_survey().validate(full_answers()), {})])
        self.assertTrue(self.open.has_ballots())
        self.assertEqual(english.participants_count(), 1)
        self.assertEqual(english.get_survey().structure(), self.open.get_survey().structure())
        self.assertEqual(english.url, "/en/ville-de-test/consultations/nouveau-parc/")
        response = self.client.get(english.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["page"].pk, english.pk)
