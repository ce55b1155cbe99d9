"""What a first visitor's browser and search engines read of a page (issue 10, "first user" list): a title that
does not repeat itself, a description, a favicon, robots.txt and the sitemap; the language of the content and a
language switch that goes to the page's translation, keeps the filters, and says when a page is not translated."""

import html
import re

import pytest

from django.test import Client

from wagtail.models import Locale, Site

from cms.models import PlatformHomePage
from tests.factories import (
    CollectiviteSpaceFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ProjectIndexPageFactory,
)

pytestmark = pytest.mark.django_db


def title_of(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def description_of(response):
    match = re.search(r'<meta name="description" content="([^"]*)">', response.content.decode())
    return match and match.group(1)


def english(page):
    translated = page.copy_for_translation(Locale.objects.get(language_code="en"))
    translated.save_revision().publish()
    return translated


@pytest.fixture
def english_home(home):
    return english(home)


# -- title, description, favicon -------------------------------------------------------------------------------------


def test_a_home_whose_title_is_the_site_name_says_it_once(client, home, space):
    assert title_of(client.get(home.url)) == "AimPact"
    assert title_of(client.get(space.url)) == "Ville de Test"


def test_other_pages_are_titled_page_then_space(client, space):
    news = NewsIndexPageFactory(parent=space)
    assert title_of(client.get(news.url)) == "Actualités – Ville de Test"


def test_a_home_with_another_title_keeps_the_site_name(client, home):
    home.seo_title = "Accueil"
    home.save_revision().publish()
    assert title_of(client.get(home.url)) == "Accueil – AimPact"


def test_the_description_is_the_search_description_else_the_summary_else_the_tagline(client, space):
    news_index = NewsIndexPageFactory(parent=space)
    news = NewsPageFactory(parent=news_index, summary="Le marché  du samedi\\nchange de place.", search_description="")
    assert description_of(client.get(news.url)) == "Le marché du samedi\\nchange de place."
    news.search_description = "Le marché déménage place Leclerc."
    news.save_revision().publish()
    assert description_of(client.get(news.url)) == "Le marché déménage place Leclerc."
    # A page with nothing to say about itself gets the site's tagline.
    assert description_of(client.get(news_index.url)) == "Le réseau social citoyen de l&#x27;action publique"


def test_a_long_introduction_is_cut_to_what_search_engines_show(client, space):
    space.introduction = "Bienvenue " * 100
    space.save_revision().publish()
    description = description_of(client.get(space.url))
    assert len(description) <= 160
    assert description.endswith("…")


def test_every_page_links_the_favicon_and_browsers_asking_for_favicon_ico_get_it(client, space):
    body = client.get(space.url).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in body
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.svg"


# -- robots.txt and the sitemap --------------------------------------------------------------------------------------


def test_robots_txt_keeps_crawlers_out_of_the_admin_accounts_and_api_but_not_the_api_docs(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for prefix in ("/admin/", "/comptes/", "/en/comptes/", "/api/"):
        assert f"Disallow: {prefix}" in lines
    # Crawlers that read rules in order see the exception before the rule.
    assert lines.index("Allow: /api/schema/") < lines.index("Disallow: /api/")
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /\n" not in response.content.decode()


def test_the_sitemap_lists_public_pages_in_both_languages_and_not_private_ones(client, home, space, english_home):
    from wagtail.models import PageViewRestriction

    news_index = NewsIndexPageFactory(parent=space)
    private = NewsPageFactory(parent=news_index, title="Réservé", slug="reserve")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")  # noqa: S106
    Site.objects.filter(is_default_site=True).update(hostname="testserver")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<loc>http://testserver/ville-de-test/actualites/</loc>" in body
    assert "<loc>http://testserver/en/</loc>" in body
    assert "reserve" not in body


# -- languages ---------------------------------------------------------------------------------------------------------


def switch_links(response):
    nav = re.search(r'<nav class="language-switch".*?</nav>', response.content.decode(), re.S).group(0)
    return {
        code: (html.unescape(href), text)
        for href, code, text in re.findall(r'<a href="([^"]*)" hreflang="(\w+)" lang="\w+">(.*?)</a>', nav, re.S)
    }


def test_the_switch_goes_to_the_translation_and_keeps_the_filters(client, space, english_home):
    projects = ProjectIndexPageFactory(parent=space)
    english_space = english(space)
    english(projects)
    response = client.get(projects.url + "?statut=termine&page=2")
    href, text = switch_links(response)["en"]
    assert href == "/en/ville-de-test/projets/?statut=termine&page=2"
    assert text == "English"
    # And back: the French link keeps them too.
    response = client.get(english_space.url + "projets/?statut=termine")
    assert switch_links(response)["fr"][0] == "/ville-de-test/projets/?statut=termine"


def test_on_an_untranslated_page_the_switch_says_so_and_goes_to_the_nearest_translated_page(
    client, space, english_home
):
    english(space)
    news_index = NewsIndexPageFactory(parent=space)
    news = NewsPageFactory(parent=news_index)
    href, text = switch_links(client.get(news.url + "?x=1"))["en"]
    assert href == "/en/ville-de-test/"
    assert '<span class="language-switch__note">(page not translated)</span>' in text


def test_french_content_shown_in_english_is_marked_as_french(client, home, english_home):
    """A space on its own hostname with no English version: /en/ shows its French pages in the English layout."""
    space = CollectiviteSpaceFactory(parent=home, title="Ville sans anglais", slug="ville-sans-anglais")
    Site.objects.create(hostname="ville.example", port=80, root_page=space)
    host = Client(HTTP_HOST="ville.example")
    response = host.get("/en/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert '<main id="contenu" tabindex="-1" lang="fr">' in body
    assert '<div class="messages" role="status" lang="en">' in body
    assert "This page has not been translated yet" in body
    # The French page itself says nothing of the kind.
    body = host.get("/").content.decode()
    assert '<main id="contenu" tabindex="-1">' in body
    assert "pas encore traduite" not in body


def test_a_translated_page_has_no_language_mark_on_its_content(client, space, english_home):
    english_space = english(space)
    body = client.get(english_space.url).content.decode()
    assert '<html lang="en">' in body
    assert '<main id="contenu" tabindex="-1">' in body
    assert PlatformHomePage.objects.filter(locale__language_code="en").exists()


# -- <time datetime> -------------------------------------------------------------------------------------------------

# HTML's valid date, or global date and time (at most three digits of fractions of a second, an offset).
VALID_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?$")


def test_dates_with_microseconds_give_a_valid_datetime_attribute(client, space):
    """The baromètre's perception polls close far ahead at a time with microseconds (now + ten years); Django's
    ISO format wrote all six digits, which HTML does not accept."""
    import datetime

    from django.utils import timezone

    from tests.factories import ConsultationIndexPageFactory, ConsultationPageFactory

    closes = timezone.now() + datetime.timedelta(days=3650)
    consultation = ConsultationPageFactory(
        parent=ConsultationIndexPageFactory(parent=space), closes_at=closes.replace(microsecond=471030)
    )
    html = client.get(consultation.url).content.decode()
    values = re.findall(r'<time[^>]* datetime="([^"]*)"', html)
    assert len(values) >= 2
    for value in values:
        assert VALID_DATETIME.match(value), value


@pytest.mark.security
def test_a_reserved_page_says_nothing_of_itself_in_its_description(client, space):
    from wagtail.models import PageViewRestriction

    space.access_code = "CODE-2026"
    space.save_revision().publish()
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=space), summary="Le compte rendu secret du conseil")
    PageViewRestriction.objects.create(page=news, restriction_type="password", password="CODE-2026")  # noqa: S106
    response = client.get(news.url)
    assert response.status_code in (200, 401, 403)
    assert "compte rendu secret" not in response.content.decode()
    assert description_of(response) == "Le réseau social citoyen de l&#x27;action publique"
