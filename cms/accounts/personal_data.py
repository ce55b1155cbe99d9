"""The GDPR rights of the account page: a copy of one's data (articles 15 and 20) and the deletion of one's account
(article 17), on the site (`cms.accounts.views`) and in the API (`cms.accounts.api`).

- `export_personal_data(user)`: a JSON-ready dict. The account, its addresses and whether they are verified, the
  profile, the consents with their dates, then what each feature keeps, under its name (`cms.registry`:
  `register_personal_data`). Never the content of a secret ballot: nothing links it to its voter.
- `delete_account(user)`: one transaction. Each feature's `erase(user)` first (the consultations replace the
  account's voter key with a keyed hash of its address: "one ballot per person" holds, the ballots stay counted),
  then the user row, and with it (database cascades) its addresses, API tokens and profile. All or nothing.

`cms` never names a feature: what a feature keeps reaches the file only through the registry.
"""

import json

from allauth.account.models import EmailAddress
from rest_framework.authtoken.models import Token

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from cms.registry import registry

EXPORT_FORMAT = "aimpact.personal-data.v1"


class AccountNotDeletable(Exception):
    """An administration account: it is deleted from the administration, where its pages' ownership is settled."""


def _commune(user):
    if user.commune_id is None:
        return None
    return {"code": user.commune.code, "name": user.commune.name}


def export_personal_data(user, now=None):
    addresses = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    tokens = Token.objects.filter(user=user)
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": now or timezone.now(),
        "account": {
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary} for address in addresses
        ],
        "profile": {
            "commune": _commune(user),
            "age_bracket": user.demographics()["age_bracket"],
            "gender": user.demographics()["gender"],
        },
        "consents": [
            {
                "purpose": "demographics",
                "given": user.demographics_consented,
                "given_at": user.demographics_consent_at,
            }
        ],
        "api_tokens": [{"created": token.created} for token in tokens],
    }
    for entry in registry.personal_data():
        data[entry.name] = entry.export(user)
    return data


def export_json(user, now=None):
    """The export as the bytes of a UTF-8 JSON file, indented for a person to read too."""
    data = export_personal_data(user, now=now)
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")


def export_filename(user, now=None):
    return f"aimpact-mes-donnees-{(now or timezone.now()):%Y-%m-%d}.json"


def can_delete(user):
    """Citizens delete their account themselves; an administration account (staff, or any editor: Wagtail's
    editors have `access_admin` without `is_staff`) is deleted from the administration."""
    return not (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


@transaction.atomic
def delete_account(user):
    """Erase the person: features first (while the account still names them), then the account itself.

    The account's row is locked first: a vote records its participation with a reference to the account, which
    PostgreSQL checks under a lock that conflicts with this one, so no vote can land between the erasers and the
    deletion with the account's own key."""
    if not can_delete(user):
        raise AccountNotDeletable(user.pk)
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
    for entry in registry.personal_data():
        entry.erase(user)
    forget_login_records(user)
    user.delete()


def forget_login_records(user):
    """django-axes' records of the account's logins and failures (they hold its login names and addresses)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    names = {f"account:{user.pk}", user.get_username(), user.email}
    names |= {address.lower() for address in user.emailaddress_set.values_list("email", flat=True)}
    names = {name for name in names if name}
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__in=names).delete()
