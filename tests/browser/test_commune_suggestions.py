"""The commune field of the sign-up form suggests communes as the citizen types (static/js/commune-suggestions.js),
with the keyboard alone; the suggestion chosen is what the form reads as that one commune."""

import pytest
from playwright.sync_api import expect

from cms.models import Territory
from tests.factories import TerritoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commune_is_chosen_among_suggestions_with_the_keyboard(live_server, browser, migrated_data):
    loire = TerritoryFactory(kind=Territory.Kind.DEPARTEMENT, code="44", name="Loire-Atlantique")
    TerritoryFactory(code="44184", name="Saint-Nazaire", parent=loire, population=72_000)
    TerritoryFactory(code="44109", name="Nantes", parent=loire, population=320_000)
    TerritoryFactory(code="81270", name="Saint-Nazaire-de-Ladarez", population=400)

    page = browser.new_page(locale="fr-FR")
    page.goto(live_server.url + "/comptes/signup/")
    field = page.get_by_label("Commune de résidence")
    field.press_sequentially("st naz", delay=30)

    suggestions = page.get_by_role("list", name="Communes proposées")
    expect(suggestions.get_by_role("button")).to_have_count(2)
    expect(suggestions.get_by_role("button").first).to_have_text("Saint-Nazaire (44184) — Loire-Atlantique")
    expect(page.locator("#commune-suggestions-status-0")).to_contain_text("2 communes proposées")

    field.press("ArrowDown")
    expect(suggestions.get_by_role("button").first).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    expect(field).to_have_value("Saint-Nazaire (44184)")
    expect(field).to_be_focused()
    expect(suggestions).to_be_hidden()

    # Escape closes the list and leaves the text as typed.
    field.fill("")
    field.press_sequentially("nant", delay=30)
    expect(suggestions.get_by_role("button")).to_have_count(1)
    field.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(field).to_have_value("nant")
    page.close()
