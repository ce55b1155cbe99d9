import os
import socket
from urllib.parse import urlparse

import pytest

# Django's live server and Playwright's sync API share a thread in browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _reachable(url, default_port):
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def _service_state(name):
    """(configured, reachable) for a real service a marked test needs."""
    if name == "postgres":
        url = os.environ.get("DATABASE_URL", "")
        configured = url.startswith(("postgres://", "postgresql://"))
        return configured, configured and _reachable(url, 5432)
    if name == "redis":
        url = os.environ.get("CELERY_BROKER_URL", "")
        configured = url.startswith("redis://")
        return configured, configured and _reachable(url, 6379)
    if name == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL", "")
        return bool(url), bool(url) and _reachable(url, 9200)
    if name == "browser":
        return True, os.access(CHROMIUM, os.X_OK)
    raise ValueError(name)


def _required_services():
    return {s.strip() for s in os.environ.get("AIMPACT_REQUIRE_SERVICES", "").split(",") if s.strip()}


def pytest_runtest_setup(item):
    """Skip a test whose service is absent, except where it is required (CI): there it fails."""
    in_ci = os.environ.get("CI", "").lower() == "true"
    for name in ("postgres", "redis", "elasticsearch", "browser"):
        if item.get_closest_marker(name) is None:
            continue
        configured, reachable = _service_state(name)
        if reachable:
            continue
        required = name in _required_services() or (in_ci and (configured or name == "browser"))
        message = f"{name} is {'not reachable' if configured else 'not configured'} for this run"
        if required:
            pytest.fail(f"{message}, and it is required here", pytrace=False)
        pytest.skip(message)


@pytest.fixture(autouse=True)
def french_by_default():
    """Every test starts in French, the default language: a request served in English (the locale middleware
    activates the request's language for the thread) must not change the language of the tests that follow."""
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits, throttles and lockouts count in the cache: every test starts from zero."""
    from django.core.cache import cache, caches

    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


@pytest.fixture(autouse=True)
def fresh_vote_configurations():
    """What a vote needs of a consultation is kept per process (consultations/voting/): rolled-back tests reuse
    page and revision ids, so every test starts with nothing kept."""
    from consultations.voting import forget_config

    forget_config()
    yield
    forget_config()


@pytest.fixture
def migrated_data(transactional_db):
    """Transactional tests start from an emptied database: put back what the migrations create."""
    from tests.utils import ensure_base_content

    return ensure_base_content()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture
def home(db):
    """The platform home created by the migrations (the default site's root)."""
    from cms.models import PlatformHomePage

    return PlatformHomePage.objects.get(locale__language_code="fr")


@pytest.fixture
def space(home):
    from tests.factories import CollectiviteSpaceFactory

    return CollectiviteSpaceFactory(parent=home, title="Ville de Test", slug="ville-de-test")


@pytest.fixture(autouse=True)
def joining_task_results_is_allowed():
    """Celery keeps "a join would block" in one process-wide flag, set and restored around each eager task: eager
    tasks run at once by several threads (the live server of browser tests, concurrency tests) can leave it set, and
    every later `.get()` in this process then fails. Tests are no worker: each starts with joining allowed."""
    from celery.result import allow_join_result

    with allow_join_result():
        yield
