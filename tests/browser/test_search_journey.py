"""Searching in Chromium, with the keyboard alone, on a phone and on a desktop: from the home page, « ecole » typed in
the header's box finds the school project, the consultation about the canteen and a citizen's comment, with the word
highlighted; a title is suggested while typing; a facet narrows the results and its « retirer » link widens them
again. Screenshots of the results page go to /tmp/search-<width>.png (SEARCH_SCREENSHOTS)."""

import datetime
import os
import re
import tempfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from django.utils import timezone

from cms.registry import SearchItem
from tests.browser.test_consultation_journey import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Where the screenshots go: /tmp unless SEARCH_SCREENSHOTS says otherwise.
SCREENSHOTS = Path(os.environ.get("SEARCH_SCREENSHOTS") or tempfile.gettempdir())


def index_school_archive():
    from search.backends import get_backend

    backend = get_backend()
    backend.clear()
    now = timezone.now()
    backend.index(
        [
            SearchItem(
                key="page:9001",
                kind="cms.projectpage",
                title="Rénovation de l'école Jules-Ferry",
                url="/",
                body="Les travaux de l'école commencent cet été : isolation, cour végétalisée et nouvelle cantine.",
                language="fr",
                date=now - datetime.timedelta(days=200),
                territory_code="44999",
                territory_name="Villebrune-sur-Loire",
                theme="education",
            ),
            SearchItem(
                key="page:9002",
                kind="consultations.consultationpage",
                title="La cantine scolaire de demain",
                url="/",
                body="Donnez votre avis sur les repas servis dans les écoles de la commune.",
                language="fr",
                date=now - datetime.timedelta(days=30),
                territory_code="44999",
                territory_name="Villebrune-sur-Loire",
                theme="education",
            ),
            SearchItem(
                key="comment:9003",
                kind="comment",
                title="Commentaire de Camille",
                url="/",
                body="Les enfants de l'école mangent trop vite : il faut deux services à la cantine.",
                language="",
                date=now - datetime.timedelta(days=3),
                context_title="La cantine scolaire de demain",
                territory_code="44999",
                territory_name="Villebrune-sur-Loire",
                theme="education",
            ),
            SearchItem(
                key="page:9004",
                kind="cms.newspage",
                title="Une piste cyclable rue de la Gare",
                url="/",
                body="Des vélos en sécurité.",
                language="fr",
                date=now,
            ),
        ]
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_a_citizen_searches_from_the_home_page_with_the_keyboard(live_server, browser, migrated_data, width, settings):
    from tests.factories import TerritoryFactory
    from tests.search.conftest import register_contribution_kinds

    undo = register_contribution_kinds()
    TerritoryFactory(code="44999", name="Villebrune-sur-Loire")
    settings.SEARCH_RECHECK_HITS = False  # the items stand for no page of the database (search.service)
    index_school_archive()
    axe = Axe()
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.screenshot(path=str(SCREENSHOTS / f"search-home-{width}.png"))
    box = page.get_by_role("search", name="Rechercher sur le site").get_by_role("searchbox")
    box.focus()
    page.keyboard.type("cant", delay=30)
    suggestions = page.get_by_role("list", name="Titres proposés")
    expect(suggestions.get_by_role("link").first).to_contain_text("La cantine scolaire de demain")
    box.press("ArrowDown")
    expect(suggestions.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(box).to_be_focused()

    box.fill("")
    page.keyboard.type("ecole", delay=20)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/recherche/\?q=ecole$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rechercher sur le site")
    expect(page.get_by_text("3 résultats pour « ecole »")).to_be_visible()
    results = page.locator(".search-hit")
    expect(results).to_have_count(3)
    expect(page.locator(".search-hit mark").first).to_be_visible()
    expect(page.locator("mark", has_text=re.compile(r"^école$")).first).to_be_visible()
    expect(page.get_by_text("dans : La cantine scolaire de demain")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Villebrune-sur-Loire \(3"))).to_be_visible()
    expect(page.get_by_text("piste cyclable")).to_have_count(0)
    overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    assert not overflow, "the results page overflows horizontally"
    failures = violations(axe, page, "search results")
    page.screenshot(path=str(SCREENSHOTS / f"search-{width}.png"), full_page=True)

    facet = page.get_by_role("complementary", name="Affiner la recherche").get_by_role(
        "link", name=re.compile(r"^Commentaire")
    )
    facet.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"type=comment"))
    expect(results).to_have_count(1)
    expect(page.get_by_text("1 résultat pour « ecole »")).to_be_visible()
    failures += violations(axe, page, "search results filtered")
    page.screenshot(path=str(SCREENSHOTS / f"search-filtered-{width}.png"), full_page=True)
    page.get_by_role("link", name=re.compile(r"^retirer")).focus()
    page.keyboard.press("Enter")
    expect(results).to_have_count(3)

    page.goto(live_server.url + "/recherche/?q=zzzxqw")
    expect(page.get_by_role("heading", name="Aucun résultat")).to_be_visible()
    page.goto(live_server.url + "/recherche/")
    expect(page.get_by_role("heading", name="Quelques conseils")).to_be_visible()
    failures += violations(axe, page, "search introduction")
    context.close()
    undo()
    assert not failures, "\n".join(failures)
