"""Casting a ballot: `vote()`, the one transaction that records it, and `record_ballots()` for bulk fills.

`vote()` reads the kept configuration (`consultations.voting.config`), applies the refusals in their order, seals
the answers, then in one transaction: the ballot box's shared lock and what may have changed under it, the
participation, the ballot. A configuration found outdated under the lock (`_Stale`) is read again and the vote
judged anew, three times at most.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.debug import sensitive_variables

from .. import sealing
from ..dispatch import request_release
from ..models import Ballot, BallotBox, ConsultationPage, Participation
from ..survey import InvalidAnswers
from .config import box_config, config_is_current
from .eligibility import read_email_token, resolve_voter
from .refusals import VoteRefused, already_voted, check_open, closed, not_found


@dataclass(frozen=True)
class Receipt:
    consultation_id: int
    secret: bool


def has_voted(box_id, voter):
    voted = Q(voter_key__in=[voter.key, *voter.other_keys])
    if voter.user is not None and voter.user.is_authenticated:
        voted |= Q(user=voter.user)
    return Participation.objects.filter(voted, consultation_id=box_id).exists()


class _Stale(Exception):
    """The kept configuration is older than the published revision: read it again and start over."""


def _lock_box(box_id, other_keys=()):
    """Take the ballot box's shared lock and read, under it, what may have changed since the configuration was read;
    and, in the same statement, whether the voter already voted under one of `other_keys` (a deleted account's
    mailbox: see `Voter.other_keys`), which no unique constraint sees.

    On PostgreSQL, `FOR SHARE` waits for a closing in progress (which holds the row alone) and then reads the row
    as that closing left it. SQLite runs one writing transaction at a time (`transaction_mode` IMMEDIATE): the
    closing cannot be in the middle of its work.
    """
    lock = " FOR SHARE OF b" if connection.vendor == "postgresql" else ""
    box_table = connection.ops.quote_name(BallotBox._meta.db_table)
    page_table = connection.ops.quote_name("wagtailcore_page")
    consultation_table = connection.ops.quote_name(ConsultationPage._meta.db_table)
    restriction_table = connection.ops.quote_name("wagtailcore_pageviewrestriction")
    participation_table = connection.ops.quote_name(Participation._meta.db_table)
    other_keys = list(other_keys)
    voted_under = "0"
    if other_keys:
        keys = ", ".join(["%s"] * len(other_keys))
        voted_under = (
            f"EXISTS (SELECT 1 FROM {participation_table} v "  # noqa: S608 - table names and placeholders only
            f"WHERE v.consultation_id = b.consultation_id AND v.voter_key IN ({keys}))"
        )
    query = (
        f"SELECT b.frozen_at, p.live, p.live_revision_id, c.opens_at, c.closes_at, "  # noqa: S608 - table names only
        f"EXISTS (SELECT 1 FROM {restriction_table} r JOIN {page_table} a ON a.id = r.page_id "
        f"WHERE p.path LIKE a.path || '%%'), {voted_under} "
        f"FROM {box_table} b JOIN {page_table} p ON p.id = b.consultation_id "
        f"JOIN {consultation_table} c ON c.page_ptr_id = b.consultation_id "
        f"WHERE b.consultation_id = %s{lock}"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [*other_keys, box_id])
        row = cursor.fetchone()
    if row is None:
        return None
    frozen_at, live, revision_id, opens_at, closes_at, restricted, voted = row
    return {
        "frozen": frozen_at is not None,
        "live": bool(live),
        "revision_id": revision_id,
        "opens_at": _aware(opens_at),
        "closes_at": _aware(closes_at),
        "restricted": bool(restricted),
        "voted_under_other_key": bool(voted),
    }


def _aware(value):
    if isinstance(value, str):  # SQLite through a raw cursor
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def ensure_box(box_id):
    """The ballot box row of a consultation (created with the consultation; here for older ones)."""
    BallotBox.objects.bulk_create([BallotBox(consultation_id=box_id)], ignore_conflicts=True)


@sensitive_variables("raw_answers", "cleaned", "payload", "voter")
def vote(
    box_id,
    raw_answers,
    *,
    user=None,
    channel=Participation.Channel.WEB,
    invitation_code=None,
    confirmed_email=None,
    email_token=None,
    revision_id=None,
    public_only=False,
    form_errors=None,
    now=None,
):
    """Record one ballot in the ballot box `box_id`, or raise the first refusal that applies (see the module).

    `revision_id`: the live revision of the page the voter saw, when the caller has it (web); `public_only`: refuse
    a consultation behind a view restriction (the API; on the site, Wagtail has already checked the visitor's
    access); `form_errors`: errors the web form found itself, reported with the survey's.
    """
    for attempt in range(3):
        config = box_config(box_id, revision_id=revision_id, refresh=attempt > 0)
        try:
            return _vote(
                config,
                raw_answers,
                user=user,
                channel=channel,
                invitation_code=invitation_code,
                confirmed_email=confirmed_email,
                email_token=email_token,
                public_only=public_only,
                form_errors=form_errors,
                now=now,
                checked=attempt > 0,
            )
        except _Stale:
            revision_id = None
            continue
    raise not_found()  # the consultation changed three times during this vote: let the citizen try again


@sensitive_variables("raw_answers", "cleaned", "payload", "voter")
def _vote(
    config,
    raw_answers,
    *,
    user,
    channel,
    invitation_code,
    confirmed_email,
    email_token,
    public_only,
    form_errors,
    now,
    checked,
):
    def refuse(refusal):
        # A refusal judged on a kept configuration is checked against the database before it is given.
        if not checked and config is not None and not config_is_current(config):
            raise _Stale
        raise refusal

    if config is None or not config.live or (public_only and config.restricted):
        refuse(not_found())
    try:
        check_open(config, now)
        if email_token:
            confirmed_email = read_email_token(config.box_id, email_token)
        voter = resolve_voter(config, user=user, invitation_code=invitation_code, confirmed_email=confirmed_email)
    except VoteRefused as refusal:
        refuse(refusal)
    try:
        cleaned = config.survey.validate(raw_answers)
        if form_errors:
            raise InvalidAnswers({})
    except InvalidAnswers as invalid:
        if has_voted(config.box_id, voter):
            raise already_voted() from None
        refuse(InvalidAnswers({**invalid.errors, **(form_errors or {})}))
    payload = sealing.encode_payload(config.survey.payload_answers(cleaned), voter.profile)
    key_id, sealed = sealing.seal(payload, config.padded_to)
    del payload, cleaned

    now = now or timezone.now()
    try:
        with transaction.atomic():
            state = _lock_box(config.box_id, voter.other_keys)
            if state is None:
                ensure_box(config.box_id)
                state = _lock_box(config.box_id, voter.other_keys)
            if state is None or not state["live"] or (public_only and state["restricted"]):
                raise not_found()
            if state["revision_id"] != config.revision_id:
                raise _Stale
            if state["frozen"] or now >= state["closes_at"]:
                raise closed()
            if now < state["opens_at"]:
                raise _Stale  # the opening moved later since the configuration was read: judge again
            if state["voted_under_other_key"]:
                raise already_voted()  # as a deleted account with the same mailbox: no constraint sees that one
            participation = Participation.objects.create(
                consultation_id=config.box_id, voter_key=voter.key, user=voter.user, channel=channel
            )
            Ballot.objects.create(
                consultation_id=config.box_id,
                participation=None if config.secret else participation,
                key_id=key_id,
                sealed=sealed,
            )
    except IntegrityError:
        if has_voted(config.box_id, voter):
            raise already_voted() from None
        raise
    transaction.on_commit(lambda: request_release(config.box_id))
    return Receipt(consultation_id=config.box_id, secret=config.secret)


@sensitive_variables("ballots")
def record_ballots(box_id, ballots, channel=Participation.Channel.WEB):
    """Seal and store ballots in bulk, without the checks of `vote()`: for the demo and the benchmarks only.

    `ballots`: (voter key, cleaned answers, profile) triples, the answers already validated by the survey. All or
    nothing; returns the number stored. The ballots then wait for their release, as any others."""
    config = box_config(box_id, refresh=True)
    ensure_box(box_id)
    stored = 0
    with transaction.atomic():
        for start, chunk in _chunks(ballots, 1000):
            participations = Participation.objects.bulk_create(
                Participation(consultation_id=box_id, voter_key=key, channel=channel) for key, _a, _p in chunk
            )
            rows = []
            for participation, (_key, cleaned, profile) in zip(participations, chunk, strict=True):
                payload = sealing.encode_payload(config.survey.payload_answers(cleaned), profile)
                key_id, sealed = sealing.seal(payload, config.padded_to)
                rows.append(
                    Ballot(
                        consultation_id=box_id,
                        participation=None if config.secret else participation,
                        key_id=key_id,
                        sealed=sealed,
                    )
                )
            Ballot.objects.bulk_create(rows)
            stored = start + len(chunk)
    return stored


def _chunks(items, size):
    chunk, start = [], 0
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield start, chunk
            start += size
            chunk = []
    if chunk:
        yield start, chunk


def voter_for(page, user=None, invitation_code=None, confirmed_email=None, now=None):
    """(voter, refusal) for the page's survey form: who would vote from this browser, or why they cannot."""
    config = box_config(page.ballot_box.pk, revision_id=page.live_revision_id if page.live else None)
    try:
        if config is None or not config.live:
            raise not_found()
        check_open(config, now)
        voter = resolve_voter(config, user=user, invitation_code=invitation_code, confirmed_email=confirmed_email)
    except VoteRefused as refusal:
        return None, refusal
    return voter, None
