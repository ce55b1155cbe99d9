"""Casting a ballot: one entry point, `vote()`, for the web form, the survey block and the API.

`vote()` owns the order of refusals, the same on every channel:

1. the consultation does not exist, is not published, or (API) is not public: `NotFound` (404);
2. it is not open yet, or closed (`NotOpen`, `Closed`: 403), whoever asks;
3. this person may not vote in it (`NotEligible`: 403, with a `reason` a program can read);
4. they already voted (`AlreadyVoted`: 409);
5. the answers are not valid (`InvalidAnswers`: 400, one message per question).

Then one write transaction: a shared lock on the ballot box (the closing takes it alone, so a vote either commits
before the freeze and is counted, or is refused as closed), the participation, and the ballot sealed under the
platform's public key (`consultations.sealing`). Nothing in clear that derives from the answers is written there.
The unique constraints on participations settle simultaneous submissions by the same person: one commits, the others
get `AlreadyVoted`. Once committed, the ballot box is asked to release a batch (`consultations.release`): whatever
happens then, the vote is recorded and answered as such.

What a vote needs of its consultation (dates, rules, parsed questions, the territory's communes) is read once per
published revision and kept in the process (`box_config`); the vote's transaction reads the live revision id under
its lock, so a vote is never judged by an outdated copy.

- `refusals`: the refusals, and `check_open()`;
- `config`: `BoxConfig`, `box_config()`, `forget_config()`, the configuration kept per process;
- `eligibility`: `Voter`, `resolve_voter()`, `canonical_email()`, the email confirmation tokens;
- `casting`: `vote()`, its transaction, `record_ballots()`, `voter_for()`.
"""

from ..survey import InvalidAnswers
from .casting import Receipt, ensure_box, has_voted, record_ballots, vote, voter_for
from .config import BoxConfig, box_config, forget_config
from .eligibility import (
    Voter,
    canonical_email,
    email_verified,
    email_voter_key,
    make_email_token,
    normalize_code,
    normalize_email,
    read_email_token,
    resolve_voter,
)
from .refusals import AlreadyVoted, Closed, NotEligible, NotFound, NotOpen, VoteRefused, check_open

__all__ = [
    "AlreadyVoted",
    "BoxConfig",
    "Closed",
    "InvalidAnswers",
    "NotEligible",
    "NotFound",
    "NotOpen",
    "Receipt",
    "VoteRefused",
    "Voter",
    "box_config",
    "canonical_email",
    "check_open",
    "email_verified",
    "email_voter_key",
    "ensure_box",
    "forget_config",
    "has_voted",
    "make_email_token",
    "normalize_code",
    "normalize_email",
    "read_email_token",
    "record_ballots",
    "resolve_voter",
    "vote",
    "voter_for",
]
