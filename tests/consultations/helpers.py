"""Voting as the channels do, in tests that run inside a transaction that never commits."""

import pytest

from django.test import TestCase

from consultations.models import Ballot, Participation
from consultations.release import release
from consultations.sealing import decode_payload, unseal
from consultations.voting import box_config, record_ballots, vote
from tests.factories import full_answers


def cast(page, user=None, answers=None, **kwargs):
    """Vote through `vote()`, then run what its commit would start (the release of the ballot box)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return vote(page.ballot_box.pk, full_answers() if answers is None else answers, user=user, **kwargs)


def add_ballots(page, ballots, released=True):
    """Ballots of anonymous voters: (key, answers, profile) triples, validated, sealed, then released."""
    survey = page.ballot_box.specific.get_survey()
    record_ballots(page.ballot_box.pk, [(key, survey.validate(answers), profile) for key, answers, profile in ballots])
    if released:
        release(page.ballot_box.pk)


def opened(page):
    """[(answers, profile)] of every ballot of the page's ballot box, unsealed."""
    return [
        decode_payload(unseal(key_id, sealed))
        for key_id, sealed in Ballot.objects.filter(consultation_id=page.ballot_box.pk).values_list("key_id", "sealed")
    ]


def counts():
    return Participation.objects.count(), Ballot.objects.count()


def refusal(exception_class, call):
    """The refusal `call()` raises, which must be an `exception_class`."""
    with pytest.raises(exception_class) as caught:
        call()
    return caught.value


def config(page):
    """The page's vote configuration, read afresh."""
    return box_config(page.ballot_box.pk, refresh=True)
