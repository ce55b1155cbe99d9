"""`manage.py load_demo`: the demo content, its English translations, its accounts, and a second run that changes
nothing.

Loading the demo takes a few seconds, so one test loads it and checks everything about it; the
credentials file has fast tests of its own.
"""

import io
from decimal import Decimal

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Revision
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from cms.demo.accounts import ADMIN, CredentialStore, ensure_account
from cms.demo.translations import translate_page
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
from tests.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def credentials_file(tmp_path):
    return tmp_path / "var" / "demo-credentials.txt"


def load_demo(credentials_file):
    stdout = io.StringIO()
    call_command("load_demo", credentials_file=str(credentials_file), stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def snapshot():
    """What a second run must not change."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "users": get_user_model().objects.count(),
        "groups": Group.objects.count(),
        "memberships": get_user_model().groups.through.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "translations": Translation.objects.count(),
        "string_translations": StringTranslation.objects.count(),
        "redirects": Redirect.objects.count(),
        "live_pages": list(Page.objects.live().order_by("pk").values_list("pk", "title", "latest_revision_id")),
    }


def french(model):
    return model.objects.filter(locale__language_code="fr")


def english(model):
    return model.objects.filter(locale__language_code="en")


def check_villebrune():
    space = french(CollectiviteSpace).get(slug="villebrune-sur-loire")
    assert space.title == "Ville de Villebrune-sur-Loire"
    assert space.live
    assert space.package == "premium"
    assert (space.territory.kind, space.territory.code, space.territory.population) == ("commune", "44990", 18450)
    assert space.access_code == "VILLEBRUNE2026"
    assert space.logo is not None
    assert "Hélène Marchand" in space.introduction
    space.full_clean()  # theme colours pass the contrast validators

    news = NewsPage.objects.child_of(french(NewsIndexPage).child_of(space).get()).live()
    assert news.count() == 12
    dates = sorted(news.values_list("date", flat=True))
    assert (dates[-1] - dates[0]).days >= 90  # spread over about four months
    assert news.exclude(image=None).count() >= 6
    assert not news.exclude(image=None).filter(image_alt="").exists()
    block_types = {block.block_type for page in news for block in page.body}
    assert {"heading", "paragraph", "quote", "image", "call_to_action", "chart"} <= block_types

    reserved = news.get(slug="compte-rendu-reunion-quartier-des-coteaux")
    restriction = PageViewRestriction.objects.get(page=reserved)
    assert restriction.restriction_type == PageViewRestriction.PASSWORD
    assert restriction.password == space.access_code
    assert reserved not in NewsPage.objects.public()

    budgets = {page.fiscal_year: page for page in BudgetYearPage.objects.child_of(french(BudgetIndexPage).get())}
    assert sorted(budgets) == [2025, 2026]
    for page in budgets.values():
        assert 10 <= len(page.line_list) <= 14
        assert {line.nature for line in page.line_list} == {"fonctionnement", "investissement"}
        assert len(page.notable_investments) >= 3
    assert Decimal("20000000") <= budgets[2026].total <= Decimal("35000000")
    education = {
        year: sum(
            line.amount for line in page.line_list if (line.sector, line.nature) == ("enseignement", "investissement")
        )
        for year, page in budgets.items()
    }
    assert education[2026] > 3 * education[2025]  # the year of the school renovation
    linked = [block.value["project"] for block in budgets[2026].notable_investments if block.value["project"]]
    assert linked and all(isinstance(page.specific, ProjectPage) for page in linked)

    projects = ProjectPage.objects.child_of(french(ProjectIndexPage).child_of(space).get())
    # The search's demo adds a draft (« Nouvelle école maternelle… »), never published: the site shows eight.
    assert projects.not_live().count() == 1 and projects.not_live().get().first_published_at is None
    projects = projects.live()
    assert projects.count() == 8
    assert set(projects.values_list("status", flat=True)) == {"etude", "planifie", "en_cours", "termine", "suspendu"}
    assert projects.filter(status="en_cours").count() in (3, 4)
    assert 3 <= len(projects.districts_list()) <= 4
    for project in projects:
        project.full_clean()  # end date after start, a finished project at 100 %, alt text with the image
        assert project.budget and project.summary and project.expected_impact and project.location
    assert projects.get(status="termine").progress == 100


def check_second_space():
    space = french(CollectiviteSpace).get(slug="loire-et-vignoble")
    assert space.package == "essentiel"
    assert (space.territory.kind, space.territory.code) == ("epci", "200099990")
    assert NewsPage.objects.descendant_of(space).count() == 2
    assert ProjectPage.objects.descendant_of(space).count() == 1
    home = french(PlatformHomePage).get()
    assert [page.slug for page in home.get_spaces()] == ["loire-et-vignoble", "villebrune-sur-loire"]
    assert home.body and "réseau social citoyen" in home.introduction


def check_translations():
    news = english(NewsPage).live()
    assert news.count() >= 3
    page = news.get(title="Jules-Verne school: the works enter their second phase")
    assert page.slug == "jules-verne-school-second-phase"
    assert "geothermal" in str(page.body)
    source_page = page.get_translation(french(NewsPage).first().locale)
    source = TranslationSource.objects.get_for_instance(source_page)
    translation = Translation.objects.get(source=source, target_locale=page.locale)
    total, translated = translation.get_progress()
    assert total == translated > 10  # every segment has its English text: a synchronised translation

    for model, count in (
        (PlatformHomePage, 1),
        (CollectiviteSpace, 1),
        (NewsIndexPage, 1),
        (BudgetIndexPage, 1),
        (ProjectIndexPage, 1),
        (BudgetYearPage, 1),
        (ProjectPage, 3),
    ):
        assert english(model).live().count() == count, model
    assert english(CollectiviteSpace).get().title == "Town of Villebrune-sur-Loire"
    assert english(BudgetYearPage).get().fiscal_year == 2026
    assert TranslationSource.objects.count() == Translation.objects.count() >= 12


def check_accounts(credentials_file, output):
    store = CredentialStore(credentials_file)
    users = get_user_model().objects
    admin = users.get(username="admin")
    assert admin.is_superuser and admin.check_password(store.get("admin"))
    villebrune = french(CollectiviteSpace).get(slug="villebrune-sur-loire")
    loire = french(CollectiviteSpace).get(slug="loire-et-vignoble")
    editor = users.get(username="editeur.villebrune")
    assert editor.check_password(store.get("editeur.villebrune"))
    assert list(editor.groups.all()) == [villebrune.editors_group]
    assert list(users.get(username="editeur.loire-vignoble").groups.all()) == [loire.editors_group]
    assert villebrune.editors_group != loire.editors_group
    for username in ("admin", "editeur.villebrune", "editeur.loire-vignoble", "moderateur.aimpact"):
        assert username in output and store.get(username) in output


def check_legal_pages(output):
    """The platform's four legal pages in both languages; Villebrune's own mentions légales and DPO."""
    from cms.models import LegalPages, PlatformHomePage

    home = french(PlatformHomePage).get()
    platform = LegalPages.find(None)
    assert sorted(platform.pages) == ["accessibility", "contact", "notice", "privacy"]
    assert all(page.get_parent().pk == home.pk for page in platform.pages.values())
    assert platform.accessibility.get_compliance_display() == "partiellement conforme"
    for page in platform.pages.values():
        assert page.get_translations().filter(locale__language_code="en", live=True).exists()
    villebrune = french(CollectiviteSpace).get(slug="villebrune-sur-loire")
    own = LegalPages.find(villebrune)
    assert own.page("notice").get_parent().pk == villebrune.pk
    assert own.own_contact.dpo_email == "dpo@loire-numerique.example"
    assert own.page("privacy").pk == platform.page("privacy").pk  # the platform's, read for the space
    assert "Legal pages: 6 created" in output


def test_load_demo_builds_the_demo_once(credentials_file, mailoutbox):
    output = load_demo(credentials_file)
    # Nobody is told: the demo's people are fictional (its moderation workflow, decisions and openings would mail
    # 16 messages, and a browser test counting the sign-up's one mail found them).
    assert mailoutbox == []
    check_legal_pages(output)

    check_villebrune()
    check_second_space()
    check_translations()
    check_accounts(credentials_file, output)
    assert NewsPage.objects.live().search("géothermique")  # the search index is filled
    assert 12 <= get_image_model().objects.count() <= 16

    before = snapshot()
    file_before = credentials_file.read_text()
    second_output = load_demo(credentials_file)
    assert snapshot() == before
    assert credentials_file.read_text() == file_before
    assert "Already there" in second_output
    check_accounts(credentials_file, second_output)  # the same logins, printed again


def test_credentials_never_reset_an_existing_password(credentials_file):
    existing = get_user_model().objects.create_user("admin", password="mon-mot-de-passe-2026")
    store = CredentialStore(credentials_file)
    user, credential = ensure_account(store, ADMIN, superuser=True)
    store.save()
    assert user == existing and not credential.created and credential.password is None
    user.refresh_from_db()
    assert user.check_password("mon-mot-de-passe-2026")
    assert not credentials_file.exists()


def test_credentials_file_survives_a_new_database(credentials_file):
    store = CredentialStore(credentials_file)
    _user, credential = ensure_account(store, ADMIN, superuser=True)
    store.save()
    assert credential.created and len(credential.password) >= 16
    assert (credentials_file.stat().st_mode & 0o777) == 0o600

    get_user_model().objects.all().delete()  # the database was dropped, the file was kept
    user, again = ensure_account(CredentialStore(credentials_file), ADMIN, superuser=True)
    assert again.password == credential.password and user.check_password(credential.password)


def test_translation_falls_back_to_the_source_where_an_editor_changed_the_text(space):
    page = NewsPageFactory(
        parent=NewsIndexPageFactory(parent=space), title="Titre changé par un éditeur", summary="Un résumé."
    )
    english_locale = Locale.objects.get(language_code="en")

    translated, untranslated = translate_page(
        page,
        {"title": "Le titre d'origine", "summary": "Un résumé."},
        {"title": "The original title", "summary": "A summary."},
        english_locale,
    )

    assert untranslated == 1  # the title: its English text translates a title that is no longer there
    assert translated.live and translated.locale == english_locale
    assert translated.title == "Titre changé par un éditeur"  # localize falls back to the source
    assert translated.summary == "A summary."
    assert TranslationSource.objects.get_for_instance(page).translations.get().target_locale == english_locale
