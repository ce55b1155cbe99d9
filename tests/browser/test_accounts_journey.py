"""A citizen signs up, verifies their address, edits their profile and logs out, in Chromium on a phone, with
axe-core's WCAG 2.1 A/AA checks on every account page they see."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PASSWORD = "Lanterne-verte-2026"
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


def violations(axe, page, label):
    return [
        f"{label}: {violation['id']} ({violation['impact']}) {violation['help']} "
        f"{[node['target'] for node in violation['nodes'][:3]]}"
        for violation in axe.run(page, options=WCAG_AA).response["violations"]
    ]


def test_citizen_signs_up_verifies_and_manages_their_profile(live_server, browser, demo):
    axe = Axe()
    failures = []
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Mon compte").get_by_role("link", name="Créer un compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte")
    failures += violations(axe, page, "sign-up")

    # A commune nobody knows, and an age bracket without the consent box: both refused, and said so.
    page.get_by_label("E-mail").fill("camille@example.org")
    page.get_by_label("Mot de passe (obligatoire)", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation) (obligatoire)", exact=True).fill(PASSWORD)
    page.get_by_label("Commune de résidence").fill("Atlantide")
    page.get_by_label("Tranche d'âge", exact=True).select_option("25-34")
    page.get_by_role("button", name="Créer mon compte").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nous ne trouvons pas de commune nommée « Atlantide »")
    expect(alert).to_contain_text("cochez cette case de consentement")
    expect(page.get_by_label("Commune de résidence")).to_have_attribute("aria-invalid", "true")
    failures += violations(axe, page, "sign-up with errors")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "signup-errors-phone.png"), full_page=True)

    page.get_by_label("Mot de passe (obligatoire)", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation) (obligatoire)", exact=True).fill(PASSWORD)
    page.get_by_label("Commune de résidence").fill("villebrune sur loire")
    page.get_by_label("J'accepte qu'AimPact enregistre").check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vérifiez votre adresse e-mail")
    failures += violations(axe, page, "verification sent")

    # The link from the email opens a confirmation page; confirming logs the citizen in.
    assert len(mail.outbox) == 1
    path = re.search(r"https?://[^/\s]+(/comptes/confirm-email/\S+)", mail.outbox[0].body).group(1)
    page.goto(live_server.url + path)
    failures += violations(axe, page, "confirm email")
    page.get_by_role("button", name="Confirmer").click()

    page.get_by_role("navigation", name="Mon compte").get_by_role("link", name="Mon profil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil")
    expect(page.get_by_label("Commune de résidence")).to_have_value("Villebrune-sur-Loire (44990)")
    expect(page.get_by_label("J'accepte qu'AimPact enregistre")).to_be_checked()
    failures += violations(axe, page, "profile")
    page.screenshot(path=str(ARTIFACTS / "profile-phone.png"), full_page=True)

    page.get_by_label("Tranche d'âge", exact=True).select_option("35-49")
    page.get_by_role("button", name="Enregistrer", exact=True).click()  # not « Enregistrer ma préférence »
    expect(page.get_by_role("status")).to_contain_text("Votre profil est enregistré.")
    expect(page.get_by_label("Tranche d'âge", exact=True)).to_have_value("35-49")

    page.get_by_role("button", name="Retirer mon consentement et effacer ces informations").click()
    expect(page.get_by_role("status")).to_contain_text("Votre consentement est retiré")
    expect(page.get_by_label("Tranche d'âge", exact=True)).to_have_value("")
    expect(page.get_by_label("J'accepte qu'AimPact enregistre")).not_to_be_checked()

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("navigation", name="Mon compte").get_by_role("link", name="Se connecter")).to_be_visible()

    # Login: by email, with the site's layout.
    page.get_by_role("navigation", name="Mon compte").get_by_role("link", name="Se connecter").click()
    failures += violations(axe, page, "login")
    page.get_by_label("Adresse e-mail ou nom d'utilisateur").fill("camille@example.org")
    page.get_by_label("Mot de passe", exact=False).first.fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("navigation", name="Mon compte").get_by_role("link", name="Mon profil")).to_be_visible()
    context.close()
    assert not failures, "\n".join(failures)
