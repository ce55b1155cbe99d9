"""Settings shared by every environment.

Each environment module (dev, test, production) imports everything from here and
changes only what differs. Nothing here needs a service other than Python: the
embedded defaults are SQLite, Wagtail's database search, in-process Celery tasks and
console email; the environment variables below switch to the production services.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE as CSP_NONCE
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from csp.constants import UNSAFE_INLINE as CSP_UNSAFE_INLINE

from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    """Comma-separated environment variable as a list (empty items dropped)."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    "cms",
    "academie",
    "barometre",
    "consultations",
    "consultations.comments",
    "consultations.network",
    "consultations.doleances",
    "consultations.debates",
    "consultations.groups",
    "newsletters",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "rest_framework.authtoken",
    "ninja",  # serves the v3 API docs from local static files, not a CDN
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from local static files, not a CDN
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "cms.middleware.TrustedProxyMiddleware",  # first: every rate limit below reads the client's real address
    "django.middleware.security.SecurityMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors' pages from the shared cache (cms/page_cache.py): after the headers every response carries,
    # before sessions, locale, CSRF and authentication, which a hit skips.
    "cms.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a locked login into the lockout page (cms/accounts/lockout.py)
]

ROOT_URLCONF = "cms.urls"
CSRF_FAILURE_VIEW = "cms.views.csrf_failure"  # an expired form: a French page on the site's layout, not Django's 403
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite by default, anything dj-database-url understands with DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writing transaction at a time, taken when it begins: a vote's check of the ballot box and its insert
    # cannot be split by a closing (consultations/voting/), and no transaction fails upgrading its lock.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "cms.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked account or address is refused by every login
    "django.contrib.auth.backends.ModelBackend",  # the Wagtail admin's login (username)
    "allauth.account.auth_backends.AuthenticationBackend",  # citizens: email or username
]
# Public pages (and Wagtail's "private, logged-in users" pages) send to the citizens' login; the
# Wagtail admin keeps its own login page.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# Citizens' accounts (django-allauth, mounted at /comptes/): log in by email or username, a unique
# email address that must be verified (by link) before the first login. Sign-up asks for no username: one is made
# from the address with a random suffix (cms/accounts/adapter.py) and given in the confirmation email, so that
# signing up never tells which usernames, staff logins among them, exist.
ACCOUNT_ADAPTER = "cms.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # the link opens a page with a button: mail scanners don't confirm
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[AimPact] "
ACCOUNT_FORMS = {
    "login": "cms.accounts.forms.CitizenLoginForm",
    "signup": "cms.accounts.forms.CitizenSignupForm",
    "change_password": "cms.accounts.forms.CitizenChangePasswordForm",
}

# One lockout for every login (django-axes, cms/accounts/lockout.py): the citizens' form, the Wagtail admin, private
# pages' login and the API's token. After AXES_FAILURE_LIMIT failures for one account (whatever spelling of it) or
# from one client address, both are refused everywhere for the cool-off. allauth's own login counter is off: one
# counter, in a store every process shares (the database).
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "cms.accounts.lockout.account_key"
AXES_CLIENT_IP_CALLABLE = "cms.accounts.lockout.lockout_ip"
AXES_LOCKOUT_CALLABLE = "cms.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = False  # a success from one address must not wipe the failures against other accounts
# A refused try during the lockout does not restart it: the lock ends when the page says (a script knocking every
# 14 minutes would otherwise keep an account locked for ever). A password reset lifts it (cms/accounts/lockout.py).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2"]
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # failures are counted; successful logins are nobody's business (personal data)
ACCOUNT_RATE_LIMITS = {"login_failed": False}

# Behind a TLS-terminating proxy (production), the client's address is read from X-Forwarded-For through this many
# proxies (cms/middleware.py), once for every library: DRF and allauth then read REMOTE_ADDR as it is.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = 0

# A cache every process shares (rate limits, throttles): Redis with CACHE_URL, else a table of the database.
CACHE_URL = os.environ.get("CACHE_URL", "")
# The page cache may have a Redis database (or server) of its own, so that pages evicted under memory pressure never
# take rate limits' counters with them (with one Redis, use a `volatile-*` or `noeviction` policy: README).
PAGE_CACHE_URL = os.environ.get("PAGE_CACHE_URL", "") or CACHE_URL
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "aimpact",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        },
        # The anonymous page cache (cms/page_cache.py): its own prefix, so that it can be emptied alone.
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": PAGE_CACHE_URL,
            "KEY_PREFIX": "aimpact-pages",
            "TIMEOUT": None,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        },
    }
else:
    CACHES = {
        # Rate limits and throttles hold one row per client: the database cache's default of 300 rows would let the
        # 301st client's count evict another's (culling deletes the lowest keys).
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "aimpact_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
        # A table of its own: the database cache culls by counting its whole table and deleting the lowest keys, so
        # pages in the shared table erased the rate limits' counts (the default cache's `:1:throttle_…` sort first).
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "aimpact_page_cache",
            "KEY_PREFIX": "pages",
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
    }
# The page cache: on by default; an entry lives PAGE_CACHE_SECONDS at most (a page whose content changes with time,
# a consultation opening or closing, ends its entry then: cms.page_cache.expires_at). PAGE_CACHE_SHARED_MAX_AGE:
# the s-maxage a CDN may keep a page without per-visitor tokens (0: it revalidates with the ETag; raise it only with
# WAGTAILFRONTENDCACHE configured, which purges the pages invalidated). PAGE_CACHE_CLOCK_MARGIN: how far the clocks
# of the web processes may disagree (seconds).
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "true").lower() != "false"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
PAGE_CACHE_SHARED_MAX_AGE = int(os.environ.get("PAGE_CACHE_SHARED_MAX_AGE", "0"))
PAGE_CACHE_CLOCK_MARGIN = 1.0
# The login lockout's counts live in the database in every setting: shared by every process, kept across a cache
# flush, erased with the account (cms/accounts/personal_data.py).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# Content-Security-Policy (django-csp, cms/middleware.py). Public pages: scripts and stylesheets from this site only,
# the theme's <style> by nonce, style attributes (chart bars, theme colours) allowed, embedded players over https,
# nothing may frame the site. The Wagtail admin and the API docs run inline scripts of their own: a looser policy
# there, still without any other origin.
# The hosts whose streams a debate page may play: a .mp4/.webm file in a <video> (media-src below), any other
# https address on them in a frame (frame-src allows https:). Any other stream is a « Suivre la diffusion » link.
DEBATE_EMBED_HOSTS = env_list("DEBATE_EMBED_HOSTS")
_CSP_COMMON = {
    "default-src": [CSP_SELF],
    "img-src": [CSP_SELF, "data:", "blob:"],
    "font-src": [CSP_SELF, "data:"],
    "connect-src": [CSP_SELF],
    "media-src": [CSP_SELF, *(f"https://{host}" for host in DEBATE_EMBED_HOSTS)],
    "object-src": [CSP_NONE],
    "base-uri": [CSP_SELF],
    "form-action": [CSP_SELF],
    "manifest-src": [CSP_SELF],
    "worker-src": [CSP_SELF, "blob:"],
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF, CSP_NONCE],
        "style-src-attr": [CSP_UNSAFE_INLINE],
        "frame-src": [CSP_SELF, "https:"],
        "frame-ancestors": [CSP_NONE],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": [CSP_SELF, CSP_UNSAFE_INLINE],
        "style-src": [CSP_SELF, CSP_UNSAFE_INLINE],
        "frame-src": [CSP_SELF, "https:"],
        "frame-ancestors": [CSP_SELF],  # the page preview shows the page in a frame of the admin
    }
}
ADMIN_CSP_URL_PREFIXES = ("/admin/", "/api/schema/docs/", "/api/v3/docs")
# Permissions-Policy (django-permissions-policy): no page needs a device or a sensor; embedded players keep
# fullscreen and picture-in-picture through their own `allow` attribute.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Languages: French first (the default), English second, through wagtail-localize.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# Static and media files. No CDN: everything the pages load is served from here.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "AimPact"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no outside network, and citizens' privacy
# Passwords are changed and reset on the citizens' pages (/comptes/password/…), whose check of the current password
# counts in the login lockout; the admin's own forms check it outside (an unlimited password oracle).
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin's dashboard would ask releases.wagtail.org (blocked by the CSP)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# An image's pixels, not only its bytes: a 10 MB PNG can hold 11,000 × 11,000 pixels and take 230 MB to thumbnail.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # 8,000 × 5,000: any photo from a camera or a phone
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "cms/access_code.html"  # noqa: S105 - a template name
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Search (search/): the site's search runs on `search.backends.database` (PostgreSQL full-text search with the
# French configuration, or SQLite FTS5) and on Elasticsearch through elasticsearch-dsl when ELASTICSEARCH_URL is set.
# Wagtail's own backend (the admin's page search) follows the same choice.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "aimpact_")
SEARCH_BACKEND = os.environ.get(
    "SEARCH_BACKEND",
    "search.backends.elasticsearch.ElasticsearchBackend"
    if ELASTICSEARCH_URL
    else "search.backends.database.DatabaseBackend",
)
SEARCH_TIMEOUT_SECONDS = float(os.environ.get("SEARCH_TIMEOUT_SECONDS", "3"))  # longer searches are stopped
SEARCH_RECHECK_HITS = True  # the hits shown are read again from the database (search/service.py): the index may lag
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": SEARCH_INDEX_PREFIX + "wagtail_",
            "TIMEOUT": 10,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "french"}}

# Celery: tasks run in-process when no broker is configured.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# A request hands work to the broker once, without waiting for it when it is down (cms/queue.py).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 10,
    # A publisher connecting tries twice, 0.2 s apart, then gives up (workers keep their own, patient retries).
    "max_retries": 1,
    "interval_start": 0.2,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 10

# Secret ballots are sealed under a public key whose private half never lives in the database
# (consultations/sealing.py). Web processes need only BALLOT_PUBLIC_KEY; the Celery workers, which open ballots to
# count them, need BALLOT_PRIVATE_KEYS (the current key first, then older ones). `manage.py ballot_keys` makes a
# pair. Without either, development and the tests derive a pair from SECRET_KEY; production refuses to start.
BALLOT_PUBLIC_KEY = os.environ.get("BALLOT_PUBLIC_KEY", "")
BALLOT_PRIVATE_KEYS = env_list("BALLOT_PRIVATE_KEYS")
BALLOT_KEYS_DERIVED_FROM_SECRET_KEY = True
# K: live counts and free texts are released by batches of at least K ballots, K always waiting until the closing
# (consultations/release.py); a consultation with fewer than K ballots publishes no breakdown.
CONSULTATIONS_BALLOT_BATCH = int(os.environ.get("CONSULTATIONS_BALLOT_BATCH", "25"))
# A vote asks for a release at most this often per consultation (seconds); the beat sweep catches the rest.
CONSULTATIONS_RELEASE_DELAY = int(os.environ.get("CONSULTATIONS_RELEASE_DELAY", "2"))

CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-pages": {
        "task": "cms.publish_scheduled_pages",
        "schedule": 60.0,
    },
    "close-due-consultations": {
        "task": "consultations.close_due_consultations",
        "schedule": 60.0,
    },
    "release-due-ballots": {
        "task": "consultations.release_due_ballots",
        "schedule": 60.0,
    },
    "barometre-perception-snapshots": {
        "task": "barometre.take_perception_snapshots",
        "schedule": 3600.0,
    },
}

# Email: console by default; production uses django-anymail (see production.py).
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "AimPact <ne-pas-repondre@aimpact.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Newsletters (newsletters/). Issues go through their own connection: the development default writes them to files
# (10,000 demo subscribers would flood the console), production uses EMAIL_BACKEND (django-anymail).
NEWSLETTER_EMAIL_BACKEND = os.environ.get("NEWSLETTER_EMAIL_BACKEND", "")  # empty: EMAIL_BACKEND
NEWSLETTER_FROM_EMAIL = os.environ.get("NEWSLETTER_FROM_EMAIL", "") or DEFAULT_FROM_EMAIL
# Recipients taken by one sending task's transaction (one provider call in a batch send).
NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "100"))
# The provider's merge-field syntax ("{{%s}}" for SparkPost, "%recipient.%s%" for Mailgun: the README's table): when
# set, a batch is one message with anymail's merge_data and merge_headers (the provider's batch sending); empty, one
# message each (every provider).
NEWSLETTER_MERGE_FIELD = os.environ.get("NEWSLETTER_MERGE_FIELD", "")
# Subscribers `load_demo` puts on the demo commune's newsletter (on @exemple.invalid addresses: never deliverable).
NEWSLETTER_DEMO_SUBSCRIBERS = int(os.environ.get("NEWSLETTER_DEMO_SUBSCRIBERS", "10000"))

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"anon": "120/minute"},
    "NUM_PROXIES": 0,  # REMOTE_ADDR is already the client's (cms/middleware.py); never trust X-Forwarded-For here
    # Bounded, depth-checked JSON: a 1,000-deep body or a lone surrogate is a 400, never a 500 (cms/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "cms.api.parsers.SafeJSONParser",
        "cms.api.parsers.SafeFormParser",
        "cms.api.parsers.SafeMultiPartParser",
    ],
    # The Wagtail page API (/api/v2/) and the schema: the session, then a token (the mobile app: POST /api/auth/token/).
    # The platform's own API tries the token first (cms/api/views.py, cms/api/authentication.py).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "cms.api.authentication.VerifiedTokenAuthentication",
    ],
    # Every list endpoint pages the same way (cms/api/pagination.py); the Wagtail page API keeps its own.
    "DEFAULT_PAGINATION_CLASS": "cms.api.pagination.Pagination",
}

# OpenAPI schema of the platform's own API (/api/schema/), with its docs at /api/schema/docs/.
SPECTACULAR_SETTINGS = {
    "TITLE": "AimPact API",
    "DESCRIPTION": "Consultations: list, questions, ballots, results. The citizen network: proposals, the wall, "
    "comments, the cahier de doléances. Académie: a learner's progress and quizzes. "
    "Pages (news, budget, projects, consultations, lessons, parcours, case studies, baromètre entries with their "
    "indicators and perception) through the page API at /api/v2/pages/. Authenticate with a session or "
    "`Authorization: Token <key>` (POST /api/auth/token/).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["cms.api.schema.only_platform_endpoints"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cms.api.schema.add_page_api",
    ],
    # Two choice sets share the field name "status" (a consultation's, a comment's): each gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "CommentStatusEnum": ["visible", "hidden", "deleted"],
        "SubscriptionStatusEnum": "newsletters.models.Subscription.Status",
        "ThemeEnum": "cms.choices.PublicPolicyTheme",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

SITE_TAGLINE = _("Le réseau social citoyen de l'action publique")

# Debates: a secret live poll's results are published only with this many voters at least (with two, each would
# read the other's choice in them).
DEBATE_SECRET_POLL_MIN_VOTERS = 5
