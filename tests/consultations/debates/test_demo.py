"""The debates' demo: Villebrune's index, an upcoming hybrid debate and a past one in the cahier; idempotent."""

from types import SimpleNamespace

import pytest

from wagtail.models import Locale

from consultations.debates.demo import demo_debates, ensure_demo_debates
from consultations.debates.models import Registration
from consultations.doleances.models import ArchiveEntry
from tests.factories import CollectiviteSpaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_debates_once(home):
    CollectiviteSpaceFactory(parent=home, slug="villebrune-sur-loire", package="premium")
    loader = SimpleNamespace(
        french_locale=Locale.objects.get(language_code="fr"),
        english_locale=Locale.objects.get_or_create(language_code="en")[0],
        admin=UserFactory(is_superuser=True),
        publish=lambda page: page.save_revision().publish(),
    )
    assert len(ensure_demo_debates(loader)) == 3
    assert ensure_demo_debates(loader) == []
    debates = demo_debates()
    upcoming, past = debates["upcoming"], debates["past"]
    assert (upcoming.format, upcoming.seats, upcoming.speakers.count()) == ("hybrid", 60, 3)
    assert upcoming.place and upcoming.stream_url and not upcoming.has_begun()
    assert Registration.objects.filter(debate=upcoming, status="confirmed").count() == 4
    assert past.has_ended() and past.recording_url and past.report
    assert ArchiveEntry.objects.get(page=past).kind == "debate"
