import datetime

import pytest

from wagtail.test.utils import WagtailPageTestCase

from barometre.models import BarometreEntryPage, BarometreIndexPage
from cms.models import CollectiviteSpace, PlatformHomePage
from consultations.models import ConsultationIndexPage, ConsultationPage

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    def test_creation_rules(self):
        self.assertCanCreateAt(PlatformHomePage, BarometreIndexPage)
        self.assertCanNotCreateAt(CollectiviteSpace, BarometreIndexPage)
        self.assertAllowedSubpageTypes(BarometreIndexPage, {BarometreEntryPage})
        self.assertAllowedParentPageTypes(BarometreEntryPage, {BarometreIndexPage})
        self.assertAllowedSubpageTypes(BarometreEntryPage, {ConsultationPage})
        self.assertCanCreateAt(BarometreEntryPage, ConsultationPage)
        self.assertCanCreateAt(ConsultationIndexPage, ConsultationPage)


def test_one_index_per_home(barometre, home):
    assert not BarometreIndexPage.can_create_at(home)


def test_status_is_the_latest_step(make_entry):
    entry = make_entry(steps=(("en_vigueur", 2), ("proposee", 100), ("adoptee", 30)))
    assert entry.status == "en_vigueur"
    assert entry.status_date == datetime.date.today() - datetime.timedelta(days=2)
    assert [step.status for step in entry.timeline()] == ["proposee", "adoptee", "en_vigueur"]


def test_local_entry_needs_a_territory(barometre):
    from barometre.models.pages import BarometreEntryPageForm

    form_class = BarometreEntryPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, BarometreEntryPageForm)
    form = form_class(
        data={
            "title": "Mesure",
            "slug": "mesure",
            "summary": "x",
            "kind": "mesure_locale",
            "level": "local",
            "theme": "mobilite",
            "status_steps-TOTAL_FORMS": "0",
            "status_steps-INITIAL_FORMS": "0",
            "official_links-TOTAL_FORMS": "0",
            "official_links-INITIAL_FORMS": "0",
            "body-count": "0",
        },
        instance=BarometreEntryPage(),
        parent_page=barometre,
    )
    assert not form.is_valid()
    assert "territory" in form.errors


def test_entry_page_renders_poll_chart_and_timeline(client, make_entry, vote):
    from barometre.models import Indicator, IndicatorValue

    entry = make_entry(title="Zone à trafic limité")
    indicator = Indicator.objects.create(entry=entry, name="Trafic quotidien", unit="véhicules", target=4000)
    IndicatorValue.objects.create(indicator=indicator, date=datetime.date(2026, 1, 1), value=8000)
    IndicatorValue.objects.create(indicator=indicator, date=datetime.date(2026, 6, 1), value=5500)
    vote(entry, "approve")
    response = client.get(entry.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in html and "Trafic quotidien : les valeurs" in html
    assert "5\u00a0500" in html or "5 500" in html
    assert "1 avis donné à ce jour." in html
    assert "Connectez-vous ou créez un compte pour voter." in html
    assert "Adoptée" in html
