"""Closing: the ballot box is frozen once, every accepted ballot is counted once, the editors are told."""

import datetime
import re
import threading
from io import StringIO

import pytest

from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from wagtail.models import Site

from consultations.closing import close, close_due, freeze, recount
from consultations.models import Ballot, BallotBox, ConsultationPage, Participation, ResultsSnapshot
from consultations.tasks import close_due_consultations
from consultations.voting import Closed, vote
from tests.factories import (
    CitizenFactory,
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    TerritoryFactory,
    UserFactory,
    full_answers,
)

from .helpers import add_ballots, cast


def end(page, minutes_ago=1):
    ConsultationPage.objects.filter(pk=page.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return ConsultationPage.objects.get(pk=page.pk)


@pytest.fixture
def closed(consultation, commune):
    add_ballots(
        consultation,
        [(f"v{n}", full_answers(), {}) for n in range(3)] + [("v3", full_answers(**{"q-yes": "no"}), {})],
    )
    return end(consultation)


@pytest.fixture
def editors(space, editor):
    """The space's editors: one with an address, one without, one inactive; plus a stranger who must not be told."""
    UserFactory(username="sans-adresse", email="", groups=[space.editors_group])
    inactive = UserFactory(username="parti", email="parti@example.org", groups=[space.editors_group])
    inactive.is_active = False
    inactive.save()
    UserFactory(username="autre", email="autre@example.org")
    return editor


def test_the_task_freezes_closed_consultations_once_and_tells_the_editors(closed, editors, make_consultation):
    still_open = make_consultation()
    frozen = close_due_consultations.delay().get()
    assert frozen == [closed.pk]
    snapshot = ResultsSnapshot.objects.get()
    assert snapshot.consultation_id == closed.pk
    assert snapshot.results["participants"] == 4
    assert snapshot.analysis is not None
    assert not ResultsSnapshot.objects.filter(consultation=still_open).exists()
    assert BallotBox.objects.get(pk=closed.pk).frozen_at is not None

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editrice@example.org"]
    assert message.subject == "Consultation terminée : Le nouveau parc"
    assert "avec 4 participants" in message.body
    assert "http://testserver/ville-de-test/consultations/nouveau-parc/resultats/" in message.body

    # Safe to run twice: nothing more is frozen, nobody is told twice.
    assert close_due_consultations() == []
    assert ResultsSnapshot.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_results_page_then_renders_from_the_snapshot(client, closed, editors):
    close_due()
    # A ballot written afterwards by hand (votes are refused) does not change the frozen results.
    add_ballots(closed, [("tard", full_answers(**{"q-yes": "no"}), {})], released=False)
    response = client.get(closed.url + "resultats/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "4 participants" in html
    assert "5 participants" not in html
    assert "Résultats définitifs" in html
    yes_no = response.context["results"]["questions"][0]
    assert {o["id"]: o["count"] for o in yes_no["options"]} == {"yes": 3, "no": 1, "abstain": 0}
    assert client.get(closed.url + "resultats/csv/").content.decode("utf-8-sig").count(";Non;1;") == 1


def test_without_a_worker_the_results_page_asks_for_the_closing(client, closed, monkeypatch):
    """The page never counts: it asks the task queue (in-process here, as without a broker) and says so."""
    from consultations import dispatch

    requested = []
    monkeypatch.setattr(dispatch, "enqueue", lambda name, box_id, **kwargs: requested.append((name, box_id)))
    response = client.get(closed.url + "resultats/")
    assert response.status_code == 200
    assert "le dépouillement est en cours" in response.content.decode()
    assert not ResultsSnapshot.objects.exists()
    assert requested == [("consultations.close_consultation", closed.pk)]
    client.get(closed.url + "resultats/")
    assert len(requested) == 1  # once a minute at most
    assert client.get(closed.url + "resultats/csv/").status_code == 503


def test_without_a_broker_the_closing_runs_in_process(client, closed):
    assert client.get(closed.url + "resultats/").status_code == 200
    assert ResultsSnapshot.objects.filter(consultation=closed).count() == 1
    response = client.get(closed.url + "resultats/")
    assert "Résultats définitifs" in response.content.decode()


def test_results_hidden_until_closing_are_public_once_closed(client, make_consultation):
    page = make_consultation(results_visibility="after_close")
    assert client.get(page.url + "resultats/").status_code == 403
    page = end(page)
    assert client.get(page.url + "resultats/").status_code == 200


def test_closing_leaves_open_consultations_alone(consultation):
    assert close(consultation.pk) == (None, False)
    assert not freeze(consultation.pk)
    assert BallotBox.objects.get(pk=consultation.pk).frozen_at is None
    snapshot, created = close(consultation.pk, now=consultation.closes_at)
    assert created and snapshot.results["participants"] == 0
    assert close(consultation.pk, now=consultation.closes_at) == (snapshot, False)


def test_a_frozen_ballot_box_refuses_votes_whatever_its_dates(closed, commune):
    """Found by the audit: moving the closing date of a frozen consultation let votes in that were never counted."""
    close(closed.pk)
    ConsultationPage.objects.filter(pk=closed.pk).update(closes_at=timezone.now() + datetime.timedelta(days=5))
    with pytest.raises(Closed):
        cast(ConsultationPage.objects.get(pk=closed.pk), CitizenFactory(commune=commune))
    assert Participation.objects.filter(consultation=closed).count() == 4


def test_the_admin_refuses_to_move_the_dates_of_a_frozen_consultation(admin_client, closed):
    close(closed.pk)
    from tests.consultations.admin_data import consultation_form_data
    from tests.factories import full_survey

    later = timezone.localtime(timezone.now() + datetime.timedelta(days=5)).strftime("%Y-%m-%d %H:%M")
    data = consultation_form_data(closed, full_survey(), closes_at=later)
    response = admin_client.post(f"/admin/pages/{closed.pk}/edit/", data)
    assert response.status_code == 200
    assert "son urne scellée : ses dates ne peuvent plus changer" in response.content.decode()
    assert ConsultationPage.objects.get(pk=closed.pk).closes_at < timezone.now()


def test_a_mail_server_failure_does_not_undo_the_freeze(closed, editors, monkeypatch):
    from consultations import closing

    def broken(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(closing, "send_mail", broken)
    assert close_due() == [closed.pk]
    assert ResultsSnapshot.objects.count() == 1


def test_the_link_in_the_mail_works_when_the_space_has_its_own_hostname(closed, editors, space):
    Site.objects.create(hostname="ville-de-test.fr", port=443, root_page=space, site_name="Ville de Test")
    close_due()
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    assert link == "https://ville-de-test.fr/consultations/nouveau-parc/resultats/"


def test_drafts_are_not_frozen_and_nobody_is_told(consultation, editors):
    draft = end(consultation)
    draft.unpublish()
    assert close_due() == []
    assert not ResultsSnapshot.objects.exists()
    assert mail.outbox == []


def test_recount_matches_the_snapshot_and_catches_a_difference(closed):
    close(closed.pk)
    out = StringIO()
    call_command("recount", closed.pk, stdout=out)
    assert "correspond exactement" in out.getvalue()
    _results, differences = recount(closed)
    assert differences == []
    snapshot = ResultsSnapshot.objects.get()
    snapshot.results["questions"][0]["options"][0]["count"] += 1
    snapshot.save()
    with pytest.raises(CommandError) as failure:
        call_command("recount", closed.pk, stdout=out)
    assert failure.value.returncode == 1
    assert "Q1 Oui: 4 (figé) / 3 (recompté)" in out.getvalue()


def test_recount_checks_the_live_counters_of_an_open_consultation(consultation):
    add_ballots(consultation, [(f"o{n}", full_answers(), {}) for n in range(3)])
    assert recount(consultation) == (None, [])
    from consultations.models import TallyCell

    TallyCell.objects.filter(question_id="q-yes", key="choice:yes").update(value=99)
    assert recount(consultation)[1] == ["q-yes choice:yes: 99 au lieu de 3"]


# -- PostgreSQL: votes racing the freeze ---------------------------------------------------------------------------


@pytest.fixture
def race(migrated_data):
    assert connection.vendor == "postgresql"
    commune = TerritoryFactory(kind="commune", code="44991", name="Villecourse", population=5000)
    space = CollectiviteSpaceFactory(parent=migrated_data, title="Course", slug="course", territory=commune)
    index = ConsultationIndexPageFactory(parent=space)
    return commune, index


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_vote_racing_the_freeze_is_counted_or_refused_never_lost(race):
    """Found by the audit: a vote that passed the open check before the closing time but committed after the freeze
    got 201 and was never counted. Here the vote holds the ballot box's shared lock when the freeze starts: the
    freeze waits for it, and counts it."""
    from unittest import mock

    from consultations.models import Ballot

    commune, index = race
    page = ConsultationPageFactory(parent=index, slug="course-gel")
    voter = CitizenFactory(commune=commune)
    inside_transaction = threading.Event()
    freeze_started = threading.Event()
    outcome = {}
    real_create = Ballot.objects.create

    def slow_create(**kwargs):
        inside_transaction.set()
        freeze_started.wait(timeout=10)
        threading.Event().wait(0.5)  # the freeze is now waiting for this transaction
        return real_create(**kwargs)

    def voting_thread():
        try:
            with mock.patch.object(Ballot.objects, "create", side_effect=slow_create):
                vote(page.pk, full_answers(), user=voter)
            outcome["vote"] = "recorded"
        except Exception as error:  # noqa: BLE001 - reported below
            outcome["vote"] = repr(error)
        finally:
            connection.close()

    thread = threading.Thread(target=voting_thread)
    thread.start()
    assert inside_transaction.wait(timeout=20)
    ConsultationPage.objects.filter(pk=page.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    freeze_started.set()
    snapshot, created = close(page.pk)
    thread.join(timeout=30)
    assert outcome["vote"] == "recorded"
    assert created and snapshot.results["participants"] == 1 == Ballot.objects.filter(consultation=page).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_300_concurrent_voters_and_two_concurrent_closings_count_every_recorded_ballot(race, settings):
    """Found by the audit: two overlapping closings froze results without 9 of 19 ballots in 6 trials of 10."""
    settings.CONSULTATIONS_BALLOT_BATCH = 5
    commune, index = race
    page = ConsultationPageFactory(parent=index, slug="affluence")
    users = [CitizenFactory(username=f"foule{n}", commune=commune) for n in range(300)]
    recorded, refused, errors = [], [], []
    lock = threading.Lock()
    start = threading.Barrier(8 + 2)
    queue = list(users)

    def voters():
        try:
            start.wait(timeout=60)
            while True:
                with lock:
                    if not queue:
                        return
                    user = queue.pop()
                try:
                    vote(page.pk, full_answers(**{"q-yes": "yes" if user.pk % 3 else "no"}), user=user)
                    with lock:
                        recorded.append(user.pk)
                except Closed:
                    with lock:
                        refused.append(user.pk)
                except Exception as error:  # noqa: BLE001
                    with lock:
                        errors.append(repr(error))
        finally:
            connection.close()

    snapshots = []

    def closer():
        try:
            start.wait(timeout=60)
            threading.Event().wait(0.4)  # let votes flow, then close in the middle of them
            ConsultationPage.objects.filter(pk=page.pk).update(closes_at=timezone.now())
            snapshots.append(close(page.pk))
        except Exception as error:  # noqa: BLE001
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=voters) for _ in range(8)] + [threading.Thread(target=closer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert errors == []
    assert len(recorded) + len(refused) == 300
    assert recorded and refused, "the closing should fall in the middle of the votes"
    snapshot = ResultsSnapshot.objects.get(consultation=page)
    assert snapshot.results["participants"] == len(recorded)
    assert Ballot.objects.filter(consultation=page).count() == len(recorded)
    assert Participation.objects.filter(consultation=page).count() == len(recorded)
    assert {user_id for user_id in recorded} == set(
        Participation.objects.filter(consultation=page).values_list("user_id", flat=True)
    )
    yes = sum(1 for user_id in recorded if user_id % 3)
    counts = {o["id"]: o["count"] for o in snapshot.results["questions"][0]["options"]}
    assert counts["yes"] == yes and counts["no"] == len(recorded) - yes
    assert recount(page)[1] == []


def test_email_subjects_are_plain_text(make_consultation, editor):
    """Subjects are not HTML: « L'école » must not arrive as « L&#x27;école »."""
    page = end(make_consultation(title="L'école du quartier", slug="ecole"))
    close(page.pk)
    assert mail.outbox[0].subject == "Consultation terminée : L'école du quartier"
