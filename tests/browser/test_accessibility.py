"""Automated WCAG 2.1 A/AA checks (axe-core, run in Chromium) on every public page type of the demo."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def public_pages():
    from cms.models import BudgetYearPage, NewsPage, ProjectPage

    paths = [
        "/",
        "/villebrune-sur-loire/",
        "/villebrune-sur-loire/actualites/",
        "/villebrune-sur-loire/budget/",
        "/villebrune-sur-loire/projets/",
        "/villebrune-sur-loire/projets/?status=en_cours",
        "/villebrune-sur-loire/projets/?status=inconnu",
        "/villebrune-sur-loire/acces/",
        "/en/",
        "/en/villebrune-sur-loire/",
    ]
    for model in (NewsPage, BudgetYearPage, ProjectPage):
        for language in ("fr", "en"):
            page = model.objects.live().public().filter(locale__language_code=language).first()
            if page is not None:
                paths.append(page.url)
    return paths


def test_public_pages_have_no_wcag_violation(live_server, browser, demo):
    axe = Axe()
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    failures = []
    paths = public_pages()
    assert len(paths) >= 15
    for path in paths:
        page.goto(live_server.url + path)
        results = axe.run(page, options=WCAG_AA)
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"][:3]]
            failures.append(f"{path}: {violation['id']} ({violation['impact']}) {violation['help']} {targets}")
    # The access form after a wrong code, with its error message.
    page.goto(live_server.url + "/villebrune-sur-loire/acces/")
    page.get_by_label("Code d'accès").fill("mauvais code")
    page.get_by_role("button", name="Ouvrir").click()
    assert page.get_by_role("alert").first.is_visible()
    for violation in axe.run(page, options=WCAG_AA).response["violations"]:
        failures.append(f"access form with error: {violation['id']} {violation['help']}")
    context.close()
    assert not failures, "\n".join(failures)
