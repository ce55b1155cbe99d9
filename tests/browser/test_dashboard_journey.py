"""Real-browser journeys (Playwright driving Debian's Chromium) on the demo content."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


def test_citizen_reads_the_demo_dashboard_on_a_phone(live_server, browser, demo):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("link", name="Ville de Villebrune-sur-Loire").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Villebrune-sur-Loire")
    expect(page.get_by_role("heading", name="Dernières actualités")).to_be_visible()
    news_cards = page.locator(".dashboard__news .card")
    expect(news_cards).to_have_count(3)

    chart = page.locator(".dashboard__budget figure.chart")
    expect(chart.locator("[role=img]")).to_have_attribute("aria-label", _contains("Répartition du budget 2026"))
    table = chart.locator("table")
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    assert rows.count() >= 6
    first_amount = rows.first.locator("td").first.inner_text()
    assert first_amount.endswith("€") and any(ch.isdigit() for ch in first_amount)
    expect(page.locator(".dashboard__projects .card").first).to_be_visible()

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-phone.png"), full_page=True)

    # Keyboard users reach the content first.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Latest news")).to_be_visible()
    expect(page.locator(".dashboard__budget table")).to_be_visible()
    context.close()


def _contains(text):
    import re

    return re.compile(".*" + re.escape(text) + ".*")


def test_editor_edits_only_their_commune_in_the_admin(live_server, browser, demo):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Nom d’utilisateur").fill("editeur.villebrune")
    page.get_by_label("Mot de passe").fill(demo["editeur.villebrune"])
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(_contains("/admin/"))

    from cms.models import CollectiviteSpace, NewsPage

    villebrune = CollectiviteSpace.objects.get(slug="villebrune-sur-loire", locale__language_code="fr")
    other = CollectiviteSpace.objects.exclude(pk=villebrune.pk).filter(locale__language_code="fr").first()
    own_news = NewsPage.objects.descendant_of(villebrune).filter(locale__language_code="fr").first()
    other_news = NewsPage.objects.descendant_of(other).first()

    page.goto(f"{live_server.url}/admin/pages/{own_news.pk}/edit/")
    title = page.locator("#id_title")
    expect(title).to_have_value(own_news.title)
    title.fill(own_news.title + " (mis à jour)")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.locator(".messages")).to_contain_text("mise à jour")

    response = page.goto(f"{live_server.url}/admin/pages/{other_news.pk}/edit/")
    assert response.status in (200, 302, 403)
    expect(page.locator("#id_title")).to_have_count(0)
    context.close()
