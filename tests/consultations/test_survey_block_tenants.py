"""Security (issue 10, finding 4): an editor of one collectivité may only put in a survey block a consultation of
their own space or of the national network, through the admin; what a block shows is checked again when it renders."""

import pytest

from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import NewsPage
from tests.factories import (
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    NewsIndexPageFactory,
    UserFactory,
)

pytestmark = [pytest.mark.security, pytest.mark.django_db]


@pytest.fixture
def spaces(home):
    made = {}
    for slug in ("nord", "sud"):
        space = CollectiviteSpaceFactory(parent=home, title=f"Ville du {slug}", slug=slug)
        index = ConsultationIndexPageFactory(parent=space, slug=f"consultations-{slug}")
        made[slug] = {
            "space": space,
            "news": NewsIndexPageFactory(parent=space),
            "consultation": ConsultationPageFactory(parent=index, title=f"Consultation du {slug}", slug=f"c-{slug}"),
            "editor": UserFactory(username=f"editeur-{slug}", groups=[space.editors_group]),
        }
    national_index = ConsultationIndexPageFactory(parent=home, slug="consultations-nationales")
    made["national"] = ConsultationPageFactory(parent=national_index, title="Consultation nationale", slug="c-nat")
    return made


def add_news(client, index, consultation, slug):
    return client.post(
        reverse("wagtailadmin_pages:add", args=["cms", "newspage", index.pk]),
        nested_form_data(
            {
                "title": "Donnez votre avis",
                "slug": slug,
                "date": "2026-12-01",
                "summary": "Un questionnaire.",
                "body": streamfield([("survey", {"consultation": consultation.pk, "heading": "Votez"})]),
                "action-publish": "publish",
            }
        ),
    )


def test_an_editor_cannot_embed_another_collectivites_consultation(client, spaces):
    client.force_login(spaces["nord"]["editor"])
    response = add_news(client, spaces["nord"]["news"], spaces["sud"]["consultation"], "chez-le-voisin")
    assert response.status_code == 200
    error = response.context["form"].errors.as_data()["body"][0]
    message = error.block_errors[0].block_errors["consultation"].messages[0]
    assert message.startswith("« Consultation du sud » appartient à une autre collectivité")
    assert not NewsPage.objects.filter(slug="chez-le-voisin").exists()


@pytest.mark.parametrize("which", ["own", "national"])
def test_an_editor_embeds_their_own_or_a_national_consultation(client, spaces, which):
    client.force_login(spaces["nord"]["editor"])
    consultation = spaces["nord"]["consultation"] if which == "own" else spaces["national"]
    response = add_news(client, spaces["nord"]["news"], consultation, f"avis-{which}")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert NewsPage.objects.filter(slug=f"avis-{which}").exists()


def test_a_national_page_may_show_any_space_consultation(client, spaces, home):
    client.force_login(UserFactory(username="aimpact", is_superuser=True, is_staff=True))
    national_news = NewsIndexPageFactory(parent=home, slug="actualites-nationales")
    response = add_news(client, national_news, spaces["sud"]["consultation"], "a-la-une")
    assert response.status_code == 302, response.content.decode()[:3000]
