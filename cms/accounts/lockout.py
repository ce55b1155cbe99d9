"""One lockout for every way to log in (django-axes).

The citizens' form (allauth), the Wagtail admin's login, Wagtail's login for private pages (`/_util/login/`) and
the API's token endpoint all authenticate through `django.contrib.auth.authenticate`, whose first backend is axes':
failures are counted per account and per client address, in a store every process shares (the database, or Redis
when `CACHE_URL` is set), and a locked account or address is refused everywhere at once until the cool-off ends.
"""

from allauth.account.signals import password_reset
from axes.backends import AxesStandaloneBackend
from axes.utils import reset as axes_reset

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.dispatch import receiver
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from ..http import client_ip

MAX_LOGIN_LENGTH = 254  # the longest email address; a longer login names no account


def account_key(request, credentials):
    """The account a login attempt is about, whichever way it was named (username or email address, any case), so
    that alternating spellings of one account share its count; an unknown login is counted as typed (folded)."""
    credentials = credentials or {}
    data = getattr(request, "POST", None) or {}
    login = credentials.get("username") or credentials.get("email") or data.get("login") or data.get("username")
    login = str(login or "").strip()[:MAX_LOGIN_LENGTH]
    if not login:
        return ""
    account = (
        get_user_model()
        .objects.filter(Q(username__iexact=login) | Q(email__iexact=login) | Q(emailaddress__email__iexact=login))
        .values_list("pk", flat=True)
        .first()
    )
    return f"account:{account}" if account is not None else login.casefold()


def lockout_ip(request):
    return client_ip(request)


def lockout_message():
    return gettext(
        "Trop de tentatives de connexion échouées pour ce compte ou depuis votre connexion. Par sécurité, la "
        "connexion est bloquée pendant 15 minutes. Si vous avez oublié votre mot de passe, vous pouvez le "
        "réinitialiser."
    )


def lockout_response(request, original_response=None, credentials=None):
    """429 in the API's error shape under /api/, the site's page elsewhere (the admin's login included)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "too_many_attempts", "message": lockout_message()}, status=429)
    response = TemplateResponse(request, "account/lockout.html", {"message": lockout_message()}, status=429)
    response["Retry-After"] = "900"
    return response.render()


class TestAxesBackend(AxesStandaloneBackend):
    """The tests' backend: axes' own, except for `client.login()` (no request), which Wagtail's test helpers use."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(password_reset, dispatch_uid="cms.unlock_after_password_reset")
def unlock_after_password_reset(sender, request, user, **kwargs):
    """A reset password proves the mailbox: the account's lock is lifted (the lockout page offers the reset). The
    client addresses' counts stay."""
    axes_reset(username=f"account:{user.pk}")
