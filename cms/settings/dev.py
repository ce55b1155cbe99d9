"""Local development: DEBUG on, a fixed throw-away key, console email."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-dev-only-key-never-use-in-production-aimpact"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", ".localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Newsletter issues go to files (var/newsletter-mail/, one file per connection): printing 10,000 demo emails would
# bury the confirmation links in the console. NEWSLETTER_EMAIL_BACKEND in the environment still wins.
NEWSLETTER_EMAIL_BACKEND = NEWSLETTER_EMAIL_BACKEND or "django.core.mail.backends.filebased.EmailBackend"  # noqa: F405
EMAIL_FILE_PATH = BASE_DIR / "var" / "newsletter-mail"  # noqa: F405

# Static files are served from the app and project folders; no collectstatic needed here.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
