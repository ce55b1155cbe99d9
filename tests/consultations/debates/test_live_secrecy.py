"""A secret live poll's vote writes nothing in clear that derives from the choice (PostgreSQL's `xmin` ties every
row of a transaction together), and the races: a second vote of one account, votes against the closing, two workers
counting the same poll."""

import threading

import pytest

from django.db import connection

from consultations import sealing
from consultations.debates import live
from consultations.debates.models import LivePoll, LivePollBallot, LivePollCount, LivePollParticipation
from tests.factories import CitizenFactory, UserFactory

from .factories import DebateIndexPageFactory, DebatePageFactory, LivePollFactory
from .live_fixtures import *  # noqa: F403

TABLES = ("debates_livepoll", "debates_livepollcount", "debates_livepollballot", "debates_livepollparticipation")


@pytest.mark.django_db
def test_a_secret_vote_writes_a_sealed_ballot_of_fixed_length_and_no_count(organiser, make_poll):
    choices = ["Oui", "Non", "Une réponse bien plus longue"]
    poll = live.open_poll(make_poll(mode="secret", choices=choices).pk, organiser)
    voters = [CitizenFactory() for _ in range(3)]
    for voter, choice in zip(voters, [0, 1, 2], strict=True):
        live.vote(poll, voter, choice)
    assert not LivePollCount.objects.exists()  # nothing counted while it is open
    ballots = list(LivePollBallot.objects.filter(poll=poll))
    assert len({len(bytes(ballot.sealed)) for ballot in ballots}) == 1  # one length whatever the choice
    assert {field.name for field in LivePollBallot._meta.get_fields()} == {"id", "poll", "key_id", "sealed"}
    for ballot in ballots:
        assert b'"c"' not in bytes(ballot.sealed)  # ciphertext only
    # The participations say who, never what.
    assert {field.name for field in LivePollParticipation._meta.get_fields()} == {"id", "poll", "user"}
    # Each ballot names its poll inside the seal: a ballot moved to another poll is not counted there.
    opened = sorted(sealing.unseal(ballot.key_id, ballot.sealed) for ballot in ballots)
    assert all(b'"p":%d' % poll.pk in payload for payload in opened)


@pytest.mark.django_db
def test_a_ballot_moved_to_another_poll_stops_its_counting(organiser, make_poll, citizen):
    first = live.open_poll(make_poll(mode="secret").pk, organiser)
    second = live.open_poll(make_poll(mode="secret").pk, organiser)
    live.vote(first, citizen, 0)
    LivePollBallot.objects.filter(poll=first).update(poll=second)  # a forged move by someone with the database
    live.close_poll(second.pk, organiser)
    with pytest.raises(sealing.SealingError):
        live.count_poll(second.pk)
    assert LivePoll.objects.get(pk=second.pk).counted_at is None


# -- PostgreSQL ----------------------------------------------------------------------------------------------------


def in_parallel(count, action):
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def run(index):
        try:
            barrier.wait()
            outcomes[index] = action(index)
        except Exception as error:  # noqa: BLE001 - collected and asserted on
            outcomes[index] = error
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return outcomes


@pytest.fixture
def pg_debate(migrated_data):
    index = DebateIndexPageFactory(parent=migrated_data)
    return DebatePageFactory(parent=index), UserFactory(is_superuser=True, is_staff=True)


def rows_written_by(xid):
    """Every row of every table of the database that the transaction `xid` wrote (as a database administrator
    would look for them)."""
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(table_name) FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        tables = [row[0] for row in cursor.fetchall()]
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table} WHERE xmin::text = %s", [str(xid)])  # noqa: S608
            found[table] = cursor.fetchone()[0]
    assert set(TABLES) <= set(found)
    return {table: n for table, n in found.items() if n}


@pytest.mark.security
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_secret_votes_transaction_writes_only_the_participation_and_the_sealed_ballot(pg_debate):
    debate, organiser = pg_debate
    poll = live.open_poll(LivePollFactory(debate=debate, mode="secret").pk, organiser)
    citizen = CitizenFactory()
    live.vote(poll, citizen, 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM debates_livepollparticipation WHERE user_id = %s", [citizen.pk])
        xid = cursor.fetchone()[0]
    # In the whole database, the vote's transaction wrote who voted and a sealed ballot: nothing else.
    assert rows_written_by(xid) == {"debates_livepollparticipation": 1, "debates_livepollballot": 1}
    live.close_poll(poll.pk, organiser)
    poll.refresh_from_db()
    assert poll.counted_at is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT xmin::text FROM debates_livepollcount WHERE poll_id = %s", [poll.pk])
        count_xids = {row[0] for row in cursor.fetchall()}
    assert xid not in count_xids  # the counts were written by the counting's own transaction


@pytest.mark.security
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_parallel_votes_of_one_account_count_once(pg_debate):
    debate, organiser = pg_debate
    poll = live.open_poll(LivePollFactory(debate=debate, mode="open").pk, organiser)
    citizen = CitizenFactory()
    outcomes = in_parallel(4, lambda index: live.vote(poll, citizen, index % 2))
    refusals = [o for o in outcomes if isinstance(o, live.PollRefused)]
    assert outcomes.count(None) == 1 and len(refusals) == 3
    assert {r.code for r in refusals} == {"already_voted"}
    assert sum(LivePollCount.objects.filter(poll=poll).values_list("votes", flat=True)) == 1


@pytest.mark.security
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_votes_of_many_accounts_are_all_counted(pg_debate):
    debate, organiser = pg_debate
    poll = live.open_poll(LivePollFactory(debate=debate, mode="open").pk, organiser)
    voters = [CitizenFactory() for _ in range(8)]
    outcomes = in_parallel(8, lambda index: live.vote(poll, voters[index], index % 3))
    assert outcomes == [None] * 8
    counts = dict(LivePollCount.objects.filter(poll=poll).values_list("choice", "votes"))
    assert counts == {0: 3, 1: 3, 2: 2}


@pytest.mark.security
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", ["open", "secret"])
def test_a_vote_racing_the_closing_is_counted_or_refused_never_lost(pg_debate, mode):
    debate, organiser = pg_debate
    poll = live.open_poll(LivePollFactory(debate=debate, mode=mode).pk, organiser)
    voters = [CitizenFactory() for _ in range(6)]

    def act(index):
        if index == 6:
            return live.close_poll(poll.pk, organiser)
        return live.vote(poll, voters[index], 0)

    outcomes = in_parallel(7, act)
    accepted = outcomes[:6].count(None)
    refused = [o for o in outcomes[:6] if isinstance(o, live.PollRefused)]
    assert accepted + len(refused) == 6 and {r.code for r in refused} <= {"not_open"}
    poll.refresh_from_db()
    assert poll.state == "closed" and poll.participants == accepted
    assert LivePollParticipation.objects.filter(poll=poll).count() == accepted
    if mode == "secret":
        live.count_poll(poll.pk)  # already counted on commit, or now
        poll.refresh_from_db()
    assert sum(LivePollCount.objects.filter(poll=poll).values_list("votes", flat=True)) == accepted


@pytest.mark.security
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_counting_the_same_poll_count_it_once(pg_debate, monkeypatch):
    debate, organiser = pg_debate
    poll = live.open_poll(LivePollFactory(debate=debate, mode="secret").pk, organiser)
    for choice in (0, 1, 1):
        live.vote(poll, CitizenFactory(), choice)
    monkeypatch.setattr(live, "request_count", lambda poll_id: None)  # the queued count is left to the "workers"
    live.close_poll(poll.pk, organiser)
    outcomes = in_parallel(3, lambda index: live.count_poll(poll.pk))
    assert sorted(outcomes) == [False, False, True]
    assert dict(LivePollCount.objects.filter(poll=poll).values_list("choice", "votes")) == {0: 1, 1: 2, 2: 0}
