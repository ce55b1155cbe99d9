"""An ended debate in the cahier de doléances: its entry (kind DEBATE), its polls' results, its page in the cahier."""

import datetime

import pytest

from django.utils import timezone

from consultations.debates import doleances
from consultations.debates.models import LivePoll, LivePollCount, Registration
from consultations.doleances.models import ArchiveEntry

from .factories import LivePollFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended(make_debate, citizens):
    debate = make_debate(
        title="Le plan vélo",
        starts_at=timezone.now() - datetime.timedelta(days=2),
        recording_url="https://video.example.org/replay",
        report="<p>Trois demandes reviennent.</p>",
    )
    for citizen in citizens(3):
        Registration.objects.create(debate=debate, user=citizen, status="confirmed", queued_at=timezone.now())
    poll = LivePollFactory(debate=debate, mode="open", state="closed", choices=["Oui", "Non"])
    LivePollCount.objects.create(poll=poll, choice=0, votes=3)
    LivePollCount.objects.create(poll=poll, choice=1, votes=1)
    LivePollFactory(debate=debate, mode="secret", state="closed")  # not counted: its results are not public
    return debate


def test_an_ended_debate_gets_its_entry(ended, make_debate):
    make_debate(title="À venir")
    assert doleances.sync_ended() == 1
    entry = ArchiveEntry.objects.get()
    assert (entry.kind, entry.page_id, entry.participants, entry.published) == ("debate", ended.pk, 3, True)
    (question,) = entry.results_summary["fr"]["questions"]
    assert question["leading"] == {"label": "Oui", "share": 0.75} and question["respondents"] == 4
    assert doleances.sync_ended() == 0 and ArchiveEntry.objects.count() == 1  # made once
    assert doleances.sync_entry(ended).pk == entry.pk  # refreshed in place


def test_an_upcoming_debate_has_none(debate):
    assert doleances.sync_entry(debate) is None
    assert not ArchiveEntry.objects.exists()


def test_the_cahier_shows_the_debate_entry(client, home, ended):
    from consultations.doleances.models import CahierDoleancesPage

    cahier = CahierDoleancesPage(title="Cahier de doléances", slug="cahier-de-doleances")
    home.add_child(instance=cahier)
    cahier.save_revision().publish()
    entry = doleances.sync_entry(ended)
    listing = client.get(cahier.url).content.decode()
    assert "Le plan vélo" in listing and ended.url in listing
    detail = client.get(f"{cahier.url}{entry.pk}/")
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "Trois demandes reviennent." in body and "https://video.example.org/replay" in body
    ended.unpublish()
    assert client.get(f"{cahier.url}{entry.pk}/").status_code == 404


def test_secret_poll_counted_is_in_the_summary(ended):
    poll = LivePoll.objects.get(mode="secret")
    poll.counted_at = timezone.now()
    poll.participants = 5  # counted with enough voters to be published (live.min_secret_voters)
    poll.save()
    LivePollCount.objects.create(poll=poll, choice=2, votes=2)
    entry = doleances.sync_entry(ended)
    assert len(entry.results_summary["fr"]["questions"]) == 2
