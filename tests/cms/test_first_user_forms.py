"""Forms as a first visitor meets them (issue 10, "first user" list): fields in error tell screen readers so and point
to their message, an expired security token gets a French page on the site's layout, and the space's « mot
d'accueil » has a length a page can show."""

import re

import pytest

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from cms.models import CollectiviteSpace
from tests.cms.accounts.helpers import SIGNUP_URL, signup_data
from tests.factories import CitizenFactory, ConsultationIndexPageFactory, ConsultationPageFactory, full_answers

pytestmark = pytest.mark.django_db


def controls(html):
    """{id or name: the control's opening tag} of every input, select and textarea (hidden inputs left out)."""
    found = {}
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if 'type="hidden"' in tag:
            continue
        key = re.search(r'\bid="([^"]+)"', tag) or re.search(r'\bname="([^"]+)"', tag)
        found[key.group(1)] = tag
    return found


def described_by(tag):
    match = re.search(r'aria-describedby="([^"]*)"', tag)
    return match.group(1).split() if match else []


# -- fields in error -------------------------------------------------------------------------------------------------


def test_sign_up_fields_in_error_are_invalid_and_described_by_their_message(client):
    from django.core.cache import cache

    cache.clear()
    response = client.post(SIGNUP_URL, signup_data(email="pas-une-adresse", password2="autre-chose-2026"))
    assert response.status_code == 200
    html = response.content.decode()
    fields = controls(html)
    for name in ("id_email", "id_password2"):
        tag = fields[name]
        assert 'aria-invalid="true"' in tag, tag
        assert f"{name}_error" in described_by(tag), tag
        assert f'id="{name}_error"' in html  # the message the field points to exists
    # A field with help and no error points to its help, and is not marked invalid.
    assert described_by(fields["id_password1"]) == ["id_password1_helptext"]
    assert "aria-invalid" not in fields["id_commune"]


def test_survey_fields_in_error_are_invalid_and_described_by_their_message(client, space):
    consultation = ConsultationPageFactory(parent=ConsultationIndexPageFactory(parent=space), slug="parc")
    client.force_login(CitizenFactory())
    answers = full_answers(**{"q-single": None, "q-number": "999", "q-short": "x" * 250})
    data = {f"q-{qid}": value for qid, value in answers.items() if qid != "q-rank"}
    data.update({f"q-q-rank-{choice}": str(rank) for rank, choice in enumerate(answers["q-rank"], start=1)})
    response = client.post(consultation.url, data)
    assert response.status_code == 400
    html = response.content.decode()
    fields = controls(html)
    radios = [tag for key, tag in fields.items() if key.startswith("q-q-single-")]
    assert radios and all('aria-invalid="true"' in tag for tag in radios)
    assert 'aria-invalid="true"' in fields["q-q-number-input"]
    assert "q-q-number-error" in described_by(fields["q-q-number-input"])
    assert 'aria-invalid="true"' in fields["q-q-short"]
    assert re.search(r'id="q-q-number-error" class="field__error"><p>[^<]+</p>', html)
    # The questions answered correctly are not marked.
    assert not any("aria-invalid" in tag for key, tag in fields.items() if key.startswith("q-q-yes-"))
    assert "aria-invalid" not in fields["q-q-long"]


# -- an expired security token ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "heading", "back"),
    [
        ("", "Votre formulaire n'a pas été envoyé", "Revenir au formulaire"),
        ("/en", "Your form was not sent", "Back to the form"),
    ],
)
def test_an_expired_token_gets_a_page_in_the_visitors_language_on_the_sites_layout(space, prefix, heading, back):
    browser = Client(enforce_csrf_checks=True)
    referer = f"http://testserver{space.url}"
    response = browser.post(f"{prefix}/comptes/signup/", signup_data(), HTTP_REFERER=referer)
    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{prefix.strip("/") or "fr"}">' in html
    assert '<main id="contenu"' in html and 'class="site-header"' in html
    assert f"<h1>{heading}</h1>" in html
    assert f'<a class="button" href="{referer}">{back}</a>' in html
    assert "CSRF" not in html  # Django's explanation is for developers


def test_the_back_link_never_leads_to_another_site(space):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/comptes/signup/", signup_data(), HTTP_REFERER="https://ailleurs.example/piege")
    assert response.status_code == 403
    html = response.content.decode()
    assert "ailleurs.example" not in html
    assert '<a class="button" href="/">' in html


# -- the space's « mot d'accueil » -------------------------------------------------------------------------------------


def test_the_welcome_text_is_capped_in_the_admin_form_the_model_and_the_database(space):
    form_class = CollectiviteSpace.get_edit_handler().get_form_class()
    field = form_class.base_fields["introduction"]
    assert field.widget.attrs["maxlength"] == "2000"
    with pytest.raises(ValidationError) as refused:
        field.clean("a" * 100_000)
    assert "2000" in str(refused.value)
    field.clean("a" * 2000)

    space.introduction = "a" * 2001
    with pytest.raises(ValidationError) as refused:
        space.full_clean()
    assert "introduction" in refused.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        CollectiviteSpace.objects.filter(pk=space.pk).update(introduction="a" * 100_000)


def test_a_group_of_radios_in_error_is_a_fieldset_described_by_its_message():
    from django import forms
    from django.template.loader import render_to_string

    class Form(forms.Form):
        frequency = forms.ChoiceField(
            label="Fréquence",
            choices=[("a", "Souvent"), ("b", "Rarement")],
            widget=forms.RadioSelect,
            help_text="Une seule.",
        )

    form = Form(data={})
    html = render_to_string("includes/form_field.html", {"field": form["frequency"]})
    assert (
        '<fieldset class="field field--group field--error" aria-describedby="id_frequency_helptext id_frequency_error">'
        in html
    )
    assert "<legend>Fréquence" in html
    assert 'id="id_frequency_error"' in html
    assert html.count('aria-invalid="true"') == 2
