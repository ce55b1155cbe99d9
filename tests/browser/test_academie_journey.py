"""The Académie in Chromium, on a phone: a citizen of Villebrune logs in, reads a lesson, takes its quiz, gets a
score with the explanations, marks the lesson done and sees the parcours' progress. axe-core checks every page."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
PARCOURS = "/academie/comprendre-la-participation/"
LESSON = PARCOURS + "qu-est-ce-que-la-democratie-participative/"


def violations(axe, page, label):
    return [
        f"{label}: {violation['id']} ({violation['impact']}) {violation['help']} "
        f"{[node['target'] for node in violation['nodes'][:3]]}"
        for violation in axe.run(page, options=WCAG_AA).response["violations"]
    ]


@pytest.fixture
def academie_demo(demo):
    """The demo, plus the Académie (until the loader calls ensure_demo_academie itself, it is a no-op then)."""
    from django.contrib.auth import get_user_model

    from wagtail.models import Locale

    from academie.demo import ensure_demo_academie
    from cms.models import PlatformHomePage

    french = Locale.objects.get(language_code="fr")
    admin = get_user_model().objects.get(username="admin")

    def publish(page):
        page.save_revision(user=admin).publish(user=admin)

    ensure_demo_academie(
        SimpleNamespace(
            home=PlatformHomePage.objects.get(locale=french),
            french_locale=french,
            english_locale=Locale.objects.get(language_code="en"),
            admin=admin,
            publish=publish,
        )
    )
    return demo


def test_learner_completes_a_lesson_and_its_quiz_and_sees_the_progress(live_server, browser, academie_demo):
    from academie.models import LessonCompletion, QuizAttempt

    axe = Axe()
    failures = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = context.new_page()

    page.goto(live_server.url + "/comptes/login/?next=" + PARCOURS)
    page.get_by_label("Adresse e-mail ou nom d'utilisateur").fill("citoyen.villebrune")
    page.get_by_label("Mot de passe", exact=False).first.fill(academie_demo["citoyen.villebrune"])
    page.get_by_role("button", name="Connexion").click()

    # The parcours: nothing done yet, a button to start.
    expect(page.get_by_role("heading", level=1)).to_have_text("Comprendre la participation citoyenne")
    expect(
        page.get_by_text(re.compile(r"0 leçons? terminées? sur 4 \(0 %\)"))
    ).to_be_visible()  # 0 is singular in French
    failures += violations(axe, page, "parcours, not started")
    page.get_by_role("link", name="Commencer : Qu'est-ce que la démocratie participative ?").click()

    # The lesson and its quiz: a missing answer is refused, then one right and one wrong answer.
    expect(page.get_by_role("heading", level=1)).to_have_text("Qu'est-ce que la démocratie participative ?")
    failures += violations(axe, page, "lesson")
    page.screenshot(path=str(ARTIFACTS / "academie-lesson-phone.png"), full_page=True)
    question_1 = page.get_by_role("group", name="Question 1 : Qui prend la décision finale après une consultation ?")
    question_2 = page.get_by_role("group", name="Question 2 : Lesquels de ces dispositifs")
    question_1.get_by_label("Les élus").check()
    page.get_by_role("button", name="Valider mes réponses").click()
    expect(page.get_by_role("alert").filter(has_text="Votre quiz n'est pas envoyé")).to_contain_text(
        "Question 2 : Répondez à cette question."
    )
    assert QuizAttempt.objects.count() == 0
    failures += violations(axe, page, "quiz with errors")
    expect(question_1.get_by_label("Les élus")).to_be_checked()
    question_2.get_by_label("Un budget participatif").check()
    page.get_by_role("button", name="Valider mes réponses").click()
    expect(page.locator(".quiz__score")).to_contain_text("Votre score : 1 sur 2")
    expect(page.locator(".quiz__results")).to_contain_text("Il réunit habitants et élus autour de la vie du quartier.")
    failures += violations(axe, page, "quiz result")
    page.screenshot(path=str(ARTIFACTS / "academie-quiz-result-phone.png"), full_page=True)

    # Done: the parcours shows the progress and where to resume.
    page.get_by_role("button", name="J'ai terminé cette leçon").click()
    expect(page.locator(".messages")).to_contain_text("Leçon terminée : votre progression est enregistrée.")
    expect(page.get_by_text("1 leçon terminée sur 4 (25 %)")).to_be_visible()
    page.get_by_role("link", name="Retour au parcours").click()
    expect(page.get_by_role("progressbar", name="1 leçon terminée sur 4 (25 %)")).to_have_attribute("value", "1")
    expect(page.get_by_role("link", name="Reprendre où je me suis arrêté : Consulter, concerter")).to_be_visible()
    failures += violations(axe, page, "parcours, started")
    page.goto(live_server.url + "/comptes/profil/")
    expect(page.get_by_role("region", name="Mes parcours de l'Académie")).to_contain_text(
        "Comprendre la participation citoyenne"
    )
    assert LessonCompletion.objects.count() == 1 and QuizAttempt.objects.get().score == 1
    context.close()
    assert not failures, "\n".join(failures)
