"""Mixing secret ballots: they reach the ballot box by batches, in a random order, away from their voters.

`cast_ballot()` records a secret vote as a `Participation` and a `PendingBallot` in one transaction (all or
nothing: a vote is never lost nor counted twice). Those two rows share what the database knows of their writing —
PostgreSQL's transaction id (`xmin`), SQLite's insertion order (`rowid`) — so the pending ballot is not the ballot:
`mix_ballots()` moves the pending ballots of a consultation into `Ballot` and `Answer` once there are
`CONSULTATIONS_BALLOT_BATCH` of them, in a shuffled order and in a transaction of its own, then deletes them. All
the ballots of a batch then share one transaction id, and their order says nothing: a ballot can only be traced to
"one of the voters of its batch". At closing, `freeze_results()` mixes what is left (`force=True`) before counting.

A batch of 1 (the test settings) writes secret ballots straight into the ballot box, as open ballots are.
"""

import random

from django.conf import settings
from django.db import transaction

from .models import Answer, Ballot, PendingBallot

DEFAULT_BATCH = 10
_shuffle = random.SystemRandom().shuffle


def batch_size():
    return max(1, int(getattr(settings, "CONSULTATIONS_BALLOT_BATCH", DEFAULT_BATCH)))


class _Raced(Exception):
    """Another mixer took some of these pending ballots first: roll back and leave them to it."""


def answer_payload(rows):
    """The answer rows of a ballot as JSON, to wait in a PendingBallot."""
    return [
        {
            "question_id": row.question_id,
            "choice_id": row.choice_id,
            "rank": row.rank,
            "number": None if row.number is None else str(row.number),
            "text": row.text,
            "moderation": row.moderation,
        }
        for row in rows
    ]


def mix_ballots(consultation_id, force=False):
    """Move the consultation's pending ballots into the ballot box if there are enough of them (or `force`).

    Returns the number of ballots moved. Safe to run concurrently: a pending ballot is moved once."""
    try:
        with transaction.atomic():
            pending = list(
                PendingBallot.objects.select_for_update(skip_locked=True).filter(consultation_id=consultation_id)
            )
            if not pending or (len(pending) < batch_size() and not force):
                return 0
            deleted, _details = PendingBallot.objects.filter(pk__in=[item.pk for item in pending]).delete()
            if deleted != len(pending):
                raise _Raced
            _shuffle(pending)
            ballots, answers = [], []
            for item in pending:
                ballot = Ballot(
                    consultation_id=consultation_id,
                    commune_id=item.commune_id,
                    age_bracket=item.age_bracket,
                    gender=item.gender,
                )
                ballots.append(ballot)
                answers.extend(Answer(ballot=ballot, consultation_id=consultation_id, **row) for row in item.answers)
            Ballot.objects.bulk_create(ballots)
            Answer.objects.bulk_create(answers)
    except _Raced:
        return 0
    return len(pending)


def mix_after_commit(consultation_id):
    """Mix once the vote's own transaction has committed (never inside it: the batch would share its xmin)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        transaction.on_commit(lambda: mix_ballots(consultation_id))
    else:
        mix_ballots(consultation_id)


def pending_count(consultation_id):
    return PendingBallot.objects.filter(consultation_id=consultation_id).count()
