"""Which setting each email provider's django-anymail backend reads its credentials from.

`ANYMAIL_ESP` names the provider and `ANYMAIL_API_KEY` its secret; anymail looks for that secret under a name of
its own per provider (`POSTMARK_SERVER_TOKEN`, not `POSTMARK_API_KEY`): a wrong name meant no email sent, and a
login waiting for its confirmation email answered 500. Names from anymail 15's backends;
tests/cms/test_email_providers.py builds each backend from these settings.
"""

from django.core.exceptions import ImproperlyConfigured

# provider: (the secret's setting, (the second setting some providers need, its environment variable) or None)
PROVIDERS = {
    "amazon_ses": (None, None),  # boto3 reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY itself
    "brevo": ("API_KEY", None),
    "mailersend": ("API_TOKEN", None),
    "mailgun": ("API_KEY", None),
    "mailjet": ("API_KEY", ("SECRET_KEY", "ANYMAIL_SECRET_KEY")),
    "mailtrap": ("API_TOKEN", None),
    "mandrill": ("API_KEY", None),
    "postal": ("API_KEY", ("API_URL", "ANYMAIL_API_URL")),  # a self-hosted server: no default address
    "postmark": ("SERVER_TOKEN", None),
    "resend": ("API_KEY", None),
    "scaleway": ("SECRET_KEY", ("PROJECT_ID", "ANYMAIL_PROJECT_ID")),
    "sendgrid": ("API_KEY", None),
    "sparkpost": ("API_KEY", None),
    "unisender_go": ("API_KEY", ("API_URL", "ANYMAIL_API_URL")),  # depends on the account's data centre
}


def anymail_settings(esp, environ):
    """(EMAIL_BACKEND, ANYMAIL) for the provider `esp`, its secrets read from `environ`; refuses what is missing."""
    if esp not in PROVIDERS:
        raise ImproperlyConfigured(f"ANYMAIL_ESP={esp!r} is not supported: one of {', '.join(sorted(PROVIDERS))}.")

    def required(name):
        value = environ.get(name, "").strip()
        if not value:
            raise ImproperlyConfigured(f"The environment variable {name} is required in production.")
        return value

    prefix = esp.upper()
    secret, second = PROVIDERS[esp]
    # The tracking webhooks' basic auth ("user:password"). Without it anymail takes every webhook from anyone (an
    # empty secret only warns): a forged bounce or complaint would suppress any address on every list.
    webhook_secret = required("ANYMAIL_WEBHOOK_SECRET")
    if ":" not in webhook_secret:
        raise ImproperlyConfigured("ANYMAIL_WEBHOOK_SECRET must be « user:password » (the webhooks' basic auth).")
    anymail = {"WEBHOOK_SECRET": webhook_secret}
    if secret:
        anymail[f"{prefix}_{secret}"] = required("ANYMAIL_API_KEY")
    if second:
        anymail[f"{prefix}_{second[0]}"] = required(second[1])
    if environ.get("ANYMAIL_SENDER_DOMAIN"):
        anymail[f"{prefix}_SENDER_DOMAIN"] = environ["ANYMAIL_SENDER_DOMAIN"]
    return f"anymail.backends.{esp}.EmailBackend", anymail
