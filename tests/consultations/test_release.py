"""Releasing sealed ballots into the live counters: by batches of at least K, K always waiting, texts shuffled."""

import threading
from unittest import mock

import pytest

from django.db import connection

from consultations import release as release_module
from consultations.closing import close
from consultations.models import Ballot, FreeText, ReleaseBatch, Secrecy, TallyCell
from consultations.release import pending_count, release
from consultations.results import live_results
from tests.factories import (
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    TerritoryFactory,
    full_answers,
)

from .helpers import add_ballots, opened


@pytest.fixture
def batches_of_three(settings):
    settings.CONSULTATIONS_BALLOT_BATCH = 3


def ballots(page, start, count, **overrides):
    add_ballots(
        page,
        [(f"v{n}", full_answers(**{"q-short": f"texte {n}", **overrides}), {}) for n in range(start, start + count)],
    )


def participants(page):
    return (
        TallyCell.objects.filter(consultation=page, question_id="", key="participants")
        .values_list("value", flat=True)
        .first()
        or 0
    )


def test_k_ballots_always_wait_while_the_consultation_is_open(consultation, batches_of_three):
    ballots(consultation, 0, 5)
    assert participants(consultation) == 0  # 5 < 2K: releasing 2 would leave fewer than K, releasing 3 too
    assert pending_count(consultation.pk) == 5
    ballots(consultation, 5, 1)
    assert participants(consultation) == 3  # 6 = 2K: a batch of 3 goes, 3 stay
    assert pending_count(consultation.pk) == 3
    ballots(consultation, 6, 7)
    assert participants(consultation) == 10 and pending_count(consultation.pk) == 3
    assert FreeText.objects.filter(consultation=consultation, question_id="q-short").count() == 10
    assert list(ReleaseBatch.objects.filter(consultation=consultation).values_list("size", flat=True)) == [3, 7]


def test_no_batch_is_ever_smaller_than_k_not_even_the_last_one(consultation, batches_of_three):
    """Found by the audit: the last batch at closing could hold a single ballot, which the final results minus the
    live ones gave away. The K that always wait make the final batch K or more."""
    for count in (1, 2, 4, 1, 5, 2):
        start = Ballot.objects.count()
        ballots(consultation, start, count)
    live = participants(consultation)
    type(consultation).objects.filter(pk=consultation.pk).update(
        closes_at=consultation.opens_at + (consultation.closes_at - consultation.opens_at) / 1000
    )
    snapshot, created = close(consultation.pk)
    assert created and snapshot.results["participants"] == 15
    sizes = list(ReleaseBatch.objects.filter(consultation=consultation).order_by("pk").values_list("size", "final"))
    assert all(size >= 3 for size, _final in sizes), sizes
    assert sizes[-1][1] is True  # the closing's batch
    assert snapshot.results["participants"] - live >= 3
    assert sum(size for size, _final in sizes) == 15


def test_counters_hold_no_demographic_and_texts_no_link(consultation, batches_of_three, commune):
    add_ballots(
        consultation,
        [
            (f"d{n}", full_answers(), {"commune": commune.pk, "age_bracket": "25-34", "gender": "femme"})
            for n in range(6)
        ],
    )
    keys = set(TallyCell.objects.values_list("key", flat=True))
    assert keys and not any(("femme" in key or "25-34" in key or str(commune.pk) == key) for key in keys)
    assert {field.name for field in FreeText._meta.concrete_fields} == {
        "id",
        "consultation",
        "question_id",
        "text",
        "moderation",
    }
    assert "breakdowns_withheld" in live_results(consultation) and not any(
        question["breakdowns"] for question in live_results(consultation)["questions"]
    )


def test_free_texts_are_released_shuffled(consultation, settings):
    """Ballots are taken in the order of their random keys, which the voters' transactions know: the texts must not
    be written in that order."""
    settings.CONSULTATIONS_BALLOT_BATCH = 10
    captured = []
    real_bulk_create = FreeText.objects.bulk_create

    def capture(rows, *args, **kwargs):
        rows = list(rows)
        captured.append([row.text for row in rows if row.question_id == "q-short"])
        return real_bulk_create(rows, *args, **kwargs)

    add_ballots(consultation, [(f"s{n}", full_answers(**{"q-short": f"t{n}"}), {}) for n in range(20)], released=False)
    in_key_order = []
    for key_id, sealed in Ballot.objects.order_by("id").values_list("key_id", "sealed")[:10]:
        from consultations.sealing import decode_payload, unseal

        in_key_order.append(decode_payload(unseal(key_id, sealed))[0]["q-short"])
    with mock.patch.object(FreeText.objects, "bulk_create", side_effect=capture):
        release(consultation.pk)
    assert len(captured) == 1 and sorted(captured[0]) == sorted(in_key_order)
    assert captured[0] != in_key_order  # 1 chance in 10! of a false alarm


def test_open_ballots_count_at_once(make_consultation, batches_of_three):
    page = make_consultation(slug="a-main-levee", secrecy=Secrecy.OPEN)
    ballots(page, 0, 1)
    assert participants(page) == 1 and pending_count(page.pk) == 0


def test_a_release_is_safe_to_run_twice(consultation, batches_of_three):
    ballots(consultation, 0, 8)
    assert release(consultation.pk) == 0
    assert participants(consultation) == 5 and pending_count(consultation.pk) == 3


def test_the_results_page_says_ballots_are_waiting(client, consultation, batches_of_three):
    ballots(consultation, 0, 2)
    response = client.get(consultation.url + "resultats/")
    assert response.status_code == 200
    assert "2 bulletins ne sont pas encore comptés ici" in response.content.decode()


def test_release_due_sweeps_every_open_ballot_box(consultation, make_consultation, batches_of_three):
    other = make_consultation(slug="autre")
    ballots(consultation, 0, 6)
    ballots(other, 0, 7)
    TallyCell.objects.all().delete()
    Ballot.objects.update(release=None)
    assert release_module.release_due() == 3 + 4


def test_large_backlogs_are_released_by_chunks(consultation, batches_of_three, monkeypatch):
    monkeypatch.setattr(release_module, "CHUNK", 4)
    add_ballots(consultation, [(f"c{n}", full_answers(), {}) for n in range(14)], released=False)
    assert release(consultation.pk) == 11
    assert list(ReleaseBatch.objects.order_by("pk").values_list("size", flat=True)) == [4, 4, 3]
    assert pending_count(consultation.pk) == 3
    assert len(opened(consultation)) == 14


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_releases_count_each_ballot_once(migrated_data, settings):
    assert connection.vendor == "postgresql"
    settings.CONSULTATIONS_BALLOT_BATCH = 5
    commune = TerritoryFactory(kind="commune", code="44990", name="Villerelease", population=500)
    space = CollectiviteSpaceFactory(parent=migrated_data, title="Release", slug="release", territory=commune)
    page = ConsultationPageFactory(parent=ConsultationIndexPageFactory(parent=space), slug="lots")
    add_ballots(page, [(f"r{n}", full_answers(), {}) for n in range(120)], released=False)
    barrier = threading.Barrier(4)
    released = []

    def run():
        try:
            barrier.wait(timeout=30)
            released.append(release(page.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(released) == 4
    counted = participants(page)
    assert counted == sum(released) == Ballot.objects.filter(consultation=page, release__isnull=False).count()
    assert pending_count(page.pk) >= 5
    assert all(size >= 5 for size in ReleaseBatch.objects.filter(consultation=page).values_list("size", flat=True))
    assert TallyCell.objects.get(consultation=page, question_id="q-yes", key="choice:yes").value == counted


def test_secret_ballots_keep_their_rules_even_if_the_page_says_open(consultation, batches_of_three):
    """The release follows the ballots: secret ones (no participation) wait by K, whatever the page says now."""
    from consultations.models import ConsultationPage

    ballots(consultation, 0, 4)
    ConsultationPage.objects.filter(pk=consultation.pk).update(secrecy="open")
    release(consultation.pk)
    assert participants(consultation) == 0 and pending_count(consultation.pk) == 4
