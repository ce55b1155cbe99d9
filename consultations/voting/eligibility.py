"""Who is voting: the consultation's eligibility rule applied to an account, an invitation code or an address.

`resolve_voter()` returns the `Voter` (the key its participation is unique on, its account, the profile it consented
to give for breakdowns) or raises `NotEligible` saying why not. An address confirmed without an account is keyed by
a keyed hash of its canonical spelling (`canonical_email()`: one spelling per mailbox), carried by a signed, dated
token (`make_email_token()`, `read_email_token()`).
"""

import contextlib
import hashlib
import hmac
import unicodedata
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress

from django.conf import settings
from django.core import signing
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from ..models import Eligibility, Invitation
from .refusals import NotEligible

EMAIL_TOKEN_SALT = "consultations.email-confirmation"  # noqa: S105 (a signing salt, not a secret)
EMAIL_TOKEN_MAX_AGE = 7 * 24 * 3600


@dataclass
class Voter:
    key: str
    user: object = None
    profile: dict = field(default_factory=dict)  # commune, age bracket, gender: consented ones only, for breakdowns
    # Keys this person may already have voted under: the mailbox's keyed hash, which replaces the key of a deleted
    # account (`consultations.personal_data.erase`), so that a new account with the same address votes no more.
    other_keys: tuple = ()


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
    other_keys = (email_voter_key(user.email),) if user.email else ()
    return Voter(key=f"user:{user.pk}", user=user, profile=_profile(user), other_keys=other_keys)


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
