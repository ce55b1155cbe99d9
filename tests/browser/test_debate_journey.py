"""A debate in Chromium, on the demo: the citizen registers for Villebrune's upcoming debate (the confirmation email
carries its .ics), votes in the poll before the debate and asks a question; the organiser closes that poll and opens
the one after in the « Régie du débat »; the citizen votes again and, once the organiser has closed it, reads how
opinion moved. axe-core checks the debate page; screenshots at phone width."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
DEBATE = "/villebrune-sur-loire/debats/avenir-des-bords-de-loire/"
QUESTION = "Les pontons seront-ils accessibles en fauteuil roulant ?"


def log_in(page, base, username, password, next_path):
    page.goto(base + "/comptes/login/?next=" + next_path)
    page.get_by_label("Adresse e-mail ou nom d'utilisateur").fill(username)
    page.get_by_label("Mot de passe", exact=False).first.fill(password)
    page.get_by_role("button", name="Connexion").click()


def admin_log_in(page, base, password):
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill(password)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile("/admin/$"))


def vote(page, poll, choice):
    poll.get_by_label(choice, exact=True).check()
    poll.get_by_role("button", name="Voter").click()
    expect(page.locator(".messages")).to_contain_text("Votre vote est enregistré.")


def test_citizen_registers_votes_before_and_after_asks_and_sees_the_shift(live_server, browser, demo):
    from django.contrib.auth import get_user_model

    from consultations.debates import live
    from consultations.debates.demo import RESIDENTS
    from consultations.debates.models import DebatePage, LivePoll, Question, Registration

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    debate = DebatePage.objects.get(url_path__endswith="/debats/avenir-des-bords-de-loire/", locale__language_code="fr")
    before = LivePoll.objects.get(debate_id=debate.pk, phase="before")
    after = LivePoll.objects.get(debate_id=debate.pk, phase="after")
    assert before.state == "open" and after.state == "draft" and after.compare_with_id == before.pk

    citizen = browser.new_context(viewport={"width": 375, "height": 812}, locale="fr-FR")
    page = citizen.new_page()
    log_in(page, live_server.url, "citoyen.villebrune", demo["citoyen.villebrune"], DEBATE)
    expect(page.get_by_role("heading", level=1)).to_have_text(debate.title)

    # Registration: in the room, confirmed; the email carries the calendar file.
    mail.outbox.clear()
    registration = page.locator("#inscription")
    if registration.get_by_label("En salle", exact=False).count():
        registration.get_by_label("En salle", exact=False).check()
    registration.get_by_role("button", name="Je m'inscris").click()
    expect(page.locator(".messages")).to_contain_text("Votre inscription est confirmée.")
    expect(page.locator("#inscription")).to_contain_text("Vous participez")
    expect(page.get_by_role("link", name="Ajouter à mon agenda (fichier .ics)")).to_be_visible()
    assert Registration.objects.get(debate_id=debate.pk, user__username="citoyen.villebrune").status == "confirmed"
    confirmation = [message for message in mail.outbox if "camille.moreau@villebrune.example" in message.to]
    assert len(confirmation) == 1
    calendars = [content for _name, content, mimetype in confirmation[0].attachments if "calendar" in mimetype]
    assert len(calendars) == 1
    calendar = calendars[0].decode() if isinstance(calendars[0], bytes) else calendars[0]
    assert "BEGIN:VEVENT" in calendar and "DTSTART:" in calendar and "avenir des bords de Loire" in calendar

    # The poll before the debate: a secret vote, acknowledged without the choice.
    poll = page.locator(f"#sondage-{before.pk}")
    vote(page, poll, "Oui")
    poll = page.locator(f"#sondage-{before.pk}")
    expect(poll).to_contain_text("Vous avez voté.")
    expect(poll).to_contain_text("Les résultats paraîtront à la clôture du sondage.")

    # A question, then refused when empty.
    page.get_by_label("Votre question").fill(QUESTION)
    page.get_by_role("button", name="Poser ma question").click()
    expect(page.locator(".messages")).to_contain_text("Votre question est publiée.")
    expect(page.locator("[data-questions]")).to_contain_text(QUESTION)
    assert Question.objects.filter(debate_id=debate.pk, text=QUESTION, status="visible").count() == 1
    page.get_by_role("button", name="Poser ma question").click()
    expect(page.locator("#question-texte")).to_have_attribute("aria-invalid", "true")

    violations = Axe().run(page, options=WCAG_AA).response["violations"]
    page.screenshot(path=str(ARTIFACTS / "debate-phone-fr.png"), full_page=True)
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]

    # The organiser: closes the poll before, opens the poll after, in the « Régie du débat ».
    organiser = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR").new_page()
    admin_log_in(organiser, live_server.url, demo["admin"])
    organiser.goto(f"{live_server.url}/admin/debats/{debate.pk}/regie/")
    expect(organiser.get_by_role("heading", name="Sondages")).to_be_visible()
    organiser.locator("tr", has_text="avant le débat").get_by_role("button", name="Clore").click()
    organiser.locator("tr", has_text="après le débat").get_by_role("button", name="Ouvrir").click()
    before.refresh_from_db()
    after.refresh_from_db()
    assert before.state == "closed" and before.counted_at is not None  # counted in-process (no broker here)
    assert after.state == "open"

    # The citizen votes after the debate (the page refreshes itself; the link works without JavaScript), and so do
    # four residents: a secret poll's results are published from five voters.
    page.goto(live_server.url + DEBATE)
    vote(page, page.locator(f"#sondage-{after.pk}"), "Non")
    for resident in get_user_model().objects.filter(username__in=RESIDENTS):
        live.vote(after, resident, 1)

    organiser.goto(f"{live_server.url}/admin/debats/{debate.pk}/regie/")
    organiser.locator("tr", has_text="après le débat").get_by_role("button", name="Clore").click()
    after.refresh_from_db()
    assert after.counted_at is not None

    page.goto(live_server.url + DEBATE)
    shift = page.locator(f"#sondage-{after.pk} .live-shift")
    expect(shift).to_contain_text("Comment l'avis a bougé")
    expect(shift.locator("tr", has_text="Non")).to_contain_text(re.compile(r"\+\d+(,\d)? points \(en hausse\)"))
    shift.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "debate-shift-phone-fr.png"), full_page=True)
