"""The survey form in Chromium (issue 10, first user): visible questions are numbered without gaps when a
conditional question is hidden, and each radio of a scale is named with its meaning in the accessibility tree."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def consultation(migrated_data):
    from cms.models import PlatformHomePage
    from tests.factories import (
        CitizenFactory,
        ConsultationIndexPageFactory,
        ConsultationPageFactory,
    )

    home = PlatformHomePage.objects.get(locale__language_code="fr")
    page = ConsultationPageFactory(
        parent=ConsultationIndexPageFactory(parent=home), title="Le nouveau parc", slug="nouveau-parc"
    )
    return page, CitizenFactory(username="camille", email="camille@example.org")


def numbers(page):
    return page.locator("form.survey-form fieldset.question:visible .question__number").all_inner_texts()


def test_visible_questions_are_numbered_without_gaps_and_scale_radios_say_what_they_mean(
    live_server, browser, consultation
):
    from django.test import Client

    consultation, citizen = consultation
    client = Client()
    client.force_login(citizen)
    context = browser.new_context(locale="fr-FR")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + consultation.url)

    # Question 3 (multiple choice) is asked only after « Oui » to question 1: hidden, the next one is 3, not 4.
    expect(page.locator("fieldset", has_text="Quels usages ?")).to_be_hidden()
    assert numbers(page) == ["1.", "2.", "3.", "4.", "5.", "6.", "7."]
    expect(page.locator("fieldset", has_text="Classez les priorités").locator(".question__number")).to_have_text("3.")
    # The scale's radios, by their accessible names.
    scale = page.locator("fieldset", has_text="Votre intérêt ?")
    for name in ("1 – Faible", "2 sur 5", "3 sur 5", "4 sur 5", "5 – Fort"):
        expect(scale.get_by_role("radio", name=name, exact=True)).to_have_count(1)

    # The error summary names the questions by the numbers shown.
    page.get_by_role("button", name="Envoyer mon vote").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Question 1 : Cette question est obligatoire.")
    # Unanswered: questions 1, 2, 4, 5 and 6 of the server's numbering, shown as 1 to 5 (question 3 is hidden).
    links = summary.get_by_role("link")
    expect(links).to_have_count(5)
    assert [text.split(" :")[0] for text in links.all_inner_texts()] == [f"Question {n}" for n in range(1, 6)]
    expect(page.locator("fieldset", has_text="Classez les priorités").locator(".question__number")).to_have_text("3.")
    page.locator("fieldset", has_text="Êtes-vous favorable").get_by_label("Oui").check()
    expect(page.locator("fieldset", has_text="Quels usages ?")).to_be_visible()
    assert numbers(page) == ["1.", "2.", "3.", "4.", "5.", "6.", "7.", "8."]
    page.locator("fieldset", has_text="Êtes-vous favorable").get_by_label("Non", exact=True).check()
    assert numbers(page) == ["1.", "2.", "3.", "4.", "5.", "6.", "7."]

    context.close()
