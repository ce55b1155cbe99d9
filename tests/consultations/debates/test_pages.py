"""Debate page types: where they are created (admin), validation, modalities copied to translations, rendering."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import CollectiviteSpace, PlatformHomePage
from consultations.debates.models import DebateIndexPage, DebatePage, DebateSpeaker
from tests.factories import CitizenFactory, CollectiviteSpaceFactory

from .factories import DebateIndexPageFactory, DebatePageFactory, RegistrationFactory


def debate_form_data(**overrides):
    data = {
        "title": "Le nouveau parc",
        "slug": "nouveau-parc",
        "summary": "Venez en parler.",
        "theme": "",
        "body": streamfield([]),
        "starts_at": "2030-03-12 18:30",
        "duration_minutes": 90,
        "format": "hybrid",
        "place": "Salle des fêtes",
        "stream_url": "https://video.example.org/direct.mp4",
        "speakers": inline_formset([{"name": "Claire Morvan", "role": "Maire"}]),
        "access": "open",
        "seats": 60,
        "participants_may_speak": "on",
        "participants_may_write": "on",
        "recording_url": "",
        "report": rich_text(""),
    }
    data.update(overrides)
    return nested_form_data(data)


class DebatePageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = PlatformHomePage.objects.get(locale__language_code="fr")
        cls.space = CollectiviteSpaceFactory(parent=cls.home, slug="ville-de-test", package="premium")
        cls.index = DebateIndexPageFactory(parent=cls.space)

    def setUp(self):
        self.login()

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(DebateIndexPage, {CollectiviteSpace, PlatformHomePage})
        self.assertAllowedSubpageTypes(DebateIndexPage, {DebatePage})
        self.assertCanCreateAt(DebateIndexPage, DebatePage)
        self.assertCanNotCreateAt(CollectiviteSpace, DebatePage)

    def test_an_index_is_created_under_a_premium_space_and_the_platform_home(self):
        other = CollectiviteSpaceFactory(parent=self.home, slug="autre-ville", package="sur_mesure")
        data = nested_form_data({"title": "Débats", "slug": "debats", "introduction": "Venez."})
        self.assertCanCreate(other, DebateIndexPage, data)
        self.assertCanCreate(self.home, DebateIndexPage, data)

    def test_a_debate_is_created_in_the_admin(self):
        self.assertCanCreate(self.index, DebatePage, debate_form_data())
        page = DebatePage.objects.get(slug="nouveau-parc")
        self.assertEqual((page.seats, page.format, page.speakers.count()), (60, "hybrid", 1))
        self.assertEqual(timezone.localtime(page.starts_at).hour, 18)  # Europe/Paris
        self.assertEqual(page.stream_player, "link")  # video.example.org is not in DEBATE_EMBED_HOSTS

    def test_validation_messages(self):
        response = self.client.post(
            f"/admin/pages/add/debates/debatepage/{self.index.pk}/",
            debate_form_data(format="hybrid", place="", stream_url=""),
        )
        self.assertContains(response, "Indiquez le lieu du débat")
        self.assertContains(response, "Indiquez le lien de la diffusion")
        self.assertFalse(DebatePage.objects.filter(slug="nouveau-parc").exists())

    def test_routable_and_renderable(self):
        debate = DebatePageFactory(parent=self.index, seats=10)
        self.assertPageIsRoutable(debate)
        self.assertPageIsRenderable(debate)
        self.assertPageIsRenderable(self.index)


@pytest.mark.django_db
def test_clean_requires_place_or_stream(debates_index):
    page = DebatePage(title="X", slug="x", summary="s", starts_at=timezone.now(), format="online", place="")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "stream_url" in error.value.message_dict
    page.format, page.place = "in_person", "Mairie"
    page.clean()


@pytest.mark.django_db
def test_modalities_are_copied_to_translations(debate):
    english = Locale.objects.get_or_create(language_code="en")[0]
    translation = debate.copy_for_translation(english, copy_parents=True)
    translation.seats = 999
    translation.save()
    assert DebatePage.objects.get(pk=translation.pk).seats is None  # the original's
    debate.seats, debate.access = 30, "invitation"
    debate.save()
    translation = DebatePage.objects.get(pk=translation.pk)
    assert (translation.seats, translation.access) == (30, "invitation")


@pytest.mark.django_db
def test_page_shows_time_speakers_state_and_after(client, make_debate):
    starts = timezone.make_aware(datetime.datetime(2031, 5, 20, 19, 0))
    debate = make_debate(starts_at=starts, duration_minutes=90, seats=2, stream_url="https://example.org/live")
    DebateSpeaker.objects.create(page=debate, name="Hugo Lefèvre", role="Hydrologue")
    RegistrationFactory(debate=debate)
    html = client.get(debate.url).content.decode()
    assert "De 19:00 à 20:30" in html and "Hugo Lefèvre" in html and "1 place disponible" in html
    assert 'include "debates/includes/live_section.html"' not in html
    past = make_debate(
        starts_at=timezone.now() - datetime.timedelta(days=3),
        recording_url="https://video.example.org/replay",
        report="<p>Le compte rendu.</p>",
    )
    html = client.get(past.url).content.decode()
    assert "https://video.example.org/replay" in html and "Le compte rendu." in html and "closes" in html


@pytest.mark.django_db
def test_register_through_the_web_form(client, debate):
    citizen = CitizenFactory(email="web@example.org")
    client.force_login(citizen)
    response = client.post(f"/debats/{debate.pk}/inscription/", follow=True)
    assert "inscription est confirmée" in response.content.decode()
    ics = client.get(f"/debats/{debate.pk}/agenda.ics")
    assert ics.status_code == 200 and b"BEGIN:VCALENDAR" in ics.content
    client.post(f"/debats/{debate.pk}/annulation/")
    assert client.get(f"/debats/{debate.pk}/agenda.ics").status_code == 404


@pytest.mark.django_db
def test_index_lists_upcoming_first_then_past(client, make_debate):
    now = timezone.now()
    past = make_debate(title="Ancien", starts_at=now - datetime.timedelta(days=9))
    later = make_debate(title="Plus tard", starts_at=now + datetime.timedelta(days=9))
    soon = make_debate(title="Bientôt", starts_at=now + datetime.timedelta(days=1))
    html = client.get(past.get_parent().url).content.decode()
    assert html.index("Bientôt") < html.index("Plus tard") < html.index("Ancien")
    assert soon.search_facets()["date"] == soon.starts_at and later


@pytest.mark.django_db
def test_debate_block_card(client, space, debate):
    from cms.blocks import DebateBlock

    block = DebateBlock()
    value = block.to_python({"debate": debate.pk, "heading": ""})
    html = block.render(value, context={"request": None})
    assert debate.title in html and "Inscriptions ouvertes" in html


@pytest.mark.django_db
def test_space_dashboard_lists_upcoming_debates(client, space, make_debate):
    make_debate(title="Bientôt à la mairie")
    make_debate(title="Déjà passé", starts_at=timezone.now() - datetime.timedelta(days=2))
    html = client.get(space.url).content.decode()
    assert "Débats à venir" in html and "Bientôt à la mairie" in html and "Déjà passé" not in html


@pytest.mark.django_db
def test_a_script_in_a_title_is_text(client, make_debate):
    debate = make_debate(title="<script>alert(1)</script>", place="<b>Salle</b>")
    html = client.get(debate.url).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;b&gt;Salle&lt;/b&gt;" in html


@pytest.mark.django_db
def test_stream_player_frames_only_allowed_hosts(settings, make_debate):
    settings.DEBATE_EMBED_HOSTS = ["video.example.org"]
    debate = make_debate(format="online", place="", stream_url="https://video.example.org/embed/42")
    assert debate.stream_player == "iframe"
    debate.stream_url = "https://tracker.example.com/embed/42"
    assert debate.stream_player == "link"
    debate.stream_url = "https://video.example.org/direct.webm"
    assert debate.stream_player == "video"
    debate.stream_url = "https://cdn.example.com/direct.webm"  # not allowed by the CSP's media-src: a link
    assert debate.stream_player == "link"
