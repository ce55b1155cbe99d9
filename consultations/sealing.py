"""Sealing ballots: what a voter answered is encrypted before it reaches the database.

A ballot is written in the transaction that records its voter's participation: whatever that transaction writes
shares PostgreSQL's transaction id (`xmin`), its place in the write-ahead log and in the backups. So the answers
never reach that transaction in clear. They are *sealed* (libsodium's sealed boxes through PyNaCl: an X25519 key
exchange with a throw-away key, then XSalsa20-Poly1305) under the platform's public key; only the matching private
key opens them, and it never lives in the database:

- production reads the keys from the environment (`BALLOT_PUBLIC_KEY` for the web processes, which only seal;
  `BALLOT_PRIVATE_KEYS` for the Celery workers, which open ballots to count them) and refuses to start without
  them; `manage.py ballot_keys` makes a pair;
- development and the tests derive a pair from `SECRET_KEY`, so that nothing needs to be set up.

Every sealed ballot of a consultation has the same length: the clear payload is padded to the largest payload the
consultation's questions allow (`Survey.sealed_size()`), so that the size of a ballot tells nothing of how many
boxes were ticked or how long a free text is. Sealing refuses a payload that would not fit rather than storing a
ballot of a telling size.

`payload` and `unseal` never log what they handle; callers keep it out of logs and error reports too
(`sensitive_variables`).
"""

import base64
import functools
import json
from dataclasses import dataclass

from nacl.encoding import RawEncoder
from nacl.exceptions import CryptoError
from nacl.hash import blake2b
from nacl.public import PrivateKey, PublicKey, SealedBox

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.views.decorators.debug import sensitive_variables

FORMAT_VERSION = 1
LENGTH_BYTES = 4
# The longest profile a ballot can carry (a 19-digit territory id, the longest age bracket and gender codes), so
# that the padded length does not depend on who consented to breakdowns.
LARGEST_PROFILE = {"commune": 10**19 - 1, "age_bracket": "x" * 16, "gender": "x" * 16}


class SealingError(Exception):
    """A ballot cannot be sealed or opened (wrong key, damaged ballot, payload larger than its consultation allows)."""


class KeyMissing(SealingError, ImproperlyConfigured):
    """This process holds no private key: ballots are opened by the Celery workers, which do."""


@dataclass(frozen=True)
class KeyRing:
    public: PublicKey
    private: tuple  # (key id, PrivateKey) pairs: the current key first, then older ones still able to open ballots

    @functools.cached_property
    def key_id(self):
        return key_id(self.public)

    @functools.cached_property
    def sealer(self):
        return SealedBox(self.public)


def key_id(public_key):
    """A short, stable name for a public key, stored with each ballot (which key opens it)."""
    return blake2b(bytes(public_key), digest_size=8, encoder=RawEncoder).hex()


def _decode_key(text, name):
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not valid base64.") from error
    if len(raw) != 32:
        raise ImproperlyConfigured(f"{name} must hold 32 bytes (base64-encoded), not {len(raw)}.")
    return raw


def derived_private_key(secret):
    """The development key pair, derived from SECRET_KEY: no setup on a laptop or in the tests."""
    seed = blake2b(
        b"aimpact ballot sealing key",
        key=secret.encode()[:64],
        digest_size=32,
        person=b"aimpact-ballots",
        encoder=RawEncoder,
    )
    return PrivateKey(seed)


def encode_private_key(private_key):
    return base64.b64encode(bytes(private_key)).decode()


def encode_public_key(public_key):
    return base64.b64encode(bytes(public_key)).decode()


@functools.cache
def keyring():
    """The keys of this process, read once from the settings."""
    private_texts = list(getattr(settings, "BALLOT_PRIVATE_KEYS", None) or [])
    public_text = getattr(settings, "BALLOT_PUBLIC_KEY", "") or ""
    if not private_texts and not public_text:
        if not getattr(settings, "BALLOT_KEYS_DERIVED_FROM_SECRET_KEY", False):
            raise ImproperlyConfigured(
                "No ballot sealing key: set BALLOT_PUBLIC_KEY (web) and BALLOT_PRIVATE_KEYS (workers); "
                "`manage.py ballot_keys` makes a pair."
            )
        private = derived_private_key(settings.SECRET_KEY)
        return KeyRing(public=private.public_key, private=((key_id(private.public_key), private),))
    privates = tuple(
        (key_id(key.public_key), key)
        for key in (PrivateKey(_decode_key(text, "BALLOT_PRIVATE_KEYS")) for text in private_texts)
    )
    public = PublicKey(_decode_key(public_text, "BALLOT_PUBLIC_KEY")) if public_text else privates[0][1].public_key
    if privates and bytes(privates[0][1].public_key) != bytes(public):
        raise ImproperlyConfigured("BALLOT_PUBLIC_KEY is not the public key of the first of BALLOT_PRIVATE_KEYS.")
    return KeyRing(public=public, private=privates)


def can_unseal():
    """Whether this process holds a private key (the workers do; web processes may hold only the public key)."""
    return bool(keyring().private)


# -- the payload --------------------------------------------------------------------------------------------------


def encode_payload(answers, profile):
    """The clear content of a ballot: its cleaned answers (strings and lists of strings) and the voter's profile
    used for breakdowns at closing ({"commune": id, "age_bracket": ..., "gender": ...}, consented parts only)."""
    body = {"v": FORMAT_VERSION, "a": answers, "p": {k: v for k, v in profile.items() if v not in (None, "")}}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def decode_payload(clear):
    body = json.loads(clear)
    if body.get("v") != FORMAT_VERSION:
        raise SealingError(f"Unknown ballot format {body.get('v')!r}")
    return body["a"], body.get("p") or {}


def padded_length(payload_bound):
    """The clear length every ballot of a consultation is padded to: its largest payload, in 64-byte blocks."""
    size = LENGTH_BYTES + payload_bound
    return -(-size // 64) * 64


# -- sealing and opening ------------------------------------------------------------------------------------------


@sensitive_variables("payload", "clear")
def seal(payload, padded_to):
    """(key id, sealed bytes) of `payload`, padded to `padded_to` bytes before sealing."""
    if LENGTH_BYTES + len(payload) > padded_to:
        # Never store a ballot whose length would stand out from the others.
        raise SealingError("The ballot is larger than its consultation allows: it was not stored.")
    clear = len(payload).to_bytes(LENGTH_BYTES, "big") + payload + bytes(padded_to - LENGTH_BYTES - len(payload))
    ring = keyring()
    return ring.key_id, ring.sealer.encrypt(clear)


@functools.cache
def _openers():
    return {identifier: SealedBox(key) for identifier, key in keyring().private}


@sensitive_variables("clear")
def unseal(key_identifier, sealed):
    """The payload of a sealed ballot; raises KeyMissing without the private key, SealingError if it does not open."""
    if not can_unseal():
        raise KeyMissing(
            "This process cannot open ballots (no BALLOT_PRIVATE_KEYS): counting runs in the Celery workers."
        )
    opener = _openers().get(key_identifier)
    if opener is None:
        raise SealingError(f"No private key {key_identifier} to open this ballot.")
    try:
        clear = opener.decrypt(bytes(sealed))
    except CryptoError as error:
        raise SealingError("This ballot does not open with its key: it is damaged or was not sealed here.") from error
    length = int.from_bytes(clear[:LENGTH_BYTES], "big")
    return clear[LENGTH_BYTES : LENGTH_BYTES + length]


def reset_keys():
    """Forget the keys read from the settings (tests that change them)."""
    keyring.cache_clear()
    _openers.cache_clear()
