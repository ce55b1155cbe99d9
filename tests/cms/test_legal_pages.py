"""The legal pages: where they are created, the fallback from a space to the platform, the footer of every page kind,
the accessibility state in it, the privacy policy naming the controller, and the sign-up form's link."""

import pytest

from wagtail.test.utils import WagtailPageTestCase

from cms.models import CollectiviteSpace, LegalNoticePage, LegalPages, PlatformHomePage
from cms.models.legal import LEGAL_PAGE_MODELS
from tests.factories import (
    CitizenFactory,
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    LegalNoticePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    UserFactory,
    legal_pages,
)


class LegalPageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = PlatformHomePage.objects.get(locale__language_code="fr")
        cls.space = CollectiviteSpaceFactory(parent=cls.home, title="Ville de Test", slug="ville-de-test")
        cls.platform = legal_pages(cls.home)

    def setUp(self):
        # Logged in without `authenticate()`: django-axes's backend refuses a login without a request
        # (`WagtailPageTestCase.login()` calls `client.login()`).
        self.client.force_login(UserFactory(is_superuser=True, is_staff=True))

    def test_under_the_platform_home_and_under_a_space_only(self):
        for model in LEGAL_PAGE_MODELS:
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, {PlatformHomePage, CollectiviteSpace})
                self.assertAllowedSubpageTypes(model, set())
                self.assertCanCreateAt(CollectiviteSpace, model)
                self.assertCanNotCreateAt(model, NewsIndexPageFactory._meta.model)

    def test_one_of_each_kind_per_parent(self):
        for model in LEGAL_PAGE_MODELS:
            with self.subTest(model=model.__name__):
                self.assertFalse(model.can_create_at(self.home))
                self.assertTrue(model.can_create_at(self.space))

    def test_every_legal_page_routes_and_renders(self):
        for page in self.platform.values():
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)

    def test_a_space_editor_creates_its_mentions_legales_in_the_admin(self):
        from wagtail.test.utils.form_data import nested_form_data, rich_text

        self.assertCanCreate(
            self.space,
            LegalNoticePage,
            nested_form_data(
                {
                    "title": "Mentions légales",
                    "slug": "mentions-legales",
                    "publisher": "Mairie de Test, 1 place de la Mairie",
                    "publication_director": "Le maire",
                    "host": "AimPact",
                    "updated_on": "2026-12-01",
                    "body": rich_text("<p>Crédits photos : la mairie.</p>"),
                }
            ),
        )


# -- the fallback ---------------------------------------------------------------------------------------------------


@pytest.fixture
def platform(home):
    return legal_pages(home)


def test_a_space_without_its_own_pages_uses_the_platform_ones(space, platform, rf):
    found = LegalPages.find(space)
    assert {kind: page.pk for kind, page in found.pages.items()} == {kind: page.pk for kind, page in platform.items()}
    # Read for the space, at an address of the space: its theme, its name as the controller.
    assert found.link("privacy").url == f"{platform['privacy'].url}ville-de-test/"


def test_a_space_page_overrides_the_platform_one_of_its_kind_only(space, platform):
    own = LegalNoticePageFactory(parent=space, publisher="Mairie de Test")
    found = LegalPages.find(space)
    assert found.page("notice").pk == own.pk
    assert found.link("notice").url == own.url
    assert found.page("privacy").pk == platform["privacy"].pk


def test_a_draft_override_does_not_replace_the_platform_page(space, platform):
    LegalNoticePageFactory(parent=space, live=False)
    assert LegalPages.find(space).page("notice").pk == platform["notice"].pk


def test_another_space_keeps_the_platform_pages(home, space, platform):
    LegalNoticePageFactory(parent=space)
    other = CollectiviteSpaceFactory(parent=home, title="Autre ville", slug="autre-ville")
    assert LegalPages.find(other).page("notice").pk == platform["notice"].pk


def test_the_platform_page_read_for_a_space_shows_the_space(client, space, platform):
    response = client.get(f"{platform['privacy'].url}ville-de-test/")
    assert response.status_code == 200
    assert response.context["space"].pk == space.pk
    html = response.content.decode()
    assert "Ville de Test" in html
    # The controller is the collectivité; the platform's DPO forwards requests.
    assert "sous la responsabilité de Ville de Test" in html
    assert "dpo@aimpact.example" in html


def test_the_platform_page_read_for_a_space_with_its_own_redirects_to_it(client, space, platform):
    own = LegalNoticePageFactory(parent=space)
    response = client.get(f"{platform['notice'].url}ville-de-test/")
    assert response.status_code == 302
    assert response["Location"] == own.url


def test_the_platform_page_for_an_unknown_space_is_not_found(client, platform):
    assert client.get(f"{platform['notice'].url}nulle-part/").status_code == 404


def test_a_space_page_has_no_address_for_other_spaces(client, home, space, platform):
    own = LegalNoticePageFactory(parent=space)
    CollectiviteSpaceFactory(parent=home, title="Autre ville", slug="autre-ville")
    assert client.get(f"{own.url}autre-ville/").status_code == 404


# -- the privacy policy -----------------------------------------------------------------------------------------------


def test_the_privacy_policy_names_the_space_controller_and_its_dpo(client, space, platform):
    legal_pages_of_space = {
        "contact": {
            "organisation": "Mairie de Test",
            "email": "mairie@test.example",
            "dpo_email": "dpo@test.example",
        }
    }
    from tests.factories import ContactPageFactory

    ContactPageFactory(parent=space, **legal_pages_of_space["contact"])
    html = client.get(f"{platform['privacy'].url}ville-de-test/").content.decode()
    assert "sous la responsabilité de Mairie de Test" in html
    assert "dpo@test.example" in html
    assert "dpo@aimpact.example" not in html


def test_the_privacy_policy_says_what_a_secret_ballot_keeps(client, platform, settings):
    settings.CONSULTATIONS_BALLOT_BATCH = 25
    html = client.get(platform["privacy"].url).content.decode()
    assert "Le vote secret : ce qui est gardé, et ce qui ne l'est pas" in html
    assert "la clé qui l'ouvre n'est pas dans la base de données" in html
    assert "par lots d'au moins 25" in html
    assert "aucun lien entre vous et vos réponses" in html


# -- the footer of every page ------------------------------------------------------------------------------------------


def footer(response):
    html = response.content.decode()
    return html[html.index('<footer class="site-footer"') :]


@pytest.fixture
def every_page_kind(home, space, platform):
    news_index = NewsIndexPageFactory(parent=space)
    consultations = ConsultationIndexPageFactory(parent=space)
    return {
        "platform home": home.url,
        "space": space.url,
        "news index": news_index.url,
        "news": NewsPageFactory(parent=news_index).url,
        "consultation": ConsultationPageFactory(parent=consultations).url,
        "legal page": platform["contact"].url,
        "login": "/comptes/login/",
        "sign-up": "/comptes/signup/",
        "page not found": "/nulle-part/",
    }


def test_every_page_kind_links_the_four_legal_pages_in_its_footer(client, every_page_kind, platform):
    for kind, url in every_page_kind.items():
        html = footer(client.get(url))
        for legal_kind, page in platform.items():
            assert f'href="{page.url}' in html, (kind, legal_kind)
        assert "Accessibilité : partiellement conforme" in html, kind


def test_a_space_page_footer_links_the_space_addresses(client, space, platform):
    news_index = NewsIndexPageFactory(parent=space)
    own = LegalNoticePageFactory(parent=space, title="Mentions légales de la ville")
    html = footer(client.get(news_index.url))
    assert f'href="{own.url}"' in html
    assert f'href="{platform["privacy"].url}ville-de-test/"' in html
    assert f'href="{platform["notice"].url}"' not in html


def test_the_footer_says_the_space_own_accessibility_state(client, space, platform):
    from tests.factories import AccessibilityStatementPageFactory

    AccessibilityStatementPageFactory(parent=space, compliance="totale", compliance_rate=100)
    assert "Accessibilité : totalement conforme" in footer(client.get(space.url))
    assert "Accessibilité : partiellement conforme" in footer(client.get(PlatformHomePage.objects.first().url))


def test_without_any_declaration_the_footer_says_not_compliant(client, home):
    assert "Accessibilité : non conforme" in footer(client.get(home.url))


def test_the_footer_is_in_english_on_english_pages(client, platform):
    html = footer(client.get("/en/comptes/login/"))
    assert "Accessibility: partially compliant" in html


# -- the sign-up form and the profile ----------------------------------------------------------------------------------


def test_the_sign_up_form_links_the_privacy_policy_where_age_and_gender_are_asked(client, platform):
    html = client.get("/comptes/signup/").content.decode()
    statistics = html[html.index("Pour les statistiques (facultatif)") : html.index('name="gender"')]
    assert f'href="{platform["privacy"].url}"' in statistics


def test_the_profile_links_the_privacy_policy(client, platform):
    client.force_login(CitizenFactory())
    assert f'href="{platform["privacy"].url}"' in client.get("/comptes/profil/").content.decode()


def test_legal_pages_are_found_in_a_few_queries(space, platform, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        pages = LegalPages.find(space)
    assert len(pages.pages) == 4


def test_the_lookup_is_kept_for_the_request(space, platform, rf, django_assert_num_queries):
    request = rf.get("/")
    LegalPages.find(space, request=request)
    with django_assert_num_queries(0):
        LegalPages.find(space, request=request)
