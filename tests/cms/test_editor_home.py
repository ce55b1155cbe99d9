"""Issue 10 (first user): a space editor lands on their own space, and the admin home is made for a communication
officer: their pages, the space's open consultations and the answers waiting for moderation, shortcuts."""

import re

import pytest

from django.urls import reverse

from wagtail.models import Locale, Page

from consultations.models import FreeText
from tests.factories import (
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    UserFactory,
)


@pytest.fixture
def spaces(home):
    spaces = {}
    english = Locale.objects.get_or_create(language_code="en")[0]
    for slug, title in (("nord", "Ville du Nord"), ("sud", "Ville du Sud")):
        space = CollectiviteSpaceFactory(parent=home, title=title, slug=slug)
        news_index = NewsIndexPageFactory(parent=space)
        NewsPageFactory(parent=news_index, title=f"Actualité de {title}")
        consultations = ConsultationIndexPageFactory(parent=space)
        consultation = ConsultationPageFactory(parent=consultations, title=f"Consultation de {title}", slug="c")
        editor = UserFactory(username=f"editeur-{slug}", groups=[space.editors_group])
        space.copy_for_translation(english, copy_parents=True)  # like the demo: the same editors edit it
        spaces[slug] = {"space": space, "news_index": news_index, "consultation": consultation, "editor": editor}
    FreeText.objects.create(consultation=spaces["nord"]["consultation"], question_id="q", text="Plus de bancs.")
    return spaces


def test_the_explorer_opens_on_the_editors_space(client, spaces):
    client.force_login(spaces["nord"]["editor"])
    response = client.get(reverse("wagtailadmin_explore_root"))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[spaces["nord"]["space"].pk])


def test_the_pages_menu_starts_at_the_editors_space(client, spaces):
    client.force_login(spaces["nord"]["editor"])
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    start = re.search(r'"name": "explorer"[^]]*?"url": "/admin/pages/"\}, (\d+)\]', body)
    assert start is not None
    assert int(start.group(1)) == spaces["nord"]["space"].pk  # not Wagtail's Root with both languages' homes


def test_the_dashboard_counts_the_editors_pages_only(client, spaces):
    client.force_login(spaces["nord"]["editor"])
    response = client.get(reverse("wagtailadmin_home"))
    body = response.content.decode()
    own = Page.objects.descendant_of(spaces["nord"]["space"], inclusive=True).count()
    own += 1  # the English space
    assert f"{own} Pages" in body or f"{own} pages" in body
    assert "Ville du Sud" not in body


def test_the_home_panel_is_made_for_a_communication_officer(client, spaces):
    north = spaces["nord"]
    client.force_login(north["editor"])
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Consultation de Ville du Nord" in body
    assert "1 réponse à modérer" in body
    assert reverse("consultations_moderation", args=[north["consultation"].pk]) in body
    assert reverse("wagtailadmin_pages:add", args=["cms", "newspage", north["news_index"].pk]) in body
    assert "Nouvelle consultation" in body
    assert "Actualité de Ville du Nord" in body  # their recent pages
    assert "Consultation de Ville du Sud" not in body


def test_superusers_keep_wagtails_root_and_totals(client, spaces):
    client.force_login(UserFactory(username="aimpact", is_superuser=True))
    assert client.get(reverse("wagtailadmin_explore_root")).status_code == 200
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "cms-space-home" not in body
    total = Page.objects.count() - 1  # Wagtail's Root is not counted
    assert f"{total} Pages" in body or f"{total} pages" in body
