"""Production: every secret comes from the environment, and missing ones stop the start-up.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, CELERY_BROKER_URL, and the email
provider (ANYMAIL_ESP plus its API key, for example ANYMAIL_ESP=brevo and
ANYMAIL_API_KEY=...; see cms/settings/email.py for the providers that need a second value).
Optional: ELASTICSEARCH_URL (search on Elasticsearch 8, the site's and Wagtail admin's), SEARCH_INDEX_PREFIX (the
start of every index name, one per environment sharing a cluster: "aimpact_prod_", "aimpact_staging_"; default
"aimpact_"), SEARCH_TIMEOUT_SECONDS, MEDIA_ROOT, STATIC_ROOT, WAGTAILADMIN_BASE_URL, DEFAULT_FROM_EMAIL,
SECURE_HSTS_SECONDS.
"""

import base64
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BALLOT_PRIVATE_KEYS, BALLOT_PUBLIC_KEY, env_list
from .email import anymail_settings


def required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} is required in production.")
    return value


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("The environment variable ALLOWED_HOSTS is required in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
required("DATABASE_URL")  # read in base.py; here only its presence is enforced
required("CELERY_BROKER_URL")

# Ballot sealing keys (see base.py): never derived from SECRET_KEY here.
BALLOT_KEYS_DERIVED_FROM_SECRET_KEY = False
if not (BALLOT_PUBLIC_KEY or BALLOT_PRIVATE_KEYS):
    raise ImproperlyConfigured(
        "BALLOT_PUBLIC_KEY (web processes) or BALLOT_PRIVATE_KEYS (Celery workers) is required in production: "
        "`manage.py ballot_keys` makes a pair."
    )
for _key in [BALLOT_PUBLIC_KEY, *BALLOT_PRIVATE_KEYS]:
    try:
        _valid = not _key or len(base64.b64decode(_key, validate=True)) == 32
    except ValueError:
        _valid = False
    if not _valid:
        raise ImproperlyConfigured("A ballot key must be 32 bytes, base64-encoded (`manage.py ballot_keys`).")

# Email through django-anymail: ANYMAIL_ESP names the provider (brevo, mailgun, postmark, sendgrid, amazon_ses…),
# ANYMAIL_API_KEY its secret, stored under the setting name that provider's backend reads (cms/settings/email.py).
ANYMAIL_ESP = required("ANYMAIL_ESP")
EMAIL_BACKEND, ANYMAIL = anymail_settings(ANYMAIL_ESP, os.environ)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS everywhere (the site sits behind a TLS-terminating proxy).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() != "false"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Citizens' accounts: links in emails are https.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# The client's address is read from X-Forwarded-For as the TLS-terminating proxy sets it (cms/middleware.py), for
# every rate limit at once: TRUSTED_PROXY_COUNT proxies in front, 1 by default.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
