"""The baromètre in Chromium, on a phone: a citizen gives their perception of an entry and sees the split update."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_consultation_journey import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENTRY = "/barometre/zone-trafic-limite-villebrune/"


def test_citizen_gives_their_perception_and_sees_the_split_update(live_server, browser, demo):
    from barometre.models import BarometreEntryPage

    entry = BarometreEntryPage.objects.get(slug="zone-trafic-limite-villebrune", locale__language_code="fr")
    before = entry.perception.counts

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = context.new_page()
    axe = Axe()
    page.goto(live_server.url + "/barometre/")
    failures = violations(axe, page, "baromètre index")
    page.get_by_label("Échelon").select_option("local")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name="Zone à trafic limité du centre-ville").first.click()
    expect(page).to_have_url(re.compile(ENTRY))
    split = page.locator("#perception-split")
    total = sum(before.values())
    expect(split).to_contain_text(f"{total} avis donnés à ce jour.")
    failures += violations(axe, page, "baromètre entry")

    page.locator("#perception").get_by_role("link", name="Se connecter").click()
    page.get_by_label("Adresse e-mail ou nom d'utilisateur").fill("citoyen.villebrune")
    page.get_by_label("Mot de passe", exact=False).first.fill(demo["citoyen.villebrune"])
    page.get_by_role("button", name="Connexion").click()
    expect(page).to_have_url(re.compile(ENTRY))

    page.get_by_label("Je désapprouve").check()
    page.get_by_role("button", name="Envoyer mon vote").click()
    expect(page).to_have_url(re.compile(ENTRY))
    expect(page.get_by_text("Merci, votre vote est enregistré.")).to_be_visible()
    expect(split).to_contain_text(f"{total + 1} avis donnés à ce jour.")
    expect(split.locator('[data-opinion="disapprove"]')).to_contain_text(f"({before['disapprove'] + 1} avis)")
    expect(page.locator("#perception")).to_contain_text("Vous avez voté")
    failures += violations(axe, page, "baromètre entry after the vote")
    context.close()
    assert not failures, "\n".join(failures)
