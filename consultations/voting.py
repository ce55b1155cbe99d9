"""Casting a ballot: modalities, eligibility, one ballot per person, all or nothing.

Both the web form and the API call `resolve_voter()` then `cast_ballot()`; every refusal is
a `VoteRefused` with a stable `code`, an HTTP `status` and a message a citizen understands.
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from cms.models import Territory

from . import mixing
from .models import Answer, Ballot, Eligibility, Invitation, Participation, PendingBallot, Secrecy, Status
from .survey import InvalidAnswers, QuestionType

EMAIL_TOKEN_SALT = "consultations.email-confirmation"  # noqa: S105 (a signing salt, not a secret)
EMAIL_TOKEN_MAX_AGE = 7 * 24 * 3600


class VoteRefused(Exception):
    status = 403
    code = "refused"

    def __init__(self, message, code=None, reason=None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.reason = reason or self.code


class NotOpen(VoteRefused):
    code = "not_open"


class Closed(VoteRefused):
    code = "closed"


class NotEligible(VoteRefused):
    code = "not_eligible"


class AlreadyVoted(VoteRefused):
    status = 409
    code = "already_voted"


@dataclass
class Voter:
    key: str
    user: object = None
    commune: Territory | None = None
    age_bracket: str = ""
    gender: str = ""


# -- email confirmation without an account ------------------------------------------------------------------------


def normalize_email(email):
    return (email or "").strip().lower()


def email_voter_key(email):
    """The key of a confirmed address: a keyed hash, so the address itself is not kept with the participation."""
    digest = hmac.new(settings.SECRET_KEY.encode(), normalize_email(email).encode(), hashlib.sha256).hexdigest()
    return f"email:{digest[:40]}"


def make_email_token(consultation, email):
    """A signed, dated token for the address, made of URL-safe letters only.

    The same token goes into the confirmation link and to the mobile app. A signed value contains
    colons, which Wagtail's page URLs do not accept (`[\\w-]` only): it is base64-encoded once more.
    """
    signed = signing.dumps({"c": consultation.ballot_box.pk, "e": normalize_email(email)}, salt=EMAIL_TOKEN_SALT)
    return urlsafe_base64_encode(signed.encode())


def read_email_token(consultation, token):
    """The confirmed address in `token`, or raise NotEligible with the reason."""
    try:
        signed = urlsafe_base64_decode(token or "").decode()
        data = signing.loads(signed, salt=EMAIL_TOKEN_SALT, max_age=EMAIL_TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise NotEligible(
            _("Ce lien de confirmation a expiré : demandez-en un nouveau."), reason="email_token_expired"
        ) from error
    except (signing.BadSignature, ValueError) as error:  # ValueError: not base64, or not UTF-8 once decoded
        raise NotEligible(_("Ce lien de confirmation n'est pas valable."), reason="email_token_invalid") from error
    if data.get("c") != consultation.ballot_box.pk:
        raise NotEligible(_("Ce lien de confirmation concerne une autre consultation."), reason="email_token_invalid")
    return data["e"]


# -- who is voting ------------------------------------------------------------------------------------------------


def _user_voter(user):
    consented = bool(getattr(user, "demographics_consented", False))
    return Voter(
        key=f"user:{user.pk}",
        user=user,
        commune=getattr(user, "commune", None),
        age_bracket=(getattr(user, "age_bracket", "") or "") if consented else "",
        gender=(getattr(user, "gender", "") or "") if consented else "",
    )


def resolve_voter(consultation, user=None, invitation_code=None, confirmed_email=None):
    """Who votes, under the consultation's eligibility rule; raises NotEligible saying why not."""
    authenticated = user is not None and user.is_authenticated
    rule = consultation.eligibility
    if rule == Eligibility.ACCOUNT:
        if not authenticated:
            raise NotEligible(_("Connectez-vous ou créez un compte pour voter."), reason="login_required")
        return _user_voter(user)
    if rule == Eligibility.RESIDENTS:
        if not authenticated:
            raise NotEligible(
                _("Cette consultation est réservée aux habitants : connectez-vous pour voter."), reason="login_required"
            )
        territory = consultation.effective_territory
        commune = getattr(user, "commune", None)
        if commune is None:
            raise NotEligible(
                _("Indiquez votre commune de résidence dans votre profil pour voter."), reason="commune_missing"
            )
        if territory is not None and not Territory.objects.within(territory).filter(pk=commune.pk).exists():
            raise NotEligible(
                _(
                    "Cette consultation est réservée aux habitants de %(territory)s ; votre commune (%(commune)s) "
                    "n'en fait pas partie."
                )
                % {"territory": territory.name, "commune": commune.name},
                reason="not_resident",
            )
        return _user_voter(user)
    if rule == Eligibility.INVITATION:
        code = (invitation_code or "").strip().upper().replace(" ", "").replace("-", "")
        if not code:
            raise NotEligible(
                _("Cette consultation est réservée aux personnes invitées : saisissez le code reçu."),
                reason="invitation_required",
            )
        invitation = Invitation.objects.filter(consultation_id=consultation.ballot_box.pk, code=code).first()
        if invitation is None:
            raise NotEligible(
                _("Ce code d'invitation n'est pas valable pour cette consultation."), reason="invitation_invalid"
            )
        return Voter(key=invitation.voter_key, user=user if authenticated else None)
    if rule == Eligibility.EMAIL:
        email = confirmed_email
        if not email and authenticated and user.email and _email_verified(user):
            email = user.email
        if not email:
            raise NotEligible(
                _("Confirmez votre adresse e-mail pour voter : un lien vous sera envoyé."), reason="email_required"
            )
        voter = _user_voter(user) if authenticated else Voter(key="")
        voter.key = email_voter_key(email)
        return voter
    raise NotEligible(_("Cette consultation n'accepte pas de vote."))


def _email_verified(user):
    try:
        from allauth.account.models import EmailAddress
    except ImportError:  # pragma: no cover - allauth is installed
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


# -- casting --------------------------------------------------------------------------------------------------------


def check_open(consultation, now=None):
    status = consultation.status_at(now)
    if status == Status.UPCOMING:
        opens = timezone.localtime(consultation.opens_at)
        raise NotOpen(
            _("Cette consultation n'est pas encore ouverte : le vote commence le %(date)s à %(time)s.")
            % {"date": opens.strftime("%d/%m/%Y"), "time": opens.strftime("%H:%M")}
        )
    if status == Status.CLOSED:
        raise Closed(_("Cette consultation est terminée : il n'est plus possible de voter."))


def has_voted(consultation, voter):
    return Participation.objects.filter(consultation_id=consultation.ballot_box.pk, voter_key=voter.key).exists()


def _already_voted():
    return AlreadyVoted(_("Vous avez déjà voté à cette consultation : un seul vote par personne."))


def answer_rows(consultation_id, ballot, survey, cleaned):
    rows = []
    for question_id, value in cleaned.items():
        question = survey.by_id[question_id]
        base = {"ballot": ballot, "consultation_id": consultation_id, "question_id": question_id}
        if question.type in (QuestionType.SINGLE_CHOICE, QuestionType.YES_NO):
            rows.append(Answer(**base, choice_id=value))
        elif question.type == QuestionType.SCALE:
            rows.append(Answer(**base, choice_id=value, number=int(value)))
        elif question.type == QuestionType.MULTIPLE_CHOICE:
            rows.extend(Answer(**base, choice_id=choice) for choice in value)
        elif question.type == QuestionType.RANKING:
            rows.extend(Answer(**base, choice_id=choice, rank=rank) for rank, choice in enumerate(value, start=1))
        elif question.type == QuestionType.NUMBER:
            rows.append(Answer(**base, number=value))
        elif question.is_text and value:
            rows.append(Answer(**base, text=value, moderation=Answer.Moderation.PENDING))
    return rows


def cast_ballot(consultation, voter, raw_answers, channel=Participation.Channel.WEB, now=None):
    """Validate and store one ballot; returns the Ballot (a PendingBallot for a secret ballot waiting for its batch,
    see `consultations.mixing`). Writes everything or nothing.

    Raises NotOpen/Closed (403), AlreadyVoted (409) or InvalidAnswers (400). The unique
    constraint on (consultation, voter) settles simultaneous submissions by the same person:
    exactly one transaction commits, the others roll back and get AlreadyVoted.
    """
    check_open(consultation, now)
    if has_voted(consultation, voter):
        raise _already_voted()
    survey = consultation.get_survey()
    cleaned = survey.validate(raw_answers)  # raises InvalidAnswers
    box_id = consultation.ballot_box.pk
    try:
        with transaction.atomic():
            participation = Participation.objects.create(
                consultation_id=box_id, voter_key=voter.key, user=voter.user, channel=channel
            )
            profile = {"commune": voter.commune, "age_bracket": voter.age_bracket, "gender": voter.gender}
            if consultation.secrecy == Secrecy.SECRET and mixing.batch_size() > 1:
                rows = answer_rows(box_id, None, survey, cleaned)
                ballot = PendingBallot.objects.create(
                    consultation_id=box_id, answers=mixing.answer_payload(rows), **profile
                )
            else:
                ballot = Ballot.objects.create(
                    consultation_id=box_id,
                    participation=participation if consultation.secrecy == Secrecy.OPEN else None,
                    **profile,
                )
                Answer.objects.bulk_create(answer_rows(box_id, ballot, survey, cleaned))
    except IntegrityError:
        if has_voted(consultation, voter):
            raise _already_voted() from None
        raise
    if isinstance(ballot, PendingBallot):
        mixing.mix_after_commit(box_id)
    return ballot


__all__ = [
    "AlreadyVoted",
    "Closed",
    "InvalidAnswers",
    "NotEligible",
    "NotOpen",
    "VoteRefused",
    "Voter",
    "cast_ballot",
    "check_open",
    "email_voter_key",
    "has_voted",
    "make_email_token",
    "read_email_token",
    "resolve_voter",
]
