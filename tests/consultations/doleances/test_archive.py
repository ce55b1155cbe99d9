"""The cahier de doléances page: what it lists (public closed consultations only), its filters, its pagination in the
database, a space's part of it, and how its entries follow the consultations (unpublished, restricted, moved,
deleted, rebuilt)."""

import datetime

import pytest

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from cms.models import CollectiviteSpace, PlatformHomePage
from consultations.doleances.models import ArchiveEntry, CahierDoleancesPage
from consultations.doleances.services import rebuild
from tests.factories import ConsultationPageFactory

from .factories import closed_consultation

pytestmark = pytest.mark.django_db


class TestPageType(WagtailPageTestCase):
    def test_created_under_the_platform_home_only(self):
        self.assertCanCreateAt(PlatformHomePage, CahierDoleancesPage)
        self.assertCanNotCreateAt(CollectiviteSpace, CahierDoleancesPage)
        self.assertAllowedSubpageTypes(CahierDoleancesPage, {})

    def test_routable_and_renderable(self):
        home = PlatformHomePage.objects.get(locale__language_code="fr")
        cahier = CahierDoleancesPage(title="Cahier de doléances", slug="cahier")
        home.add_child(instance=cahier)
        self.assertPageIsRoutable(cahier)
        self.assertPageIsRenderable(cahier)
        self.assertPageIsRoutable(cahier, "espace/une-ville/")


def test_lists_only_public_closed_consultations(client, cahier, index, space):
    closed = closed_consultation(index, title="Le parc est clos")
    ConsultationPageFactory(parent=index, title="Encore ouverte")
    draft = closed_consultation(index, title="Brouillon clos")
    draft.unpublish()
    response = client.get(cahier.url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Le parc est clos" in content
    assert "Encore ouverte" not in content
    assert "Brouillon clos" not in content
    assert ArchiveEntry.objects.get(page=closed).published
    assert not ArchiveEntry.objects.get(page=draft).published


def test_shows_dates_scope_participation_summary_and_results_link(client, cahier, index, commune):
    page = closed_consultation(index, title="Le parc", participants=120, population=1000)
    content = client.get(cahier.url).content.decode()
    assert "Villetest" in content
    assert "120 participants" in content
    assert "12 % de la population" in content
    assert "En tête : « Oui » (62 %)" in content
    assert "Moyenne : 3,4" in content
    assert page.results_url() in content


@pytest.mark.security
def test_a_space_with_an_access_code_hides_its_entries(client, cahier, index, space):
    closed_consultation(index, title="Privée par code")
    assert "Privée par code" in client.get(cahier.url).content.decode()
    space.access_code = "123456"
    space.save()
    PageViewRestriction.objects.create(page=space, restriction_type=PageViewRestriction.PASSWORD, password="123456")
    assert "Privée par code" not in client.get(cahier.url).content.decode()
    assert not ArchiveEntry.objects.get().published
    PageViewRestriction.objects.filter(page=space).delete()
    assert ArchiveEntry.objects.get().published


@pytest.mark.security
def test_a_private_consultation_is_never_listed_even_with_a_stale_flag(client, cahier, index):
    page = closed_consultation(index, title="Réservée")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    entry = ArchiveEntry.objects.get()
    assert not entry.published
    ArchiveEntry.objects.filter(pk=entry.pk).update(published=True)  # a flag left behind
    content = client.get(cahier.url).content.decode()
    assert "Réservée" not in content
    assert client.get(f"{cahier.url}{entry.pk}/").status_code == 404


def test_unpublished_space_hides_its_entries(client, cahier, index, space):
    closed_consultation(index, title="Sous un espace dépublié")
    space.unpublish()
    assert not ArchiveEntry.objects.get().published


def test_moved_and_deleted_consultations(cahier, index, other_index, other_space):
    page = closed_consultation(index, title="Déplacée")
    page.move(other_index, pos="last-child")
    entry = ArchiveEntry.objects.get()
    assert entry.space_id == other_space.pk
    page.delete()
    assert not ArchiveEntry.objects.exists()


def test_filter_by_territory_includes_what_it_contains(
    client, cahier, index, other_index, region, departement, other_departement
):
    closed_consultation(index, title="Dans la commune 44")
    closed_consultation(other_index, title="Dans la commune 85")
    closed_consultation(index, title="Sur le département", territory=departement)
    by_departement = client.get(cahier.url, {"territory": departement.pk}).content.decode()
    assert "Dans la commune 44" in by_departement
    assert "Sur le département" in by_departement
    assert "Dans la commune 85" not in by_departement
    by_region = client.get(cahier.url, {"territory": region.pk}).content.decode()
    assert "Dans la commune 44" in by_region and "Dans la commune 85" in by_region


def test_filter_by_theme_and_year(client, cahier, index):
    closed_consultation(index, title="Verte", theme="environnement")
    closed_consultation(index, title="Mobile", theme="mobilite")
    old = closed_consultation(index, title="Ancienne", closes_at=timezone.now() - datetime.timedelta(days=800))
    content = client.get(cahier.url, {"theme": "environnement"}).content.decode()
    assert "Verte" in content and "Mobile" not in content
    year = timezone.localtime(old.closes_at).year
    content = client.get(cahier.url, {"year": year}).content.decode()
    assert "Ancienne" in content and "Verte" not in content


@pytest.mark.parametrize(
    "params",
    [{"territory": "abc"}, {"territory": "999999"}, {"theme": "<script>"}, {"year": "1789"}, {"page": "x"}],
)
def test_bad_filter_values_show_everything_with_a_message(client, cahier, index, params):
    closed_consultation(index, title="Toujours là")
    response = client.get(cahier.url, params)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Toujours là" in content
    if "page" not in params:
        assert "Ce filtre n&#x27;existe pas" in content or "Ce filtre n'existe pas" in content
    assert "<script>" not in content


def test_pagination_is_in_the_database_and_its_query_count_flat(client, cahier, index):
    for number in range(3):
        closed_consultation(index, title=f"Première série {number}")
    client.get(cahier.url)
    with CaptureQueriesContext(connection) as few:
        client.get(cahier.url)
    for number in range(40):
        closed_consultation(index, title=f"Seconde série {number}", closed_days_ago=10 + number)
    with CaptureQueriesContext(connection) as many:
        response = client.get(cahier.url)
    assert len(many.captured_queries) <= len(few.captured_queries) + 2
    content = response.content.decode()
    assert "Page 1 sur 3" in content
    assert any("LIMIT" in query["sql"] for query in many.captured_queries)
    last = client.get(cahier.url, {"page": 3}).content.decode()
    assert "Seconde série 39" in last


def test_newest_closing_first(client, cahier, index):
    closed_consultation(index, title="Close il y a longtemps", closed_days_ago=30)
    closed_consultation(index, title="Close hier", closed_days_ago=1)
    content = client.get(cahier.url).content.decode()
    assert content.index("Close hier") < content.index("Close il y a longtemps")


def test_space_view_and_dashboard_panel(client, cahier, index, other_index, space):
    closed_consultation(index, title="De la ville")
    closed_consultation(other_index, title="D'ailleurs")
    content = client.get(f"{cahier.url}espace/{space.slug}/").content.decode()
    assert "De la ville" in content and "D&#x27;ailleurs" not in content
    assert client.get(f"{cahier.url}espace/inconnu/").status_code == 404
    dashboard = client.get(space.url).content.decode()
    assert f"{cahier.url}espace/{space.slug}/" in dashboard


def test_no_dashboard_panel_without_entries(client, cahier, space, index):
    assert "dashboard__doleances" not in client.get(space.url).content.decode()


def test_rebuild_command_backfills_and_drops(cahier, index):
    page = closed_consultation(index, title="À reconstruire")
    ArchiveEntry.objects.all().delete()
    call_command("rebuild_doleances", verbosity=0)
    assert ArchiveEntry.objects.get().page_id == page.pk
    assert rebuild() == 1


def test_english_cahier_shows_the_translated_title_when_there_is_one(client, cahier, index):
    closed_consultation(index, title="Titre français")
    response = client.get(cahier.url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200


def test_publishing_the_home_does_not_refresh_the_listed_entries(home, cahier, index, monkeypatch):
    from consultations.doleances import services

    closed_consultation(index, title="Déjà listée")
    calls = []
    monkeypatch.setattr(services, "sync_entry", lambda page_id: calls.append(page_id))
    home.save_revision().publish()
    assert calls == []


def test_summary_labels_are_plain_text_in_the_versions_language():
    from django.utils.translation import gettext_lazy

    from consultations.doleances.services import summarise

    summary = summarise(
        {
            "questions": [
                {
                    "label": gettext_lazy("Oui"),
                    "respondents": 3,
                    "options": [{"label": gettext_lazy("Oui"), "count": 2, "share": 0.6667}],
                }
            ]
        }
    )
    assert summary == {"questions": [{"label": "Oui", "respondents": 3, "leading": {"label": "Oui", "share": 0.6667}}]}
