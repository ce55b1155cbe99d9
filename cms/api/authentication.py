"""How the API authenticates: tokens, and whether the account still holds a verified address.

The platform's own API (views built on `cms.api.views.PlatformAPIMixin`) tries `VerifiedTokenAuthentication` first,
so that a wrong or revoked token is a 401 (with `WWW-Authenticate: Token`) even next to a session, then Django's
session. The other DRF views (the Wagtail page API, the schema) use settings' list
(`REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]`): the session first, then a token, as they always have.

Kept apart from the token views (`cms.api.tokens`): DRF imports the authentication classes while it loads its own
views, so this module must not import them, and it reads the models only once the apps are loaded (in functions).
"""

import functools

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext as _


@functools.cache
def _token_query():
    """One statement that reads the token's account and whether its address is verified.

    Written once rather than built by the ORM on every request: it is the whole cost of authenticating a vote."""
    # Imported here: this module is loaded with DRF's views (through settings), possibly before the apps are ready.
    from allauth.account.models import EmailAddress
    from rest_framework.authtoken.models import Token

    user_model = get_user_model()
    quote = connection.ops.quote_name
    fields = [field for field in user_model._meta.concrete_fields]
    columns = ", ".join(f"u.{quote(field.column)}" for field in fields)
    sql = (
        f"SELECT {columns}, EXISTS (SELECT 1 FROM {quote(EmailAddress._meta.db_table)} e "  # noqa: S608 - names
        f"WHERE e.user_id = u.{quote(user_model._meta.pk.column)} AND e.verified "
        f"AND UPPER(e.email) = UPPER(u.{quote(user_model._meta.get_field('email').column)})) AS email_verified "
        f"FROM {quote(Token._meta.db_table)} t JOIN {quote(user_model._meta.db_table)} u "
        f"ON u.{quote(user_model._meta.pk.column)} = t.user_id WHERE t.{quote('key')} = %s"
    )
    return sql


class VerifiedTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, which also tells whether the account's address is verified *now*
    (`user.email_verified`), in the same query: a token obtained while the address was verified does not keep
    the rights a verified address gives (voting) once it no longer is."""

    def authenticate_credentials(self, key):
        user = next(iter(get_user_model().objects.raw(_token_query(), [key])), None)  # converters applied
        if user is None:
            raise AuthenticationFailed(_("Jeton d'authentification invalide."))
        if not user.is_active:
            raise AuthenticationFailed(_("Ce compte est désactivé."))
        user.email_verified = bool(user.email_verified)
        token = self.get_model()(key=key, user=user)
        token._state.adding = False
        token._state.db = user._state.db
        return user, token
