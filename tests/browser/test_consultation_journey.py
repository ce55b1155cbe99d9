"""Consultations in Chromium: a citizen signs up, votes from a phone, cannot vote twice and reads the results;
the editor reads the breakdowns of a closed consultation and downloads its CSV. axe-core checks every page."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PASSWORD = "Quai-de-Loire-2026"
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
QUAIS = "/villebrune-sur-loire/consultations/reamenagement-des-quais/"
ECLAIRAGE = "/villebrune-sur-loire/consultations/eclairage-nocturne/"


def violations(axe, page, label):
    return [
        f"{label}: {violation['id']} ({violation['impact']}) {violation['help']} "
        f"{[node['target'] for node in violation['nodes'][:3]]}"
        for violation in axe.run(page, options=WCAG_AA).response["violations"]
    ]


def test_citizen_signs_up_votes_once_and_reads_the_results(live_server, browser, demo):
    from consultations.models import ConsultationPage, Participation

    axe = Axe()
    failures = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = context.new_page()

    # Anonymous: the page explains who can vote and how.
    page.goto(live_server.url + QUAIS)
    expect(page.get_by_role("heading", level=1)).to_have_text("Réaménagement des quais de Loire")
    expect(page.locator(".survey")).to_contain_text("réservée aux habitants")
    failures += violations(axe, page, "consultation, anonymous")
    page.locator(".survey").get_by_role("link", name="Créer un compte").click()

    page.get_by_label("E-mail").fill("dominique@example.org")
    page.get_by_label("Mot de passe (obligatoire)", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation) (obligatoire)", exact=True).fill(PASSWORD)
    page.get_by_label("Commune de résidence").fill("Villebrune-sur-Loire")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vérifiez votre adresse e-mail")
    path = re.search(r"https?://[^/\s]+(/comptes/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    page.goto(live_server.url + path)
    page.get_by_role("button", name="Confirmer").click()

    page.goto(live_server.url + QUAIS)
    form = page.locator("form.survey-form")
    expect(form).to_be_visible()
    # The question asked only to those in favour is hidden until « Oui » is chosen.
    facilities = page.locator("fieldset", has_text="Quels équipements souhaitez-vous")
    expect(facilities).to_be_hidden()
    failures += violations(axe, page, "survey form")

    # A vote with a missing answer is refused, said at the top and next to the question.
    page.get_by_role("button", name="Envoyer mon vote").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Question 1 : Cette question est obligatoire.")
    expect(summary).to_be_focused()
    failures += violations(axe, page, "survey form with errors")
    page.screenshot(path=str(ARTIFACTS / "consultation-errors-phone.png"), full_page=True)
    box = ConsultationPage.objects.get(slug="reamenagement-des-quais", locale__language_code="fr")
    before = Participation.objects.filter(consultation=box).count()

    page.locator("fieldset", has_text="Êtes-vous favorable").get_by_label("Oui").check()
    expect(facilities).to_be_visible()
    page.get_by_label("Les pistes cyclables").check()
    facilities.get_by_label("Des bancs à l'ombre").check()
    facilities.get_by_label("Des fontaines").check()
    page.locator("fieldset", has_text="urgent").get_by_label("4 sur 5", exact=True).check()
    page.get_by_label("Avez-vous une remarque").fill("Des arbres, beaucoup d'arbres.")
    page.get_by_role("button", name="Envoyer mon vote").click()
    expect(page.locator(".messages")).to_contain_text("Merci, votre vote est enregistré.")
    expect(page.locator(".survey")).to_contain_text("Vous avez voté à cette consultation")
    assert Participation.objects.filter(consultation=box).count() == before + 1
    page.screenshot(path=str(ARTIFACTS / "consultation-voted-phone.png"), full_page=True)

    # Live results: a chart with its table, the analysis.
    page.get_by_role("link", name="Voir les résultats").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Résultats")
    expect(page.get_by_role("heading", name="Analyse automatique")).to_be_visible()
    first_question = page.locator(".results__question").first
    expect(first_question.locator("[role=img]")).to_have_attribute("aria-label", re.compile("Oui"))
    expect(first_question.locator("table.chart__table tbody tr")).to_have_count(3)
    failures += violations(axe, page, "live results")
    context.close()
    assert not failures, "\n".join(failures)


def test_editor_reads_breakdowns_and_downloads_the_csv_of_a_closed_consultation(live_server, browser, demo):
    axe = Axe()
    context = browser.new_context(locale="fr-FR", accept_downloads=True)
    page = context.new_page()
    page.goto(live_server.url + ECLAIRAGE)
    expect(page.locator(".badge")).to_have_text("Terminée")
    # A closed consultation takes no vote, even from the form's address.
    expect(page.locator("form.survey-form")).to_have_count(0)
    expect(page.locator(".survey")).to_contain_text("Cette consultation est terminée")

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Nom d’utilisateur").fill("editeur.villebrune")
    page.get_by_label("Mot de passe").fill(demo["editeur.villebrune"])
    page.locator("button[type=submit]").click()
    page.goto(live_server.url + ECLAIRAGE + "resultats/")
    expect(page.locator(".lead").get_by_text("412 participants")).to_be_visible()
    analysis = page.locator(".results__analysis").first
    expect(analysis).to_contain_text("se distinguent")
    # The editor also reads the advice on presenting the results, kept from citizens.
    expect(page.get_by_role("region", name="Conseils pour la restitution")).to_contain_text(
        "Tenez-en compte dans la restitution"
    )
    breakdown = page.locator("details", has_text="Détail par tranche d'âge").first
    breakdown.locator("summary").click()
    expect(breakdown.locator("tbody tr")).to_have_count(5)
    failures = violations(axe, page, "closed results")
    page.screenshot(path=str(ARTIFACTS / "consultation-results.png"), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger les résultats (CSV)").click()
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert content.splitlines()[0].startswith("question_numero;question;type;dimension")
    assert "age_bracket" in content
    context.close()
    assert not failures, "\n".join(failures)
