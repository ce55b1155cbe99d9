"""How the API authenticates: tokens, and whether the account still holds a verified address.

Kept apart from the token views (`cms.api_auth`): DRF imports the authentication classes while it loads its own
views, so this module must not import them.
"""

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _


class VerifiedTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, which also tells whether the account's address is verified *now*
    (`user.email_verified`), in the same query: a token obtained while the address was verified does not keep
    the rights a verified address gives (voting) once it no longer is."""

    def authenticate_credentials(self, key):
        from allauth.account.models import EmailAddress

        verified = EmailAddress.objects.filter(
            user=OuterRef("user"), email__iexact=OuterRef("user__email"), verified=True
        )
        token = (
            self.get_model()
            .objects.select_related("user")
            .annotate(email_verified=Exists(verified))
            .filter(key=key)
            .first()
        )
        if token is None:
            raise AuthenticationFailed(_("Jeton d'authentification invalide."))
        if not token.user.is_active:
            raise AuthenticationFailed(_("Ce compte est désactivé."))
        token.user.email_verified = token.email_verified
        return token.user, token
