"""Citizen groups in Chromium, on the demo: Camille joins a national group and posts in it (without JavaScript-only
paths: every action is a form), then reads the commune's answer to her parents' group. axe-core checks the group's
page at phone width (320 px)."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


def test_citizen_joins_posts_and_reads_the_answer(live_server, browser, demo):
    axe = Axe()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/comptes/login/?next=/groupes/")
    page.get_by_label("Adresse e-mail ou nom d'utilisateur").fill("citoyen.villebrune")
    page.get_by_label("Mot de passe", exact=False).first.fill(demo["citoyen.villebrune"])
    page.get_by_role("button", name="Connexion").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Groupes citoyens")
    page.get_by_role("link", name="Pour des cantines bio et locales partout").click()
    page.get_by_role("button", name="Rejoindre le groupe").click()
    expect(page.locator(".messages")).to_contain_text("Vous êtes membre du groupe.")

    page.get_by_label("Votre message").fill("Bonjour ! Je suis parent à Villebrune <b>et</b> je vous rejoins.")
    page.get_by_role("button", name="Publier", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Votre message est publié.")
    expect(page.locator(".group-posts").first).to_contain_text("<b>et</b>")  # shown as text

    page.goto(live_server.url + "/groupes/parents-eleves-coteaux/")
    answer = page.locator(".group-message__answer")
    expect(answer).to_contain_text("Un plateau surélevé")
    page.screenshot(path=str(ARTIFACTS / "group-320.png"), full_page=True)
    results = axe.run(page, context=".group", options=WCAG_AA).response["violations"]
    assert [violation["id"] for violation in results] == []
    context.close()
