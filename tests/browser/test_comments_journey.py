"""Comments in Chromium: a citizen comments a consultation, replies, supports and reports a comment; a moderator
hides it in the admin; the page then shows the placeholder. Without JavaScript-only paths: every action is a form.
axe-core checks the discussion; screenshots at phone and desktop widths, in French and English."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
QUAIS = "/villebrune-sur-loire/consultations/reamenagement-des-quais/"
REPORTED = "Attention au stationnement"


def violations(axe, page, label):
    return [
        f"{label}: {violation['id']} ({violation['impact']}) {violation['help']} "
        f"{[node['target'] for node in violation['nodes'][:3]]}"
        for violation in axe.run(page, context="#commentaires", options=WCAG_AA).response["violations"]
    ]


def test_citizen_discusses_and_a_moderator_hides_a_reported_comment(live_server, browser, demo):
    from consultations.comments.models import Comment, CommentModeration, CommentReport
    from consultations.models import ConsultationPage

    axe = Axe()
    failures = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/comptes/login/?next=" + QUAIS)
    page.get_by_label("Adresse e-mail ou nom d'utilisateur").fill("citoyen.villebrune")
    page.get_by_label("Mot de passe", exact=False).first.fill(demo["citoyen.villebrune"])
    page.get_by_role("button", name="Connexion").click()

    discussion = page.locator("#commentaires")
    expect(discussion.get_by_role("heading", level=2)).to_contain_text("Discussion")
    expect(discussion).to_contain_text(REPORTED)

    # An empty comment is refused, said next to the field.
    discussion.get_by_role("button", name="Publier mon commentaire").click()
    expect(page.locator("#commentaire-texte-erreur")).to_contain_text("Écrivez votre commentaire")
    expect(page.get_by_label("Votre commentaire")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Votre commentaire").fill("Et un abri à vélos couvert <script>alert(1)</script> svp !")
    discussion.get_by_role("button", name="Publier mon commentaire").click()
    expect(page.locator(".messages")).to_contain_text("Votre commentaire est publié.")
    expect(discussion).to_contain_text("<script>alert(1)</script>")  # shown as text, never run

    first_thread = discussion.locator(".comments__thread", has_text="Je me promène sur les quais")
    first_thread.locator("summary", has_text="Répondre").click()
    first_thread.get_by_label("Votre réponse").fill("Des bancs, oui, et de l'ombre !")
    first_thread.get_by_role("button", name="Publier ma réponse").click()
    expect(page.locator(".messages")).to_contain_text("Votre réponse est publiée.")
    expect(discussion.locator(".comments__replies")).to_contain_text(["Des bancs, oui, et de l'ombre !"])

    first_comment = discussion.locator("article", has_text="Je me promène sur les quais")
    expect(first_comment).to_contain_text("3 soutiens")
    first_comment.get_by_role("button", name=re.compile("^Soutenir")).click()
    first_comment = page.locator("#commentaires article", has_text="Je me promène sur les quais")
    expect(first_comment).to_contain_text("4 soutiens")
    expect(first_comment.get_by_role("button", name=re.compile("^Retirer mon soutien"))).to_be_visible()

    page.locator("#commentaires article", has_text=REPORTED).get_by_role("link", name=re.compile("^Signaler")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaler un commentaire")
    page.get_by_label("Propos injurieux, haineux ou harcèlement", exact=False).check()
    page.get_by_label("Précisions (facultatif)").fill("Vise les commerçants du marché")
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.locator(".messages")).to_contain_text("votre signalement est transmis aux modérateurs")
    reported = Comment.objects.get(text__startswith=REPORTED)
    assert CommentReport.objects.filter(comment=reported).count() == 1
    failures += violations(axe, page, "discussion, logged in")
    page.locator("#commentaires").screenshot(path=str(ARTIFACTS / "comments-phone-fr.png"))

    # A moderator hides it in the admin, with a reason.
    admin = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR").new_page()
    admin.goto(live_server.url + "/admin/login/")
    admin.get_by_label("Nom d’utilisateur").fill("admin")
    admin.get_by_label("Mot de passe").fill(demo["admin"])
    admin.locator("button[type=submit]").click()
    admin.goto(live_server.url + "/admin/commentaires/")
    expect(admin.locator("table.listing tbody tr").first).to_contain_text(REPORTED)
    admin.get_by_role("link", name=re.compile(REPORTED)).click()
    admin.get_by_role("button", name="Masquer", exact=True).click()
    expect(admin.locator(".error-message").first).to_contain_text("Indiquez le motif")
    admin.get_by_label("Motif (obligatoire pour masquer ou rétablir)").fill("Propos visant des personnes")
    admin.get_by_role("button", name="Masquer", exact=True).click()
    expect(admin.get_by_text("Le commentaire est masqué.")).to_be_visible()
    assert CommentModeration.objects.get(comment=reported).reason == "Propos visant des personnes"
    admin.screenshot(path=str(ARTIFACTS / "comments-admin.png"), full_page=True)

    page.goto(live_server.url + QUAIS + "?tri=recents")  # a new address: a fragment alone would not reload
    hidden = page.locator(f"#commentaire-{reported.pk}")
    expect(hidden).to_have_text("Commentaire masqué par la modération")
    expect(page.locator("#commentaires")).not_to_contain_text(REPORTED)
    expect(page.locator("#commentaires")).to_contain_text("La navette du samedi existe déjà")  # its reply stays
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"horizontal overflow: {width}px"
    page.locator("#commentaires").screenshot(path=str(ARTIFACTS / "comments-phone-hidden.png"))

    # Desktop, and the English version of the page: the same discussion.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("#commentaires").screenshot(path=str(ARTIFACTS / "comments-desktop-fr.png"))
    box = ConsultationPage.objects.get(slug="reamenagement-des-quais", locale__language_code="fr")
    english = ConsultationPage.objects.get(translation_key=box.translation_key, locale__language_code="en")
    page.goto(live_server.url + english.url)
    expect(page.locator("#commentaires")).to_contain_text("Comment hidden by the moderators")
    expect(page.locator("#commentaires")).to_contain_text("Des bancs, oui, et de l'ombre !")
    failures += violations(axe, page, "discussion, English")
    page.locator("#commentaires").screenshot(path=str(ARTIFACTS / "comments-desktop-en.png"))
    page.set_viewport_size({"width": 375, "height": 812})
    page.locator("#commentaires").screenshot(path=str(ARTIFACTS / "comments-phone-en.png"))
    assert not failures, "\n".join(failures)
