"""The demo's accounts and the file their passwords are kept in.

Passwords are generated on first creation and written to the credentials file (git-ignored
`var/demo-credentials.txt` by default), so that `make run` can print them every time. A
password that exists is never reset: an existing user keeps theirs, and a user re-created after
the database was dropped gets the password the file already holds.
"""

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from .content.common import AccountSpec

ADMIN = AccountSpec(
    username="admin",
    first_name="Équipe",
    last_name="AimPact",
    email="admin@aimpact.example",
    role="super-administrateur AimPact",
)

CITIZEN = AccountSpec(
    username="citoyen.villebrune",
    first_name="Camille",
    last_name="Moreau",
    email="camille.moreau@villebrune.example",
    role="citoyenne de Villebrune-sur-Loire (vote sur le site public, /comptes/login/)",
)

HEADER = (
    "# AimPact demo logins, written by `manage.py load_demo` (keep this file private).\n"
    "# One account a line: username, then password, separated by a tab.\n"
)


def default_credentials_file():
    return Path(settings.BASE_DIR) / "var" / "demo-credentials.txt"


@dataclass(frozen=True)
class Credential:
    username: str
    password: str | None  # None: the user existed before and its password is not in the file
    role: str
    created: bool


class CredentialStore:
    """The credentials file: `username<TAB>password` lines, comments starting with #."""

    def __init__(self, path):
        self.path = Path(path)
        self.passwords = self._read()
        self.changed = False

    def _read(self):
        if not self.path.exists():
            return {}
        passwords = {}
        for line in self.path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            username, _tab, password = line.partition("\t")
            if password:
                passwords[username.strip()] = password.strip()
        return passwords

    def get(self, username):
        return self.passwords.get(username)

    def set(self, username, password):
        if self.passwords.get(username) != password:
            self.passwords[username] = password
            self.changed = True

    def save(self):
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lines = "".join(f"{username}\t{password}\n" for username, password in self.passwords.items())
        self.path.write_text(HEADER + lines, encoding="utf-8")
        self.path.chmod(0o600)
        self.changed = False


def ensure_account(store, spec, *, superuser=False, groups=()):
    """Create the account if it does not exist (never touching an existing password); returns (user, Credential)."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=spec.username).first()
    created = user is None
    if created:
        password = store.get(spec.username) or secrets.token_urlsafe(12)
        create = user_model.objects.create_superuser if superuser else user_model.objects.create_user
        user = create(
            username=spec.username,
            email=spec.email,
            password=password,
            first_name=spec.first_name,
            last_name=spec.last_name,
        )
        store.set(spec.username, password)
    for group in groups:
        if group is not None:
            user.groups.add(group)  # a no-op for a member already in the group
    if user.email:
        # Demo addresses are not real: mark them verified so the accounts can log in on the public site.
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=user, email=user.email.lower(), defaults={"verified": True, "primary": True}
        )
    return user, Credential(spec.username, store.get(spec.username), spec.role, created)
