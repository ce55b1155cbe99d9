"""Production settings: secrets from the environment, refusal without them, a clean `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "k3y-for-the-deploy-check-" + "x7Qp2Lm9Vz4Rt8Yw1Ns6Bd3Hf5Jg0Kc" * 2,
    "ALLOWED_HOSTS": "participation.example.fr",
    "DATABASE_URL": "sqlite:////tmp/aimpact-deploy-check.sqlite3",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",
    "ANYMAIL_ESP": "brevo",
    "ANYMAIL_API_KEY": "test-key",
    "ANYMAIL_WEBHOOK_SECRET": "anymail:webhook-secret",
    "BALLOT_PUBLIC_KEY": "s0Qx3Yb7Vb5yA0r8m3bT3F0U1h2WpH9z1o4JbG6wqS8=",
}


def run_manage(*args, env):
    base = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV}
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    return subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_without_warning():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_each_secret():
    for missing in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "ANYMAIL_API_KEY"):
        env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
        result = run_manage("check", env=env)
        assert result.returncode != 0, missing
        assert f"{missing} is required in production" in result.stderr, missing


def test_production_refuses_to_start_without_a_valid_ballot_key():
    """The key that seals ballots never comes from the database nor from SECRET_KEY in production."""
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "BALLOT_PUBLIC_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "BALLOT_PUBLIC_KEY (web processes) or BALLOT_PRIVATE_KEYS (Celery workers) is required" in result.stderr
    for bad in ("pas-du-base64!", "c2hvcnQ="):
        result = run_manage("check", env={**PRODUCTION_ENV, "BALLOT_PUBLIC_KEY": bad})
        assert result.returncode != 0
        assert "A ballot key must be 32 bytes" in result.stderr
    result = run_manage("ballot_keys", env={"DJANGO_SETTINGS_MODULE": "cms.settings.dev"})
    lines = dict(line.split("=", 1) for line in result.stdout.split())
    worker = {**PRODUCTION_ENV, "BALLOT_PUBLIC_KEY": "", "BALLOT_PRIVATE_KEYS": lines["BALLOT_PRIVATE_KEYS"]}
    script = (
        "from consultations.sealing import keyring, encode_public_key;"
        "print(encode_public_key(keyring().public), len(keyring().private))"
    )
    result = run_manage("shell", "-c", script, env=worker)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == [lines["BALLOT_PUBLIC_KEY"], "1"]


def test_production_uses_the_configured_services():
    script = (
        "from django.conf import settings as s;"
        "print(s.EMAIL_BACKEND);print(s.CELERY_TASK_ALWAYS_EAGER);"
        "print(s.WAGTAILSEARCH_BACKENDS['default']['BACKEND']);print(s.DATABASES['default']['ENGINE'])"
    )
    env = {
        **PRODUCTION_ENV,
        "ELASTICSEARCH_URL": "http://127.0.0.1:9200",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/aimpact",
    }
    result = run_manage("shell", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-5:-1] == [
        "anymail.backends.brevo.EmailBackend",
        "False",
        "wagtail.search.backends.elasticsearch8",
        "django.db.backends.postgresql",
    ]


def test_embedded_defaults_need_no_service():
    env = {"DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    script = (
        "from django.conf import settings as s;"
        "print(s.CELERY_TASK_ALWAYS_EAGER, s.WAGTAILSEARCH_BACKENDS['default']['BACKEND'],"
        " s.DATABASES['default']['ENGINE'], s.EMAIL_BACKEND)"
    )
    result = run_manage("shell", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().split("\n")[-1] == (
        "True wagtail.search.backends.database django.db.backends.sqlite3 "
        "django.core.mail.backends.console.EmailBackend"
    )


def test_one_trusted_proxy_setting_for_every_limiter():
    """Found by the second audit: 40 confirmation emails in a row by varying X-Forwarded-For. Production reads the
    client's address through TRUSTED_PROXY_COUNT proxies once (cms/middleware.py); DRF and allauth, which would
    each read X-Forwarded-For their own way, are told to trust REMOTE_ADDR as it is."""
    script = (
        "from django.conf import settings as s;"
        "print(s.TRUSTED_PROXY_COUNT, s.REST_FRAMEWORK['NUM_PROXIES'], s.ALLAUTH_TRUSTED_PROXY_COUNT,"
        " s.MIDDLEWARE[0])"
    )
    result = run_manage("shell", "-c", script, env={**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "2"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2].split() == ["2", "0", "0", "cms.middleware.TrustedProxyMiddleware"]


@pytest.mark.security
def test_the_shared_store_is_the_database_or_redis_never_one_process():
    """Found by the audit: under gunicorn with 3 workers allauth let 14 failures through (each process counted
    alone: no shared cache). Without CACHE_URL the cache is a table of the database, with it Redis; the login
    lockout counts in the database in both."""
    script = "from django.conf import settings as s;print(s.CACHES['default']['BACKEND'], s.AXES_HANDLER)"
    result = run_manage("shell", "-c", script, env={**PRODUCTION_ENV, "CACHE_URL": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2].split() == [
        "django.core.cache.backends.db.DatabaseCache",
        "axes.handlers.database.AxesDatabaseHandler",
    ]
    result = run_manage("shell", "-c", script, env={**PRODUCTION_ENV, "CACHE_URL": "redis://127.0.0.1:6379/13"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2].split() == [
        "django.core.cache.backends.redis.RedisCache",
        "axes.handlers.database.AxesDatabaseHandler",
    ]


def run_python(code, env):
    base = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV}
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


@pytest.mark.security
@pytest.mark.parametrize(
    "code",
    [
        "import cms.wsgi",  # gunicorn cms.wsgi:application
        "from cms.celery import app; import django; django.setup()",  # celery -A cms worker
    ],
)
def test_a_server_started_without_settings_runs_production_and_refuses_without_secrets(code):
    """Without DJANGO_SETTINGS_MODULE, the WSGI application and the Celery app used to load the development settings:
    DEBUG pages and a hard-coded key on a production server. They load production, which wants its secrets."""
    result = run_python(code, env={})
    assert result.returncode != 0
    assert "SECRET_KEY is required in production" in result.stderr
    result = run_python(code + "; from django.conf import settings; print(settings.DEBUG)", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("False")
