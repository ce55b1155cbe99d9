"""A secret poll's results are never published with fewer than DEBATE_SECRET_POLL_MIN_VOTERS voters: with two
voters who know each other voted, each would read the other's choice in the results (attack found on the merge)."""

import pytest

from consultations.debates import live
from tests.factories import CitizenFactory

from .live_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _closed_secret_poll(make_poll, organiser, voters):
    poll = make_poll(mode="secret")
    live.open_poll(poll.pk, organiser)
    poll.refresh_from_db()
    for index in range(voters):
        live.vote(poll, CitizenFactory(), index % 2)
    live.close_poll(poll.pk, organiser)
    live.count_poll(poll.pk)  # what the worker does after the commit
    poll.refresh_from_db()
    return poll


def test_two_secret_voters_never_read_each_other_in_the_results(make_poll, organiser, client, debate):
    poll = _closed_secret_poll(make_poll, organiser, voters=2)
    assert poll.counted_at is not None and poll.participants == 2
    results = live.poll_results(poll)
    assert results["withheld"] and not results["visible"]
    assert all(choice["votes"] is None for choice in results["choices"])
    page = client.get(debate.url).content.decode()
    assert "Trop peu de votants pour publier les résultats" in page
    data = client.get(f"/api/debates/{debate.pk}/live/").json()
    (api_poll,) = [item for item in data["polls"] if item["id"] == poll.pk]
    assert api_poll["results_withheld"] and not api_poll["results_visible"]
    assert all(choice["votes"] is None for choice in api_poll["choices"])


def test_the_shift_needs_both_polls_published(make_poll, organiser):
    before = _closed_secret_poll(make_poll, organiser, voters=5)
    after = make_poll(mode="secret", phase="after", compare_with=before)
    live.open_poll(after.pk, organiser)
    after.refresh_from_db()
    for index in range(3):
        live.vote(after, CitizenFactory(), index % 2)
    live.close_poll(after.pk, organiser)
    live.count_poll(after.pk)
    after.refresh_from_db()
    assert live.poll_results(before)["visible"]
    assert live.opinion_shift(after) is None


def test_an_open_poll_shows_its_counts_whatever_their_number(make_poll, organiser):
    poll = make_poll(mode="open")
    live.open_poll(poll.pk, organiser)
    poll.refresh_from_db()
    live.vote(poll, CitizenFactory(), 1)
    assert live.poll_results(poll)["choices"][1]["votes"] == 1


def test_the_minimum_is_a_setting(make_poll, organiser, settings):
    settings.DEBATE_SECRET_POLL_MIN_VOTERS = 2
    poll = _closed_secret_poll(make_poll, organiser, voters=2)
    assert live.poll_results(poll)["visible"]
