"""The demo's live polls and questions (consultations/debates/live_demo.py), on two debates standing in for the
debates' own demo: polls open, a shift on the past debate, idempotent."""

import sys
import types

import pytest

from consultations.debates import live
from consultations.debates.live_demo import ensure_demo_live
from consultations.debates.models import LivePoll, Question

from .factories import DebateIndexPageFactory, DebatePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_debates(home, monkeypatch):
    index = DebateIndexPageFactory(parent=home)
    debates = {"upcoming": DebatePageFactory(parent=index), "past": DebatePageFactory(parent=index)}
    module = types.ModuleType("consultations.debates.demo")
    module.demo_debates = lambda: debates
    monkeypatch.setitem(sys.modules, "consultations.debates.demo", module)
    return debates


def test_the_demo_opens_polls_shows_a_shift_and_runs_once(demo_debates):
    created = ensure_demo_live(loader=None)
    assert created
    upcoming = live.live_polls(demo_debates["upcoming"])
    assert [item["poll"].state for item in upcoming] == ["open", "open"]  # the after poll is a draft
    assert upcoming[0]["results"]["participants"] == 4 and not upcoming[0]["results"]["visible"]
    assert LivePoll.objects.filter(debate=demo_debates["upcoming"], state="draft", compare_with__isnull=False).exists()
    assert Question.objects.filter(debate=demo_debates["upcoming"]).count() == 3
    past = live.live_polls(demo_debates["past"])
    shift = past[1]["shift"]
    assert shift is not None and shift["rows"][0]["direction"] == "up"
    assert len(live.results_summary(demo_debates["past"])) == 2
    assert ensure_demo_live(loader=None) == []  # idempotent
    assert LivePoll.objects.count() == 5


def test_without_the_debates_demo_nothing_is_made(home, monkeypatch):
    monkeypatch.setitem(sys.modules, "consultations.debates.demo", None)  # the import fails
    assert ensure_demo_live(loader=None) == []
