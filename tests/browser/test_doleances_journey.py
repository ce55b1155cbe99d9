"""The cahier de doléances in Chromium, on a phone and on a desktop: open it, filter by département, open an entry,
see its results and that it was carried (the demo carries its closed consultation to its département)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_consultation_journey import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAHIER = "/cahier-de-doleances/"


@pytest.mark.parametrize("width", [375, 1280])
def test_visitor_filters_the_cahier_and_opens_a_carried_entry(live_server, browser, demo, width, tmp_path):
    from consultations.doleances.models import ArchiveEntry

    entry = ArchiveEntry.objects.published().select_related("carrying__territory").get(carrying__isnull=False)
    departement = entry.carrying.territory

    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
    page = context.new_page()
    axe = Axe()
    page.goto(live_server.url + CAHIER)
    expect(page.get_by_role("heading", level=1)).to_have_text("Cahier de doléances")
    failures = violations(axe, page, "cahier de doléances")
    page.screenshot(path=str(tmp_path / f"cahier-{width}.png"), full_page=True)
    page.get_by_label("Territoire").select_option(str(departement.pk))
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(rf"territory={departement.pk}"))
    expect(page.get_by_role("status").first).to_contain_text("consultation")
    page.get_by_role("link", name=entry.title, exact=True).click()
    expect(page).to_have_url(re.compile(rf"{CAHIER}{entry.pk}/$"))
    expect(page.get_by_role("heading", name="Résultats")).to_be_visible()
    expect(page.get_by_text("En tête :").first).to_be_visible()
    expect(page.get_by_text(f"auprès de {departement.name}")).to_be_visible()
    expect(page.get_by_text("Réponse reçue le")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    assert not overflow, "the entry overflows horizontally"
    failures += violations(axe, page, "cahier entry")
    page.screenshot(path=str(tmp_path / f"entry-{width}.png"), full_page=True)
    page.get_by_role("link", name="Voir tous les résultats").click()
    expect(page).to_have_url(re.compile(r"/resultats/$"))

    page.goto(f"{live_server.url}/en{CAHIER}{entry.pk}/")
    expect(page.get_by_role("heading", name="Results")).to_be_visible()
    expect(page.get_by_text("Leading:").first).to_be_visible()
    expect(page.get_by_text(f"to {departement.name}")).to_be_visible()
    failures += violations(axe, page, "cahier entry in English")
    page.screenshot(path=str(tmp_path / f"entry-en-{width}.png"), full_page=True)
    context.close()
    assert not failures, "\n".join(failures)
