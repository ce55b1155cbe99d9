"""The debate's entry in the cahier de doléances must follow the page's rules for its polls' results: a secret poll
counted with too few voters is never published (two voters would read each other's choice in its « leading » share),
a draft poll is not public at all, and a poll counted after the entry was made (an « after » poll closed once the
debate has ended) reaches the entry."""

import datetime

import pytest

from django.utils import timezone

from consultations.debates import doleances, live
from consultations.debates.models import DebatePage
from consultations.doleances.models import ArchiveEntry
from tests.factories import CitizenFactory

from ..live_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _end(debate):
    DebatePage.objects.filter(pk=debate.pk).update(starts_at=timezone.now() - datetime.timedelta(days=1))
    debate.refresh_from_db()


def _secret_poll(make_poll, organiser, choices):
    poll = make_poll(mode="secret", question="Êtes-vous pour ?", choices=["Oui", "Non"])
    live.open_poll(poll.pk, organiser)
    poll.refresh_from_db()
    for choice in choices:
        live.vote(poll, CitizenFactory(), choice)
    live.close_poll(poll.pk, organiser)
    live.count_poll(poll.pk)
    poll.refresh_from_db()
    return poll


def test_a_withheld_secret_poll_is_not_in_the_cahier(make_poll, organiser, debate):
    poll = _secret_poll(make_poll, organiser, [0, 0])  # two voters: withheld on the page and in the API
    assert live.results_withheld(poll)
    _end(debate)
    entry = doleances.sync_entry(debate)
    questions = entry.results_summary["fr"]["questions"]
    assert all(question["label"] != "Êtes-vous pour ?" for question in questions), questions


def test_a_draft_poll_is_not_in_the_cahier(make_poll, debate):
    make_poll(mode="open", state="draft", question="Question pas encore publiée")
    _end(debate)
    entry = doleances.sync_entry(debate)
    assert "Question pas encore publiée" not in str(entry.results_summary)


def test_a_poll_counted_after_the_entry_reaches_it(make_poll, organiser, debate):
    poll = make_poll(mode="secret", question="Et après le débat ?", choices=["Oui", "Non"])
    live.open_poll(poll.pk, organiser)
    poll.refresh_from_db()
    for choice in (0, 0, 0, 1, 1):
        live.vote(poll, CitizenFactory(), choice)
    _end(debate)
    assert doleances.sync_ended() == 1  # the beat makes the entry as the debate ends; the poll is still open
    live.close_poll(poll.pk, organiser)  # the organiser closes the « after » poll a little later
    live.count_poll(poll.pk)
    entry = ArchiveEntry.objects.get(page_id=debate.pk)
    (question,) = [q for q in entry.results_summary["fr"]["questions"] if q["label"] == "Et après le débat ?"]
    assert question["respondents"] == 5 and question["leading"] == {"label": "Oui", "share": 0.6}
