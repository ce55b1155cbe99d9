"""Subscribing in Chromium at a phone's width: a citizen subscribes on a space's home (no JavaScript needed), confirms
through the link of the email, then leaves from the preferences page. axe-core checks every page."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


def violations(axe, page, label):
    return [
        f"{label}: {violation['id']} ({violation['impact']}) {violation['help']} "
        f"{[node['target'] for node in violation['nodes'][:3]]}"
        for violation in axe.run(page, options=WCAG_AA).response["violations"]
    ]


def test_citizen_subscribes_confirms_and_unsubscribes(live_server, browser, migrated_data, settings):
    from cms.models import PlatformHomePage
    from newsletters import tokens
    from newsletters.models import Subscription
    from tests.factories import CollectiviteSpaceFactory
    from tests.newsletters.subscriptions.factories import NewsletterPageFactory

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    home = PlatformHomePage.objects.get(locale__language_code="fr")
    space = CollectiviteSpaceFactory(parent=home, title="Villeneuve-sur-Test", slug="villeneuve")
    newsletter = NewsletterPageFactory(parent=space, title="La lettre de Villeneuve")

    axe = Axe()
    failures = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + space.url)
    panel = page.locator(f"#lettre-{newsletter.pk}")
    expect(panel.get_by_role("heading", level=2)).to_contain_text("La lettre d'information")
    failures += violations(axe, page, "space home")

    # Refused without the consent box: the error is next to the field, the address kept.
    panel.get_by_label("Votre adresse e-mail").fill("lea@example.org")
    panel.get_by_role("button", name="M'inscrire").click()
    expect(page.locator("#id_consent_error")).to_contain_text("Cochez la case")
    expect(page.get_by_label("Votre adresse e-mail")).to_have_value("lea@example.org")
    failures += violations(axe, page, "refused form")

    page.get_by_text("Choisir des thèmes (facultatif)").click()  # the themes are folded away until asked for
    page.get_by_label("Culture et patrimoine").check()
    page.get_by_label(re.compile("J'accepte de recevoir")).check()
    page.get_by_role("button", name="M'inscrire").click()
    expect(page.locator(".messages")).to_contain_text("un e-mail vient d'y être envoyé")
    page.screenshot(path=str(ARTIFACTS / "newsletter-subscribed-375.png"), full_page=True)

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+?(/lettre/confirmer/\S+/)", mail.outbox[0].body).group(1)
    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer mon inscription")
    expect(page.locator(".brand__name")).to_have_text("Villeneuve-sur-Test")  # the space's theme
    failures += violations(axe, page, "confirm page")
    assert Subscription.objects.get().status == Subscription.Status.PENDING  # the GET changed nothing
    page.get_by_role("button", name="Je confirme mon inscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inscription confirmée")
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.ACTIVE and subscription.themes == ["culture"]

    page.get_by_role("link", name="Choisir mes thèmes et ma langue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mes préférences")
    failures += violations(axe, page, "preferences page")
    page.get_by_label("Sport et loisirs").check()
    page.get_by_role("button", name="Enregistrer mes préférences").click()
    expect(page.get_by_role("status").filter(has_text="Vos préférences sont enregistrées")).to_be_visible()
    page.get_by_role("button", name="Me désinscrire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vous êtes désinscrit")
    expect(page.get_by_role("button", name="Me réinscrire")).to_be_visible()
    failures += violations(axe, page, "unsubscribed page")
    page.screenshot(path=str(ARTIFACTS / "newsletter-unsubscribed-375.png"), full_page=True)
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    assert subscription.themes == ["culture", "sport"]

    # A tampered link: a polite page, nothing changes.
    bad = page.goto(live_server.url + "/lettre/desinscription/" + tokens.make_token(subscription, "unsubscribe") + "x/")
    assert bad.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Ce lien ne fonctionne pas")
    context.close()
    assert failures == []
