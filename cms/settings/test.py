"""Settings for the test suite: fast hashing, in-memory email, eager tasks unless a broker is given."""

import os

from .base import *  # noqa: F403
from .base import AUTHENTICATION_BACKENDS, BASE_DIR, CACHE_URL

DEBUG = False
SECRET_KEY = "test-only-secret-key-aimpact-not-for-production-use-xxxxxxxxxxxxxxxx"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
# load_demo imports the demo's fictional communes only, not the 34,969 real ones (~4 s per demo loaded).
DEMO_TERRITORIES_FRANCE = False
# Embeds are looked up without network in tests (the finder is swapped by dotted path).
WAGTAILEMBEDS_FINDERS = [{"class": "tests.fakes.FakeEmbedFinder"}]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": os.environ.get("LOG_LEVEL", "WARNING")}}

# Static files are served from the app and project folders; no collectstatic needed here.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tasks run in-process in tests, even when CELERY_BROKER_URL points at Redis for the
# service pass; the Redis test sends its task to a real worker explicitly.
CELERY_TASK_ALWAYS_EAGER = True

# Tests run in one process: a local-memory cache (emptied before each test, tests/conftest.py), unless CACHE_URL
# points at Redis (the services pass), where the settings of production apply.
if not CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages", "TIMEOUT": None},
    }

# Wagtail's test helpers log in with `client.login()`, which authenticates without a request: axes' backend refuses
# that; the test backend lets it through (never used for a request: every web login passes its request).
AUTHENTICATION_BACKENDS = ["cms.accounts.lockout.TestAxesBackend", *AUTHENTICATION_BACKENDS[1:]]

# Ballots are released one by one in tests (a batch of 1), as soon as each vote commits, so that a test sees its
# ballot in the live results at once; tests/consultations/test_release.py sets real batch sizes.
CONSULTATIONS_BALLOT_BATCH = 1
CONSULTATIONS_RELEASE_DELAY = 0

# The demo's newsletter subscribers (10,000 in development): a few hundred are enough to check the demo.
NEWSLETTER_DEMO_SUBSCRIBERS = 300

# The anonymous page cache is off for the suite (many tests change data behind the signals' back, with factories or
# update(), and read a page again); tests/cms/test_page_cache*.py turn it on.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "false").lower() == "true"
PAGE_CACHE_CLOCK_MARGIN = 0.0
