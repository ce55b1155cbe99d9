"""The citizen network in Chromium, the issue's whole story: a citizen proposes a consultation, the automatic checks
catch an all-capitals title, the citizen fixes it and sends it; a moderator approves it in Wagtail's workflow UI; a
second citizen finds it on the wall, votes and comments; it closes and appears in the cahier de doléances with its
results, and its author carries it to the département. axe-core checks every page on the way; screenshots at phone
and desktop widths."""

import datetime
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
PASSWORD = "Piscine-du-soir-2026"
TITLE = "Faut-il ouvrir les piscines publiques le soir ?"


def violations(axe, page, label):
    return [
        f"{label}: {violation['id']} ({violation['impact']}) {violation['help']} "
        f"{[node['target'] for node in violation['nodes'][:3]]}"
        for violation in axe.run(page, options=WCAG_AA).response["violations"]
    ]


@pytest.fixture
def network(migrated_data):
    from consultations.doleances.models import CahierDoleancesPage, DoleancesSettings
    from consultations.network.moderation import ensure_moderation, moderators_group
    from tests.factories import CitizenFactory, ConsultationIndexPageFactory, TerritoryFactory, UserFactory

    index = ConsultationIndexPageFactory(
        parent=migrated_data, title="Consultations citoyennes", slug="consultations-citoyennes"
    )
    ensure_moderation(index)
    cahier = CahierDoleancesPage(title="Cahier de doléances", slug="cahier-de-doleances")
    migrated_data.add_child(instance=cahier)
    cahier.save_revision().publish()
    threshold = DoleancesSettings.load()
    threshold.carry_threshold = 1  # one voter is enough support in this story
    threshold.save()
    TerritoryFactory(kind="departement", code="44", name="Loire-Atlantique")
    commune = TerritoryFactory(kind="commune", code="44109", name="Nantes")
    people = {
        "proposer": CitizenFactory(username="alix", email="alix@example.org", commune=commune),
        "voter": CitizenFactory(username="bao", email="bao@example.org", commune=commune),
        "moderator": UserFactory(username="moderatrice", groups=[moderators_group()]),
    }
    for user in people.values():
        user.set_password(PASSWORD)
        user.save()
    return people


def log_in(page, live_server, username, next_path):
    page.goto(f"{live_server.url}/comptes/login/?next={next_path}")
    page.get_by_label("Adresse e-mail ou nom d'utilisateur").fill(username)
    page.get_by_label("Mot de passe", exact=False).first.fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()


def test_propose_moderate_vote_discuss_archive_and_carry(live_server, browser, network):
    from cms.models import Territory
    from consultations import closing
    from consultations.doleances.models import ArchiveEntry
    from consultations.models import ConsultationPage, Participation
    from consultations.network.models import Proposal

    axe = Axe()
    failures = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # 1. A citizen proposes, from a phone; the all-capitals title is caught.
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="fr-FR")
    page = context.new_page()
    log_in(page, live_server, "alix", "/reseau/proposer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposer une consultation")
    page.get_by_label("Titre de la consultation").fill(TITLE.upper())
    page.get_by_label("Résumé").fill("Les piscines ferment à 19 heures : faut-il les ouvrir jusqu'à 21 heures ?")
    page.get_by_label("Description").fill(
        "Beaucoup d'habitants finissent leur journée trop tard pour nager.\n\n"
        "Cette consultation demande si une ouverture en soirée serait utile, et pour quels jours."
    )
    page.get_by_label("Thème").select_option("sport")
    page.get_by_label("Type de question").select_option("yes_no")
    page.locator("#id_questions-0-label").fill("Êtes-vous favorable à une ouverture jusqu'à 21 heures ?")
    page.get_by_label("Durée (en jours)").fill("14")
    page.get_by_label("National").check()
    failures += violations(axe, page, "proposal form")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    alert = page.get_by_role("alert").first
    expect(alert).to_contain_text("Évitez d'écrire en majuscules")
    expect(page.locator("#id_title_error")).to_contain_text("majuscules")
    failures += violations(axe, page, "proposal form with errors")
    page.screenshot(path=str(ARTIFACTS / "proposal-errors-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_label("Titre de la consultation").fill(TITLE)
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.locator(".messages")).to_contain_text("envoyée à la modération")
    expect(page.get_by_role("region", name="Mes consultations proposées")).to_contain_text("en attente de modération")
    context.close()
    proposal = Proposal.objects.get()

    # 2. The moderator approves it in Wagtail's workflow UI (the page's action menu).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Nom d’utilisateur").fill("moderatrice")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")
    expect(page.get_by_text(TITLE).first).to_be_visible()  # awaiting their review on the dashboard
    page.goto(f"{live_server.url}/admin/pages/{proposal.page_id}/edit/")
    page.locator("footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']").first.click()
    page.get_by_role("button", name="Approuver et publier").click()
    expect(page.locator(".messages")).to_be_visible()
    context.close()
    consultation = ConsultationPage.objects.get(pk=proposal.page_id)
    assert consultation.live
    proposal.refresh_from_db()
    assert proposal.state == "approved"

    # 3. A second citizen finds it on the wall and votes.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    log_in(page, live_server, "bao", "/")
    wall = page.get_by_role("region", name="Le mur des consultations")
    expect(wall).to_contain_text(TITLE)
    failures += violations(axe, page, "wall")
    page.screenshot(path=str(ARTIFACTS / "wall-desktop.png"), full_page=True)
    wall.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.get_by_label("Oui", exact=True).check()
    page.get_by_role("button", name="Envoyer mon vote").click()
    expect(page.locator(".messages")).to_contain_text("Merci, votre vote est enregistré.")
    assert Participation.objects.filter(consultation=consultation).count() == 1
    #    ... and discusses it.
    page.get_by_label("Votre commentaire").fill("Oui, surtout le mardi et le jeudi : <b>merci</b> !")
    page.get_by_role("button", name="Publier mon commentaire").click()
    discussion = page.locator("#commentaires")
    expect(discussion).to_contain_text("Oui, surtout le mardi et le jeudi : <b>merci</b> !")  # text, not markup
    failures += violations(axe, page, "consultation with its discussion")
    context.close()
    assert consultation.opens_at <= timezone.now()

    # 4. It closes (the closing task's work, done here at once) and lands in the cahier de doléances.
    closing.close(consultation.pk, now=consultation.closes_at + datetime.timedelta(minutes=1))
    entry = ArchiveEntry.objects.published().get(page_id=consultation.pk)

    # 5. Its author finds it in the cahier and carries it to the département.
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="fr-FR")
    page = context.new_page()
    log_in(page, live_server, "alix", "/cahier-de-doleances/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cahier de doléances")
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.get_by_role("heading", name="Résultats")).to_be_visible()
    failures += violations(axe, page, "cahier entry")
    page.get_by_role("link", name="Porter cette consultation").click()
    departement = Territory.objects.get(kind="departement", code="44")
    page.get_by_label("Collectivité destinataire").select_option(str(departement.pk))
    page.get_by_label("Votre message").fill("Les habitants demandent une ouverture en soirée : voici leurs réponses.")
    failures += violations(axe, page, "carry form")
    page.get_by_role("button", name="Porter la consultation").click()
    expect(page.get_by_text("auprès de Loire-Atlantique")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "cahier-carried-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
    entry.refresh_from_db()
    assert entry.carrying.territory == departement
    assert entry.carrying.carried_by == network["proposer"]
    assert not failures, "\n".join(failures)


def test_the_wall_and_the_form_in_english_at_phone_width(live_server, browser, network):
    context = browser.new_context(viewport={"width": 320, "height": 700}, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/en/")
    expect(page.get_by_role("heading", name="The consultations wall")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / "wall-phone-en.png"), full_page=True)
    log_in(page, live_server, "alix", "/en/reseau/proposer/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Propose a consultation"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / "proposal-form-phone-en.png"), full_page=True)
    context.close()
