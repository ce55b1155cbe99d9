import datetime

import pytest

from barometre.models import BarometreEntryPage, PerceptionSnapshot
from barometre.perception import perception_for, rankings, sort_entries, take_weekly_snapshots, week_start
from consultations.models import Ballot, ConsultationPage
from consultations.plugins import network_home_panel
from consultations.voting import AlreadyVoted
from tests.consultations.helpers import cast, opened
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def test_poll_created_once_on_publication(make_entry):
    entry = make_entry()
    polls = ConsultationPage.objects.child_of(entry)
    assert polls.count() == 1
    poll = polls.get().specific
    assert poll.live and poll.secrecy == "secret" and poll.eligibility == "account"
    assert poll.results_visibility == "live"
    assert poll.closes_at > poll.opens_at + datetime.timedelta(days=365 * 5)
    assert [q.id for q in poll.get_survey()] == ["perception"]
    assert [c.id for c in poll.get_survey().questions[0].choices] == ["approve", "neutral", "disapprove"]
    entry.save_revision().publish()  # published again: no second poll
    assert ConsultationPage.objects.child_of(entry).count() == 1
    assert entry.poll_id == poll.pk


def test_unpublished_entry_has_no_poll(make_entry):
    entry = make_entry(publish=False)
    assert not ConsultationPage.objects.child_of(entry).exists()


def test_polls_stay_out_of_consultation_listings(make_entry, home, client):
    make_entry(title="Initiative suivie")
    assert ConsultationPage.objects.count() == 1
    assert not ConsultationPage.objects.listed().exists()
    assert network_home_panel(home, None)["open_consultations"] == []
    assert client.get("/api/consultations/").json()["count"] == 0


def test_translation_shares_the_ballot_box(make_entry, vote):
    from wagtail.models import Locale

    entry = make_entry()
    vote(entry, "approve")
    english = Locale.objects.get_or_create(language_code="en")[0]
    index_en = entry.get_parent().copy_for_translation(english, copy_parents=True)
    index_en.save_revision().publish()
    entry_en = entry.copy_for_translation(english)
    entry_en.save_revision().publish()
    entry_en = BarometreEntryPage.objects.get(pk=entry_en.pk)
    poll_en = entry_en.perception_poll.specific
    assert poll_en.locale == english and poll_en.translation_key == entry.perception_poll.translation_key
    assert poll_en.get_survey().questions[0].label == "Do you approve of this initiative?"
    assert entry_en.poll_id == entry.poll_id
    user = CitizenFactory()
    cast(poll_en, user, {"perception": "disapprove"})
    with pytest.raises(AlreadyVoted):
        cast(entry.perception_poll.specific, user, {"perception": "approve"})
    assert entry_en.perception.counts == {"approve": 1, "neutral": 0, "disapprove": 1}


def test_ballots_carry_no_time(make_entry, vote):
    entry = make_entry()
    vote(entry, "neutral")
    ballot_fields = {field.name for field in Ballot._meta.get_fields()}
    assert not any("date" in name or "_at" in name for name in ballot_fields)
    assert opened(entry.perception_poll) == [({"perception": "neutral"}, {})]


def _snapshot(entry, monday, approve, neutral, disapprove):
    return PerceptionSnapshot.objects.create(
        poll_id=entry.poll_id, week_start=monday, approve=approve, neutral=neutral, disapprove=disapprove
    )


def test_weekly_trend_from_snapshots_and_live_counts(make_entry, vote):
    entry = make_entry()
    today = datetime.date.today()
    this_week = week_start(today)
    _snapshot(entry, this_week - datetime.timedelta(days=14), 6, 2, 2)
    _snapshot(entry, this_week - datetime.timedelta(days=7), 8, 4, 10)
    for opinion in ["approve"] * 9 + ["neutral"] * 4 + ["disapprove"] * 12:
        vote(entry, opinion)
    perception = perception_for([entry])[entry.pk]
    weeks = perception.weeks
    assert [week.counts for week in weeks] == [
        {"approve": 6, "neutral": 2, "disapprove": 2},
        {"approve": 2, "neutral": 2, "disapprove": 8},
        {"approve": 1, "neutral": 0, "disapprove": 2},
    ]
    assert weeks[-1].ongoing and not weeks[-1].enough and weeks[-1].shares is None
    # Week-on-week change of approval, between the two complete weeks (the ongoing one has too few votes).
    assert perception.change == round((2 / 12 - 6 / 10) * 100, 1)
    data = perception.to_dict()
    assert data["weekly_trend"][-1]["counts"] is None and data["weekly_trend"][-1]["votes"] == 3


def test_snapshot_task_is_idempotent_per_week(make_entry, vote):
    entry = make_entry()
    ConsultationPage.objects.filter(pk=entry.poll_id).update(
        opens_at=ConsultationPage.objects.get(pk=entry.poll_id).opens_at - datetime.timedelta(days=21)
    )
    vote(entry, "approve")
    vote(entry, "disapprove")
    today = datetime.date.today()
    assert take_weekly_snapshots(today) == 1
    vote(entry, "approve")
    assert take_weekly_snapshots(today) == 0
    snapshot = PerceptionSnapshot.objects.get()
    assert snapshot.week_start == week_start(today) - datetime.timedelta(days=7)
    assert (snapshot.approve, snapshot.neutral, snapshot.disapprove) == (1, 0, 1)
    assert take_weekly_snapshots(today + datetime.timedelta(days=7)) == 1


def test_new_poll_is_not_snapshotted_for_a_week_it_did_not_exist(make_entry, vote):
    entry = make_entry()
    vote(entry, "approve")
    assert take_weekly_snapshots() == 0


def test_task_runs_through_celery(make_entry):
    from barometre.tasks import take_perception_snapshots

    make_entry()
    assert take_perception_snapshots.delay().get() == 0


def _with_votes(make_entry, vote, title, approve, neutral, disapprove):
    entry = make_entry(title=title)
    for opinion, count in (("approve", approve), ("neutral", neutral), ("disapprove", disapprove)):
        for _n in range(count):
            vote(entry, opinion)
    return entry


def test_ranking_by_perception_needs_enough_votes(make_entry, vote, monkeypatch):
    monkeypatch.setattr("barometre.perception.RANKING_MIN_VOTES", 4)
    liked = _with_votes(make_entry, vote, "Appréciée", 4, 1, 0)
    disliked = _with_votes(make_entry, vote, "Contestée", 1, 0, 4)
    few = _with_votes(make_entry, vote, "Peu d'avis", 2, 0, 0)  # 100 % but only 2 votes
    entries = [few, disliked, liked]
    perceptions = perception_for(entries)
    assert [e.title for e in sort_entries(entries, perceptions, "approval")] == ["Appréciée", "Contestée", "Peu d'avis"]
    result = rankings(entries, perceptions)
    assert [e.title for e in result.best] == ["Appréciée", "Contestée"]
    assert [e.title for e in result.contested][0] == "Contestée"


def test_ranking_by_change(make_entry, vote, monkeypatch):
    monkeypatch.setattr("barometre.perception.WEEK_MIN_VOTES", 2)
    this_week = week_start(datetime.date.today())
    rising = make_entry(title="En hausse")
    falling = make_entry(title="En baisse")
    steady = make_entry(title="Stable")
    for entry, (first, second) in ((rising, (1, 3)), (falling, (4, 0)), (steady, (2, 2))):
        _snapshot(entry, this_week - datetime.timedelta(days=14), first, 0, 4 - first)
        _snapshot(entry, this_week - datetime.timedelta(days=7), first + second, 0, 8 - first - second)
    entries = [steady, rising, falling]
    perceptions = perception_for(entries)
    assert perceptions[rising.pk].change == 50.0
    assert perceptions[falling.pk].change == -100.0
    assert perceptions[steady.pk].change == 0.0
    assert [e.title for e in sort_entries(entries, perceptions, "change")] == ["En baisse", "En hausse", "Stable"]
    assert [e.title for e in rankings(entries, perceptions).moved] == ["En baisse", "En hausse"]


def test_vote_in_place_from_the_entry_page(client, make_entry, django_capture_on_commit_callbacks):
    entry = make_entry(title="Mesure")
    user = CitizenFactory()
    client.force_login(user)
    page = client.get(entry.url).content.decode()
    assert 'name="q-perception"' in page or "perception" in page
    poll = entry.perception_poll.specific
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(poll.url, {"q-perception": "approve", "next": entry.url})
    assert response.status_code == 302 and response["Location"] == entry.url
    html = client.get(entry.url).content.decode()
    assert "Vous avez voté" in html
    assert perception_for([entry])[entry.pk].counts["approve"] == 1


def test_votes_waiting_for_their_batch_are_announced(make_entry, vote, client, settings):
    """Secret perception votes are counted by batches (consultations/release.py): the entry says how many wait."""
    settings.CONSULTATIONS_BALLOT_BATCH = 3
    entry = make_entry()
    vote(entry, "approve")
    html = client.get(entry.url).content.decode()
    assert "1 avis attend d&#x27;être compté" in html or "1 avis attend d'être compté" in html
    assert "Personne n&#x27;a encore donné son avis" in html or "Personne n'a encore donné son avis" in html


def test_polls_are_found_among_thousands_of_entries_in_fixed_queries(make_entry, django_assert_num_queries):
    """One IN list of parent paths, not one OR per entry (SQLite refused an index of 1,000+ entries: « Expression
    tree is too large », found by benchmarks/page_rendering.py)."""
    from types import SimpleNamespace

    from barometre.perception import poll_boxes

    entry = make_entry()
    others = [
        SimpleNamespace(pk=10_000 + n, path=entry.path[:-4] + f"Z{n:03d}"[-4:], depth=entry.depth) for n in range(1500)
    ]
    with django_assert_num_queries(2):
        boxes = poll_boxes([*others, entry])
    assert boxes == {entry.pk: ConsultationPage.objects.child_of(entry).get().pk}
