"""allauth's adapter for citizens' accounts."""

import secrets

from allauth.account.adapter import DefaultAccountAdapter

from django.contrib.auth import get_user_model
from django.utils.text import slugify


class AccountAdapter(DefaultAccountAdapter):
    def generate_unique_username(self, txts, regex=None):
        """A citizen's username: the local part of their address and a random suffix, never « the next free
        number », which would tell anyone signing up which usernames (staff logins among them) exist."""
        words = [str(txt).split("@")[0] for txt in txts if txt]
        base = next((slugify(word)[:24] for word in words if slugify(word)), "") or "citoyen"
        User = get_user_model()
        while True:
            candidate = f"{base}-{secrets.token_hex(3)}"
            if not User.objects.filter(username__iexact=candidate).exists():
                return candidate
