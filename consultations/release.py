"""Releasing sealed ballots by batches: what can be seen of a consultation before it closes.

A vote writes a sealed ballot and nothing else that derives from its answers (`consultations.voting`). The live
counters and the free texts waiting for moderation are filled here, away from the votes: `release()` opens a batch
of at least K unreleased ballots (K is `CONSULTATIONS_BALLOT_BATCH`, 25 by default), adds them to the counters
(`TallyCell`), queues their free texts for moderation (`FreeText`, shuffled, without any demographic), and marks them
released, all in one transaction of its own. Someone reading the database, its log or its backups sees the counters
move by whole batches: what they learn of a batch is its sum, over at least K voters.

K ballots always stay unreleased while the consultation is open: a batch leaves only when 2K are waiting. At
closing, the ballots still waiting are then at least K (or all of them), so the final results minus the last live
counters never isolate fewer than K voters either. Open ballots (attributed by the editor's choice) have nothing to
hide: they are released as soon as they are cast.

`release()` is safe to run concurrently: a ballot is locked by the release that takes it, others skip it, and each
leaves its own K waiting. Opening ballots needs the private key, which only the Celery workers hold in production:
the web processes ask for a release (`request_release()`, at most once every few seconds per consultation) and the
beat task `consultations.release_due_ballots` sweeps what is left every minute.
"""

import random

from django.conf import settings
from django.db import connection, transaction

from .models import Ballot, ConsultationPage, FreeText, ReleaseBatch, TallyCell
from .sealing import decode_payload, unseal
from .tally import Tally

DEFAULT_BATCH = 25
CHUNK = 2000  # ballots opened per transaction when many are waiting
_shuffle = random.SystemRandom().shuffle


def batch_size():
    """K: the fewest ballots that are released together."""
    return max(1, int(getattr(settings, "CONSULTATIONS_BALLOT_BATCH", DEFAULT_BATCH)))


def pending_count(box_id):
    """Ballots cast but not in the live counters yet (an index-only count: at most a few batches)."""
    return Ballot.objects.filter(consultation_id=box_id, release__isnull=True).count()


def release(box_id, final=False):
    """Release every full batch of the ballot box `box_id`; with `final` (after the freeze), every ballot left.

    Returns the number of ballots released."""
    page = ConsultationPage.objects.filter(pk=box_id).only("pk", "survey").first()
    if page is None:
        return 0
    survey = page.get_survey()
    released = 0
    while True:
        count = _release_chunk(box_id, survey, final)
        released += count
        if count < CHUNK:
            return released
        if released == CHUNK and connection.vendor == "postgresql":
            # A backlog larger than a chunk was inserted faster than autovacuum refreshes the statistics: with the
            # planner still expecting a few waiting ballots, each chunk would scan the whole backlog.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(Ballot._meta.db_table)}")


def _release_chunk(box_id, survey, final):
    k = batch_size()
    limit = CHUNK + k
    with transaction.atomic():
        waiting = list(
            Ballot.objects.filter(consultation_id=box_id, release__isnull=True)
            .order_by("id")  # random keys: a random subset, unrelated to the order of voting
            .select_for_update(skip_locked=not final)
            .values_list("id", "key_id", "sealed", "participation_id")[:limit]
        )
        # The rules follow the ballots, not what the page says now: a secret ballot (no participation) is released
        # by batches of at least K with K waiting, even if the consultation were switched to an open ballot since.
        secret = any(participation_id is None for *_ballot, participation_id in waiting)
        reserve, minimum = (k, k) if secret and k > 1 and not final else (0, 1)
        # A full chunk: more may follow, and at least K stay for the next one. Otherwise all but the reserve.
        take = CHUNK if len(waiting) == limit else len(waiting) - reserve
        if take < minimum or take <= 0:
            return 0
        chosen = waiting[:take]
        tally = Tally(survey)
        texts = []
        text_questions = {question.id for question in survey if question.is_text}
        for _ballot_id, key_id, sealed, _participation_id in chosen:
            answers, _profile = decode_payload(unseal(key_id, sealed))
            tally.add(answers)  # without the profile: no demographic before closing
            texts.extend(
                (question_id, answers[question_id]) for question_id in text_questions if answers.get(question_id)
            )
        _shuffle(texts)
        batch = ReleaseBatch.objects.create(consultation_id=box_id, size=take, final=final)
        FreeText.objects.bulk_create(
            FreeText(consultation_id=box_id, question_id=question_id, text=text) for question_id, text in texts
        )
        add_to_counters(box_id, tally.cells())
        ids = [ballot_id for ballot_id, *_rest in chosen]
        for start in range(0, len(ids), 500):
            Ballot.objects.filter(pk__in=ids[start : start + 500]).update(release=batch)
    return take


def add_to_counters(box_id, cells):
    """Add (question id, key, value) to the consultation's counters, creating the missing ones.

    One statement per 300 cells, in a fixed order, so that two releases never wait for each other in a circle."""
    rows = sorted(cells)
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(TallyCell._meta.db_table)
    value = quote("value")
    columns = ", ".join(quote(name) for name in ("consultation_id", "question_id", "key", "value"))
    conflict = ", ".join(quote(name) for name in ("consultation_id", "question_id", "key"))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 300):
            chunk = rows[start : start + 300]
            placeholders = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {placeholders} "  # noqa: S608 - names are quoted constants
                f"ON CONFLICT ({conflict}) DO UPDATE SET {value} = {table}.{value} + excluded.{value}",
                [item for question_id, key, count in chunk for item in (box_id, question_id, key, count)],
            )


def release_due():
    """Release the full batches of every ballot box that has ballots waiting (the beat sweep); returns the count."""
    boxes = (
        Ballot.objects.filter(release__isnull=True, consultation__box__frozen_at__isnull=True)
        .order_by()
        .values_list("consultation_id", flat=True)
        .distinct()
    )
    return sum(release(box_id) for box_id in list(boxes))
