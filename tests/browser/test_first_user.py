"""What a first visitor trips over, in Chromium (issue 10, "first user" list): pages never wider than a phone's
screen, even with WCAG 1.4.12 text spacing forced; budget key figures that never run into each other; a form sent
with an expired security token answered by a French page, after which the survey's answers are still there."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
QUAIS = "/villebrune-sur-loire/consultations/reamenagement-des-quais/"
# WCAG 1.4.12: a reader's style sheet may set these; nothing may be cut off or overlap.
TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }"
    " p { margin-bottom: 2em !important; }"
)
PAGES = {
    "budget": "/villebrune-sur-loire/budget/budget-2026/",
    "space": "/villebrune-sur-loire/",
    "projects": "/villebrune-sur-loire/projets/",
    "news": "/villebrune-sur-loire/actualites/",
    "consultations": "/villebrune-sur-loire/consultations/",
    "barometre": "/barometre/",
    "academie": "/academie/",
}
WIDTHS = (320, 360, 390, 1280)

OVERFLOWING = """() => Array.from(document.querySelectorAll('body *'))
    .filter((element) => !element.closest('.table-scroll'))
    .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5).map((element) => element.tagName + '.' + element.className)"""
CLIPPED = """() => Array.from(document.querySelectorAll('.chart__value, .key-figure__value, .chart__label'))
    .filter((element) => element.scrollWidth > element.clientWidth + 1)
    .map((element) => element.textContent.trim())"""
OVERLAPS = """() => {
    const boxes = Array.from(document.querySelectorAll('.key-figure__value, .key-figure__label'))
        .map((element) => [element.textContent.trim(), element.getBoundingClientRect()]);
    const overlaps = [];
    for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
            const [a, ra] = boxes[i], [b, rb] = boxes[j];
            const apart = ra.right - 0.5 <= rb.left || rb.right - 0.5 <= ra.left
                || ra.bottom - 0.5 <= rb.top || rb.bottom - 0.5 <= ra.top;
            if (!apart) {
                overlaps.push(a + ' / ' + b);
            }
        }
    }
    return overlaps;
}"""


@pytest.mark.parametrize("spacing", [False, True], ids=["default", "text-spacing"])
def test_no_page_is_wider_than_the_screen_and_key_figures_never_overlap(live_server, browser, demo, spacing):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    failures = []
    for width in WIDTHS:
        # A reader's own style sheet is not the page's: the site's Content-Security-Policy must not refuse it here.
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR", bypass_csp=spacing)
        page = context.new_page()
        for name, path in PAGES.items():
            page.goto(live_server.url + path)
            if spacing:
                page.add_style_tag(content=TEXT_SPACING)
            scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll_width > inner_width:
                failures.append(f"{name} at {width}px: {scroll_width}px wide ({page.evaluate(OVERFLOWING)})")
            clipped = page.evaluate(CLIPPED)
            if clipped:
                failures.append(f"{name} at {width}px: values run out of their box: {clipped}")
            overlaps = page.evaluate(OVERLAPS)
            if overlaps:
                failures.append(f"{name} at {width}px: key figures overlap: {overlaps}")
            if name in ("budget", "barometre") and width in (320, 1280):
                suffix = "-spacing" if spacing else ""
                page.screenshot(path=str(ARTIFACTS / f"first-user-{name}-{width}{suffix}.png"))
        context.close()
    assert not failures, "\n".join(failures)


def test_a_long_word_in_an_error_does_not_widen_the_page(live_server, browser, demo):
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/comptes/signup/")
    page.get_by_label("E-mail").fill("x" * 300)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.locator(".form-errors")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.evaluate(OVERFLOWING)
    context.close()


def test_a_stale_security_token_keeps_the_answers_and_the_vote_goes_through(live_server, browser, demo):
    from consultations.models import ConsultationPage, Participation

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/comptes/login/?next=" + QUAIS)
    page.get_by_label("Adresse e-mail ou nom d'utilisateur").fill("citoyen.villebrune")
    page.get_by_label("Mot de passe", exact=False).first.fill(demo["citoyen.villebrune"])
    page.get_by_role("button", name="Connexion").click()
    form = page.locator("form.survey-form")
    expect(form).to_be_visible()
    box = ConsultationPage.objects.get(slug="reamenagement-des-quais", locale__language_code="fr")
    before = Participation.objects.filter(consultation=box).count()

    page.locator("fieldset", has_text="Êtes-vous favorable").get_by_label("Oui").check()
    facilities = page.locator("fieldset", has_text="Quels équipements souhaitez-vous")
    page.get_by_label("Les pistes cyclables").check()
    facilities.get_by_label("Des bancs à l'ombre").check()
    page.locator("fieldset", has_text="urgent").get_by_label("4 sur 5", exact=True).check()
    page.get_by_label("Avez-vous une remarque").fill("Des arbres, beaucoup d'arbres.")

    # The token the page holds no longer matches: the cookie was renewed elsewhere (another tab, a long pause).
    context.add_cookies([{"name": "csrftoken", "value": "x" * 32, "url": live_server.url}])
    page.get_by_role("button", name="Envoyer mon vote").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Votre formulaire n'a pas été envoyé")
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.locator("header.site-header")).to_be_visible()
    expect(page.locator("main")).to_contain_text("rien n'a été enregistré")
    assert Participation.objects.filter(consultation=box).count() == before
    page.screenshot(path=str(ARTIFACTS / "first-user-csrf-failure.png"), full_page=True)

    page.get_by_role("link", name="Revenir au formulaire").click()
    expect(form).to_be_visible()
    expect(page.locator("fieldset", has_text="Êtes-vous favorable").get_by_label("Oui")).to_be_checked()
    expect(facilities).to_be_visible()
    expect(page.get_by_label("Les pistes cyclables")).to_be_checked()
    expect(facilities.get_by_label("Des bancs à l'ombre")).to_be_checked()
    expect(facilities.get_by_label("Des fontaines")).not_to_be_checked()
    expect(page.locator("fieldset", has_text="urgent").get_by_label("4 sur 5", exact=True)).to_be_checked()
    expect(page.get_by_label("Avez-vous une remarque")).to_have_value("Des arbres, beaucoup d'arbres.")

    page.get_by_role("button", name="Envoyer mon vote").click()
    expect(page.locator(".messages")).to_contain_text("Merci, votre vote est enregistré.")
    assert Participation.objects.filter(consultation=box).count() == before + 1
    # Nothing of the ballot stays in the browser once the vote went through.
    assert page.evaluate("Object.keys(sessionStorage).filter((key) => key.startsWith('aimpact:'))") == []
    context.close()
