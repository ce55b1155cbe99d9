"""The demo citizen reads the privacy policy from the footer, downloads their data, then deletes their account, in
Chromium on a phone, with axe-core's WCAG 2.1 A/AA checks on every page they see."""

import json
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from django.test import TestCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


def violations(axe, page, label):
    return [
        f"{label}: {violation['id']} ({violation['impact']}) {violation['help']} "
        f"{[node['target'] for node in violation['nodes'][:3]]}"
        for violation in axe.run(page, options=WCAG_AA).response["violations"]
    ]


@pytest.fixture
def voted(demo):
    """The demo citizen has voted in a secret consultation of Villebrune."""
    from django.contrib.auth import get_user_model

    from consultations.models import ConsultationIndexPage
    from consultations.voting import vote
    from tests.factories import ConsultationPageFactory, full_answers

    citizen = get_user_model().objects.get(username="citoyen.villebrune")
    index = ConsultationIndexPage.objects.filter(locale__language_code="fr", url_path__contains="villebrune").first()
    consultation = ConsultationPageFactory(parent=index, title="Le futur marché couvert", secrecy="secret")
    with TestCase.captureOnCommitCallbacks(execute=True):
        vote(consultation.ballot_box.pk, full_answers(), user=citizen)
    return consultation


def test_citizen_downloads_their_data_then_deletes_their_account(live_server, browser, demo, voted):
    from django.contrib.auth import get_user_model

    from consultations.models import Ballot, Participation

    axe = Axe()
    failures = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR", accept_downloads=True)
    page = context.new_page()

    # The footer of the space says its accessibility state and links its legal pages.
    page.goto(live_server.url + "/villebrune-sur-loire/")
    footer = page.get_by_role("contentinfo")
    expect(footer.get_by_role("link", name="Accessibilité : partiellement conforme")).to_be_visible()
    footer.get_by_role("link", name="Politique de confidentialité").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Politique de confidentialité")
    expect(page.get_by_text("sous la responsabilité de Commune de Villebrune-sur-Loire")).to_be_visible()
    failures += violations(axe, page, "privacy policy")

    page.goto(live_server.url + "/comptes/login/?next=/comptes/profil/")
    page.get_by_label("Adresse e-mail ou nom d'utilisateur").fill("citoyen.villebrune")
    page.get_by_label("Mot de passe", exact=False).first.fill(demo["citoyen.villebrune"])
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil")
    failures += violations(axe, page, "profile")

    # Download: a JSON file with the participation, never the secret ballot's answers.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger mes données").click()
    download = download_info.value
    assert download.suggested_filename.startswith("aimpact-mes-donnees-")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["account"]["username"] == "citoyen.villebrune"
    assert [p["consultation"] for p in data["consultations"]["participations"]] == ["Le futur marché couvert"]
    assert "q-single-c1" not in json.dumps(data)

    # Deletion: the password again and the confirmation box; a wrong password is refused and said so.
    ballots = Ballot.objects.count()
    page.get_by_role("link", name="Supprimer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supprimer mon compte")
    failures += violations(axe, page, "delete account")
    page.get_by_label("Votre mot de passe").fill("pas-le-bon-mot-de-passe")
    page.get_by_label("Je comprends que la suppression est définitive").check()
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    expect(page.get_by_role("alert")).to_contain_text("Ce mot de passe n'est pas le bon.")
    failures += violations(axe, page, "delete account, wrong password")

    page.get_by_label("Votre mot de passe").fill(demo["citoyen.villebrune"])
    page.get_by_label("Je comprends que la suppression est définitive").check()
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre compte est supprimé")
    expect(page.get_by_role("navigation", name="Mon compte").get_by_role("link", name="Se connecter")).to_be_visible()
    failures += violations(axe, page, "account deleted")
    page.screenshot(path=str(ARTIFACTS / "account-deleted-phone.png"), full_page=True)

    assert not get_user_model().objects.filter(username="citoyen.villebrune").exists()
    assert Ballot.objects.count() == ballots
    assert Participation.objects.filter(consultation=voted, user__isnull=True, voter_key__startswith="email:").exists()
    assert failures == []
