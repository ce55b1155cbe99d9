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
"""

import contextlib
import datetime
import hashlib
import hmac
import threading
import time
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from cms.models import Territory

from . import sealing
from .dispatch import request_release
from .models import Ballot, BallotBox, ConsultationPage, Eligibility, Invitation, Participation, Secrecy, Status
from .survey import InvalidAnswers

EMAIL_TOKEN_SALT = "consultations.email-confirmation"  # noqa: S105 (a signing salt, not a secret)
EMAIL_TOKEN_MAX_AGE = 7 * 24 * 3600
CONFIG_CACHE_SIZE = 512
CONFIG_MAX_AGE = 300  # seconds: territories change without a new revision of the consultation


class VoteRefused(Exception):
    status = 403
    code = "refused"

    def __init__(self, message, code=None, reason=None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.reason = reason or self.code


class NotFound(VoteRefused):
    status = 404
    code = "not_found"


class NotOpen(VoteRefused):
    code = "not_open"


class Closed(VoteRefused):
    code = "closed"


class NotEligible(VoteRefused):
    code = "not_eligible"


class AlreadyVoted(VoteRefused):
    status = 409
    code = "already_voted"


def _not_found():
    return NotFound(_("Cette consultation n'existe pas ou n'est pas publiée."))


def _already_voted():
    return AlreadyVoted(_("Vous avez déjà voté à cette consultation : un seul vote par personne."))


@dataclass
class Voter:
    key: str
    user: object = None
    profile: dict = field(default_factory=dict)  # commune, age bracket, gender: consented ones only, for breakdowns


@dataclass(frozen=True)
class Receipt:
    consultation_id: int
    secret: bool


# -- what a vote needs of its consultation, once per revision ------------------------------------------------------


@dataclass(frozen=True)
class BoxConfig:
    box_id: int
    revision_id: int | None
    live: bool
    opens_at: object
    closes_at: object
    secrecy: str
    eligibility: str
    territory_name: str
    territory_ids: frozenset | None  # the territories within the consultation's (residents only)
    restricted: bool  # behind a view restriction (an access code, a login): not for the public API
    survey: object
    padded_to: int
    loaded_at: float

    def status_at(self, now=None):
        now = now or timezone.now()
        if now < self.opens_at:
            return Status.UPCOMING
        if now >= self.closes_at:
            return Status.CLOSED
        return Status.OPEN

    @property
    def secret(self):
        return self.secrecy == Secrecy.SECRET


_configs = OrderedDict()
_configs_lock = threading.Lock()


def _load_config(box_id):
    page = ConsultationPage.objects.select_related("territory").filter(pk=box_id).first()
    if page is None or page.ballot_box.pk != page.pk:
        return None
    territory = page.effective_territory
    territory_ids = None
    if page.eligibility == Eligibility.RESIDENTS and territory is not None:
        territory_ids = frozenset(Territory.objects.within(territory).values_list("pk", flat=True))
    survey = page.get_survey()
    return BoxConfig(
        box_id=page.pk,
        revision_id=page.live_revision_id,
        live=page.live,
        restricted=_page_state(page.pk)[2],
        opens_at=page.opens_at,
        closes_at=page.closes_at,
        secrecy=page.secrecy,
        eligibility=page.eligibility,
        territory_name=territory.name if territory is not None else "",
        territory_ids=territory_ids,
        survey=survey,
        padded_to=sealing.padded_length(len(sealing.encode_payload(survey.largest_answers(), sealing.LARGEST_PROFILE))),
        loaded_at=time.monotonic(),
    )


def box_config(box_id, revision_id=None, refresh=False):
    """The vote configuration of the ballot box `box_id` (None if there is no such consultation).

    Kept in the process; read again when `refresh`, when `revision_id` (the caller's live revision) differs from
    the kept one, or after CONFIG_MAX_AGE seconds."""
    if not 0 < box_id < 2**31:
        return None  # no page has such an id (and SQLite cannot even look it up)
    with _configs_lock:
        config = _configs.get(box_id)
    stale = (
        config is None
        or refresh
        or (revision_id is not None and revision_id != config.revision_id)
        or time.monotonic() - config.loaded_at > CONFIG_MAX_AGE
    )
    if not stale:
        return config
    config = _load_config(box_id)
    with _configs_lock:
        if config is None:
            _configs.pop(box_id, None)
        else:
            _configs[box_id] = config
            _configs.move_to_end(box_id)
            while len(_configs) > CONFIG_CACHE_SIZE:
                _configs.popitem(last=False)
    return config


def forget_config(box_id=None):
    """Drop the kept configuration (on publish; tests)."""
    with _configs_lock:
        if box_id is None:
            _configs.clear()
        else:
            _configs.pop(box_id, None)


def _page_state(box_id):
    """(live, live revision id, behind a view restriction) of the consultation's page, in one query."""
    page_table = connection.ops.quote_name("wagtailcore_page")
    restriction_table = connection.ops.quote_name("wagtailcore_pageviewrestriction")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.live, p.live_revision_id, EXISTS (SELECT 1 FROM {restriction_table} r "  # noqa: S608
            f"JOIN {page_table} a ON a.id = r.page_id WHERE p.path LIKE a.path || '%%') "
            f"FROM {page_table} p WHERE p.id = %s",
            [box_id],
        )
        row = cursor.fetchone()
    return (bool(row[0]), row[1], bool(row[2])) if row else (False, None, False)


def _config_is_current(config):
    return _page_state(config.box_id) == (config.live, config.revision_id, config.restricted)


# -- email confirmation without an account ------------------------------------------------------------------------

# Providers that deliver `jean.dupont@`, `jeandupont@` and `j.e.a.n.dupont@` to the same mailbox.
DOT_BLIND_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def normalize_email(email):
    return (email or "").strip().lower()


def canonical_email(email):
    """One spelling per mailbox: Unicode compatibility forms folded (full-width letters, composed accents), the
    domain in its ASCII (IDNA) form, quotes around the local part dropped, lower case, no `+tag`, and none of the
    dots that Gmail ignores. `alice@ｅｘａｍｐｌｅ.com`, `"alice"@example.com` and `Alice+2@example.com` are
    `alice@example.com`; `alice@bücher.de` is `alice@xn--bcher-kva.de`."""
    email = unicodedata.normalize("NFKC", normalize_email(email))
    local, at, domain = email.rpartition("@")
    if not at or not local:
        return email
    if len(local) > 1 and local.startswith('"') and local.endswith('"'):
        local = local[1:-1]
    domain = domain.rstrip(".")
    with contextlib.suppress(UnicodeError):  # not a valid internationalised name: kept (no mail reaches it anyway)
        domain = domain.encode("idna").decode("ascii").lower()
    local = local.split("+", 1)[0] or local
    if domain in DOT_BLIND_DOMAINS:
        local = local.replace(".", "") or local
        domain = DOT_BLIND_DOMAINS[domain]
    return f"{local}@{domain}"


def email_voter_key(email):
    """The key of a confirmed address: a keyed hash of its canonical spelling, so the address itself is not kept
    with the participation and `alice+2@` or `a.lice@gmail.com` are the same voter as `alice@`."""
    digest = hmac.new(settings.SECRET_KEY.encode(), canonical_email(email).encode(), hashlib.sha256).hexdigest()
    return f"email:{digest[:40]}"


def make_email_token(consultation, email):
    """A signed, dated token for the address, made of URL-safe letters only.

    The same token goes into the confirmation link and to the mobile app. A signed value contains
    colons, which Wagtail's page URLs do not accept (`[\\w-]` only): it is base64-encoded once more.
    """
    signed = signing.dumps({"c": consultation.ballot_box.pk, "e": normalize_email(email)}, salt=EMAIL_TOKEN_SALT)
    return urlsafe_base64_encode(signed.encode())


def read_email_token(box_id, token):
    """The confirmed address in `token` for the ballot box `box_id`, or raise NotEligible with the reason."""
    try:
        signed = urlsafe_base64_decode(token or "").decode()
        data = signing.loads(signed, salt=EMAIL_TOKEN_SALT, max_age=EMAIL_TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise NotEligible(
            _("Ce lien de confirmation a expiré : demandez-en un nouveau."), reason="email_token_expired"
        ) from error
    except (signing.BadSignature, ValueError) as error:  # ValueError: not base64, or not UTF-8 once decoded
        raise NotEligible(_("Ce lien de confirmation n'est pas valable."), reason="email_token_invalid") from error
    if not isinstance(data, dict) or data.get("c") != box_id or not isinstance(data.get("e"), str):
        raise NotEligible(_("Ce lien de confirmation concerne une autre consultation."), reason="email_token_invalid")
    return data["e"]


# -- who is voting ------------------------------------------------------------------------------------------------


def email_verified(user):
    """Whether the account's address is verified now (the API's token authentication says so without a query)."""
    known = getattr(user, "email_verified", None)
    if known is not None:
        return bool(known)
    from allauth.account.models import EmailAddress

    return bool(user.email) and EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def _profile(user):
    """The voter's commune, age bracket and gender for breakdowns at closing, with their consent only."""
    if not getattr(user, "demographics_consented", False):
        return {}
    return {"commune": user.commune_id, "age_bracket": user.age_bracket or "", "gender": user.gender or ""}


def _account_voter(user):
    if not email_verified(user):
        raise NotEligible(
            _(
                "Votre adresse e-mail n'est pas vérifiée : ouvrez le lien de confirmation envoyé par e-mail "
                "(ou demandez-en un depuis votre compte), puis votez."
            ),
            reason="email_unverified",
        )
    return Voter(key=f"user:{user.pk}", user=user, profile=_profile(user))


def resolve_voter(config, user=None, invitation_code=None, confirmed_email=None):
    """Who votes, under the consultation's eligibility rule; raises NotEligible saying why not."""
    authenticated = user is not None and user.is_authenticated
    rule = config.eligibility
    if rule == Eligibility.ACCOUNT:
        if not authenticated:
            raise NotEligible(_("Connectez-vous ou créez un compte pour voter."), reason="login_required")
        return _account_voter(user)
    if rule == Eligibility.RESIDENTS:
        if not authenticated:
            raise NotEligible(
                _("Cette consultation est réservée aux habitants : connectez-vous pour voter."), reason="login_required"
            )
        if user.commune_id is None:
            raise NotEligible(
                _("Indiquez votre commune de résidence dans votre profil pour voter."), reason="commune_missing"
            )
        if config.territory_ids is not None and user.commune_id not in config.territory_ids:
            raise NotEligible(
                _(
                    "Cette consultation est réservée aux habitants de %(territory)s ; votre commune (%(commune)s) "
                    "n'en fait pas partie."
                )
                % {"territory": config.territory_name, "commune": user.commune.name},
                reason="not_resident",
            )
        return _account_voter(user)
    if rule == Eligibility.INVITATION:
        code = normalize_code(invitation_code)
        if not code:
            raise NotEligible(
                _("Cette consultation est réservée aux personnes invitées : saisissez le code reçu."),
                reason="invitation_required",
            )
        invitation = Invitation.objects.filter(consultation_id=config.box_id, code=code).only("pk").first()
        if invitation is None:
            raise NotEligible(
                _("Ce code d'invitation n'est pas valable pour cette consultation."), reason="invitation_invalid"
            )
        # Logged in, the account is recorded too: it votes once, whatever codes it holds.
        return Voter(key=invitation.voter_key, user=user if authenticated else None)
    if rule == Eligibility.EMAIL:
        email = confirmed_email
        if not email and authenticated and user.email and email_verified(user):
            email = user.email
        if not email:
            raise NotEligible(
                _("Confirmez votre adresse e-mail pour voter : un lien vous sera envoyé."), reason="email_required"
            )
        profile = _profile(user) if authenticated else {}
        return Voter(key=email_voter_key(email), user=user if authenticated else None, profile=profile)
    raise NotEligible(_("Cette consultation n'accepte pas de vote."))


def normalize_code(code):
    return (code or "").strip().upper().replace(" ", "").replace("-", "")[:32]


# -- casting --------------------------------------------------------------------------------------------------------


def check_open(config, now=None):
    status = config.status_at(now)
    if status == Status.UPCOMING:
        opens = timezone.localtime(config.opens_at)
        raise NotOpen(
            _("Cette consultation n'est pas encore ouverte : le vote commence le %(date)s à %(time)s.")
            % {"date": opens.strftime("%d/%m/%Y"), "time": opens.strftime("%H:%M")}
        )
    if status == Status.CLOSED:
        raise _closed()


def _closed():
    return Closed(_("Cette consultation est terminée : il n'est plus possible de voter."))


def has_voted(box_id, voter):
    voted = Q(voter_key=voter.key)
    if voter.user is not None and voter.user.is_authenticated:
        voted |= Q(user=voter.user)
    return Participation.objects.filter(voted, consultation_id=box_id).exists()


class _Stale(Exception):
    """The kept configuration is older than the published revision: read it again and start over."""


def _lock_box(box_id):
    """Take the ballot box's shared lock and read, under it, what may have changed since the configuration was read.

    On PostgreSQL, `FOR SHARE` waits for a closing in progress (which holds the row alone) and then reads the row
    as that closing left it. SQLite runs one writing transaction at a time (`transaction_mode` IMMEDIATE): the
    closing cannot be in the middle of its work.
    """
    lock = " FOR SHARE OF b" if connection.vendor == "postgresql" else ""
    box_table = connection.ops.quote_name(BallotBox._meta.db_table)
    page_table = connection.ops.quote_name("wagtailcore_page")
    consultation_table = connection.ops.quote_name(ConsultationPage._meta.db_table)
    restriction_table = connection.ops.quote_name("wagtailcore_pageviewrestriction")
    query = (
        f"SELECT b.frozen_at, p.live, p.live_revision_id, c.opens_at, c.closes_at, "  # noqa: S608 - table names only
        f"EXISTS (SELECT 1 FROM {restriction_table} r JOIN {page_table} a ON a.id = r.page_id "
        f"WHERE p.path LIKE a.path || '%%') "
        f"FROM {box_table} b JOIN {page_table} p ON p.id = b.consultation_id "
        f"JOIN {consultation_table} c ON c.page_ptr_id = b.consultation_id "
        f"WHERE b.consultation_id = %s{lock}"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [box_id])
        row = cursor.fetchone()
    if row is None:
        return None
    frozen_at, live, revision_id, opens_at, closes_at, restricted = row
    return {
        "frozen": frozen_at is not None,
        "live": bool(live),
        "revision_id": revision_id,
        "opens_at": _aware(opens_at),
        "closes_at": _aware(closes_at),
        "restricted": bool(restricted),
    }


def _aware(value):
    if isinstance(value, str):  # SQLite through a raw cursor
        from django.utils.dateparse import parse_datetime

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
    raise _not_found()  # the consultation changed three times during this vote: let the citizen try again


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
        if not checked and config is not None and not _config_is_current(config):
            raise _Stale
        raise refusal

    if config is None or not config.live or (public_only and config.restricted):
        refuse(_not_found())
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
            raise _already_voted() from None
        refuse(InvalidAnswers({**invalid.errors, **(form_errors or {})}))
    payload = sealing.encode_payload(config.survey.payload_answers(cleaned), voter.profile)
    key_id, sealed = sealing.seal(payload, config.padded_to)
    del payload, cleaned

    now = now or timezone.now()
    try:
        with transaction.atomic():
            state = _lock_box(config.box_id)
            if state is None:
                ensure_box(config.box_id)
                state = _lock_box(config.box_id)
            if state is None or not state["live"] or (public_only and state["restricted"]):
                raise _not_found()
            if state["revision_id"] != config.revision_id:
                raise _Stale
            if state["frozen"] or now >= state["closes_at"]:
                raise _closed()
            if now < state["opens_at"]:
                raise _Stale  # the opening moved later since the configuration was read: judge again
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
            raise _already_voted() from None
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
            raise _not_found()
        check_open(config, now)
        voter = resolve_voter(config, user=user, invitation_code=invitation_code, confirmed_email=confirmed_email)
    except VoteRefused as refusal:
        return None, refusal
    return voter, None


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
    "email_voter_key",
    "has_voted",
    "make_email_token",
    "read_email_token",
    "record_ballots",
    "resolve_voter",
    "vote",
    "voter_for",
]
