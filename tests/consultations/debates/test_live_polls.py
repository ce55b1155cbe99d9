"""Live polls (consultations/debates/live.py): preparing, opening, voting once, closing, counting, the shift."""

import pytest

from django.contrib.auth.models import AnonymousUser

from consultations.debates import live
from consultations.debates.models import LivePoll, LivePollBallot, LivePollCount, LivePollParticipation
from tests.factories import CitizenFactory, UserFactory

from .factories import RegistrationFactory
from .live_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_voter_publishes(settings):
    """These tests count one or two ballots: the minimum of a secret poll's results is tested in test_live_minimum."""
    settings.DEBATE_SECRET_POLL_MIN_VOTERS = 1


def test_an_organiser_creates_a_draft_poll_with_cleaned_choices(debate, organiser):
    poll = live.create_poll(debate, organiser, question="  Faut-il un parc ? ", choices="Oui\n\n  Non  \nSans avis\n")
    assert poll.state == LivePoll.State.DRAFT
    assert poll.question == "Faut-il un parc ?"
    assert poll.choices == ["Oui", "Non", "Sans avis"]
    assert poll.debate_id == debate.pk


@pytest.mark.parametrize(
    "choices",
    [["Oui"], [f"Choix {n}" for n in range(9)], ["Oui", "oui "], ["Oui", "   ", "OUI"], ["Oui", "x" * 121]],
)
def test_bad_choices_are_refused_on_their_field(debate, organiser, choices):
    with pytest.raises(live.PollRefused) as refusal:
        live.create_poll(debate, organiser, question="Q ?", choices=choices)
    assert refusal.value.field == "choices"
    assert not LivePoll.objects.exists()


def test_a_citizen_may_not_create_or_open_a_poll(debate, citizen, make_poll):
    with pytest.raises(live.PollRefused) as refusal:
        live.create_poll(debate, citizen, question="Q ?", choices=["Oui", "Non"])
    assert refusal.value.status == 403
    poll = make_poll()
    with pytest.raises(live.PollRefused):
        live.open_poll(poll.pk, citizen)
    poll.refresh_from_db()
    assert poll.state == LivePoll.State.DRAFT


def test_compare_with_must_be_an_earlier_poll_of_the_same_debate_with_the_same_choices(
    debate, organiser, make_poll, home
):
    before = make_poll(phase="before", choices=["Oui", "Non"])
    other = make_poll(phase="before", choices=["Pour", "Contre"])
    after = live.create_poll(debate, organiser, question="Q ?", choices=["Oui", "Non"], phase="after",
                             compare_with=before.pk)  # fmt: skip
    assert after.compare_with == before
    with pytest.raises(live.PollRefused) as refusal:
        live.create_poll(debate, organiser, question="Q ?", choices=["Oui", "Non"], compare_with=other.pk)
    assert refusal.value.field == "compare_with"
    # A poll of another debate (a forged id) is refused.
    from .factories import DebateIndexPageFactory, DebatePageFactory

    elsewhere = DebatePageFactory(parent=DebateIndexPageFactory(parent=home, slug="autres"))
    foreign = LivePoll.objects.create(debate=elsewhere, question="Q", choices=["Oui", "Non"])
    with pytest.raises(live.PollRefused):
        live.edit_poll(after.pk, organiser, compare_with=foreign.pk)
    # Not a later one.
    with pytest.raises(live.PollRefused):
        live.edit_poll(before.pk, organiser, compare_with=after.pk)


def test_choices_and_mode_are_frozen_once_opened(organiser, make_poll):
    poll = make_poll(choices=["Oui", "Non"])
    live.edit_poll(poll.pk, organiser, choices=["Oui", "Non", "Peut-être"])
    live.open_poll(poll.pk, organiser)
    with pytest.raises(live.PollRefused) as refusal:
        live.edit_poll(poll.pk, organiser, choices=["Oui", "Non"])
    assert refusal.value.code == "poll_started"
    with pytest.raises(live.PollRefused):
        live.edit_poll(poll.pk, organiser, mode="open")
    live.edit_poll(poll.pk, organiser, question="Nouvelle formulation ?")
    poll.refresh_from_db()
    assert poll.choices == ["Oui", "Non", "Peut-être"] and poll.question == "Nouvelle formulation ?"
    with pytest.raises(live.PollRefused):
        live.delete_draft(poll.pk, organiser)


def test_only_a_draft_is_deleted(organiser, make_poll):
    poll = make_poll()
    live.delete_draft(poll.pk, organiser)
    assert not LivePoll.objects.exists()


def test_an_open_poll_counts_as_people_vote(organiser, make_poll, citizen, other_citizen):
    poll = live.open_poll(make_poll(mode="open").pk, organiser)
    live.vote(poll, citizen, 0)
    live.vote(poll, other_citizen, 1)
    results = live.poll_results(poll)
    assert results["visible"] and results["participants"] == 2 and results["total"] == 2
    assert [c["votes"] for c in results["choices"]] == [1, 1, 0]
    assert [c["percent"] for c in results["choices"]] == [50.0, 50.0, 0.0]


def test_one_vote_per_account_with_a_clear_refusal(organiser, make_poll, citizen):
    poll = live.open_poll(make_poll(mode="open").pk, organiser)
    live.vote(poll, citizen, 0)
    with pytest.raises(live.PollRefused) as refusal:
        live.vote(poll, citizen, 1)
    assert refusal.value.code == "already_voted" and refusal.value.status == 409
    assert "déjà voté" in refusal.value.message
    assert [c["votes"] for c in live.poll_results(poll)["choices"]] == [1, 0, 0]


def test_votes_are_refused_on_drafts_closed_polls_and_bad_choices(organiser, make_poll, citizen):
    draft = make_poll(mode="open")
    with pytest.raises(live.PollRefused) as refusal:
        live.vote(draft, citizen, 0)
    assert refusal.value.code == "not_open"
    poll = live.open_poll(make_poll(mode="open").pk, organiser)
    for bad in (-1, 3, "0", True, None):
        with pytest.raises(live.PollRefused) as refusal:
            live.vote(poll, citizen, bad)
        assert refusal.value.field == "choice"
    live.close_poll(poll.pk, organiser)
    with pytest.raises(live.PollRefused):
        live.vote(LivePoll.objects.get(pk=poll.pk), citizen, 0)
    assert not LivePollParticipation.objects.exists()


def test_a_vote_checks_the_state_under_the_lock_not_a_stale_object(organiser, make_poll, citizen):
    poll = live.open_poll(make_poll(mode="open").pk, organiser)
    stale = LivePoll.objects.get(pk=poll.pk)  # read while open
    live.close_poll(poll.pk, organiser)
    with pytest.raises(live.PollRefused) as refusal:
        live.vote(stale, citizen, 0)
    assert refusal.value.code == "not_open"
    assert not LivePollParticipation.objects.exists()


def test_anonymous_unverified_and_uninvited_people_may_not_vote(debate, organiser, make_poll):
    poll = live.open_poll(make_poll(mode="open").pk, organiser)
    with pytest.raises(live.PollRefused) as refusal:
        live.vote(poll, AnonymousUser(), 0)
    assert refusal.value.code == "login_required"
    with pytest.raises(live.PollRefused) as refusal:
        live.vote(poll, CitizenFactory(verified_email=False), 0)
    assert refusal.value.code == "email_unverified"
    debate.access = "invitation"
    debate.save()
    stranger = CitizenFactory()
    with pytest.raises(live.PollRefused) as refusal:
        live.vote(poll, stranger, 0)
    assert refusal.value.code == "not_registered"
    guest = CitizenFactory()
    RegistrationFactory(debate=debate, user=guest)
    live.vote(poll, guest, 0)
    assert LivePollParticipation.objects.filter(user=guest).exists()


def test_a_secret_poll_shows_only_participants_until_counted(
    organiser, make_poll, citizen, other_citizen, django_capture_on_commit_callbacks
):
    poll = live.open_poll(make_poll(mode="secret").pk, organiser)
    live.vote(poll, citizen, 2)
    live.vote(poll, other_citizen, 2)
    results = live.poll_results(LivePoll.objects.get(pk=poll.pk))
    assert not results["visible"] and results["participants"] == 2
    assert all(c["votes"] is None and c["percent"] is None for c in results["choices"])
    assert not LivePollCount.objects.exists() and LivePollBallot.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        live.close_poll(poll.pk, organiser)  # tasks run in-process in the tests: counted on commit
    poll.refresh_from_db()
    assert poll.counted_at is not None and poll.participants == 2
    results = live.poll_results(poll)
    assert results["visible"] and [c["votes"] for c in results["choices"]] == [0, 0, 2]


def test_counting_twice_never_doubles(organiser, make_poll, citizen, django_capture_on_commit_callbacks):
    poll = live.open_poll(make_poll(mode="secret").pk, organiser)
    live.vote(poll, citizen, 1)
    with django_capture_on_commit_callbacks(execute=False):
        live.close_poll(poll.pk, organiser)  # the queued count does not run
    assert live.count_poll(poll.pk) is True
    assert live.count_poll(poll.pk) is False  # a second worker: nothing to do
    assert live.count_due_live_polls() == 0
    assert list(LivePollCount.objects.filter(poll=poll).order_by("choice").values_list("votes", flat=True)) == [0, 1, 0]


def test_the_beat_sweep_counts_a_poll_whose_task_was_lost(
    organiser, make_poll, citizen, django_capture_on_commit_callbacks
):
    poll = live.open_poll(make_poll(mode="secret").pk, organiser)
    live.vote(poll, citizen, 0)
    with django_capture_on_commit_callbacks(execute=False):
        live.close_poll(poll.pk, organiser)
    assert live.poll_results(LivePoll.objects.get(pk=poll.pk))["visible"] is False
    assert live.count_due_live_polls() == 1
    assert live.poll_results(LivePoll.objects.get(pk=poll.pk))["visible"] is True


def test_the_opinion_shift_per_choice_in_points(organiser, make_poll):
    before = live.open_poll(make_poll(mode="open", phase="before", choices=["Oui", "Non"]).pk, organiser)
    after = live.open_poll(
        make_poll(mode="open", phase="after", choices=["Oui", "Non"], compare_with=before).pk, organiser
    )
    voters = [CitizenFactory() for _ in range(4)]
    for voter, choice in zip(voters, [0, 1, 1, 1], strict=True):
        live.vote(before, voter, choice)
    for voter, choice in zip(voters, [0, 0, 0, 1], strict=True):
        live.vote(after, voter, choice)
    shift = live.opinion_shift(LivePoll.objects.get(pk=after.pk))
    assert [(r["label"], r["before"], r["after"], r["change"]) for r in shift["rows"]] == [
        ("Oui", 25.0, 75.0, 50.0),
        ("Non", 75.0, 25.0, -50.0),
    ]
    assert [r["direction"] for r in shift["rows"]] == ["up", "down"]


def test_no_shift_while_a_secret_side_is_not_counted(organiser, make_poll, citizen, django_capture_on_commit_callbacks):
    before = live.open_poll(make_poll(mode="secret", phase="before", choices=["Oui", "Non"]).pk, organiser)
    after = live.open_poll(
        make_poll(mode="open", phase="after", choices=["Oui", "Non"], compare_with=before).pk, organiser
    )
    live.vote(before, citizen, 0)
    live.vote(after, citizen, 1)
    assert live.opinion_shift(LivePoll.objects.get(pk=after.pk)) is None
    with django_capture_on_commit_callbacks(execute=True):
        live.close_poll(before.pk, organiser)
    assert live.opinion_shift(LivePoll.objects.get(pk=after.pk))["rows"][0]["change"] == -100.0


def test_results_summary_lists_closed_counted_polls(
    debate, organiser, make_poll, citizen, django_capture_on_commit_callbacks
):
    open_one = live.open_poll(make_poll(mode="open", question="Encore ouvert ?").pk, organiser)
    closed = live.open_poll(make_poll(mode="secret", question="Clos ?", choices=["Oui", "Non"]).pk, organiser)
    live.vote(closed, citizen, 0)
    live.vote(open_one, citizen, 0)
    with django_capture_on_commit_callbacks(execute=True):
        live.close_poll(closed.pk, organiser)
    assert live.results_summary(debate) == [
        {
            "question": "Clos ?",
            "choices": [{"label": "Oui", "votes": 1, "percent": 100.0}, {"label": "Non", "votes": 0, "percent": 0.0}],
            "participants": 1,
        }
    ]


def test_an_editor_of_another_space_may_not_organise(home, make_poll):
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import GroupPagePermission

    from tests.factories import CollectiviteSpaceFactory

    other_space = CollectiviteSpaceFactory(parent=home, slug="ailleurs")
    group = Group.objects.create(name="Éditeurs d'ailleurs")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=other_space, permission=Permission.objects.get(codename="change_page")
    )
    editor = UserFactory(is_staff=True, groups=[group])
    poll = make_poll()
    with pytest.raises(live.PollRefused):
        live.open_poll(poll.pk, editor)
