"""Attack on the cache settings of issue 13: the page cache shared the database cache's table with the rate limits.

Without CACHE_URL both caches were rows of `aimpact_cache`. Django's database cache culls by counting the whole
table and deleting its lowest keys: the default cache (300 entries at most) culled on every write once the table
held more than 300 pages, and its own keys (`:1:throttle_…`) sort before the pages' (`pages:…`): every throttle
write deleted the other throttles' histories. One client could then ask for confirmation emails to one mailbox
without end (the per-client throttle's write deleted the per-mailbox one's, and back)."""

import pytest

from django.core.cache import caches
from django.core.management import call_command
from django.test import RequestFactory

from consultations.throttling import EmailConfirmationThrottle, MailboxThrottle

pytestmark = [pytest.mark.django_db, pytest.mark.security]


@pytest.fixture
def database_caches(settings):
    """The production settings without CACHE_URL (cms/settings/base.py), with their tables."""
    from cms.settings import base

    if base.CACHE_URL:
        pytest.skip("CACHE_URL is set: the settings use Redis")
    settings.CACHES = base.CACHES
    call_command("createcachetable", verbosity=0)
    yield
    for alias in base.CACHES:
        caches[alias].clear()


def test_anonymous_pages_stored_never_erase_the_email_throttles(database_caches):
    request = RequestFactory().post("/api/consultations/", REMOTE_ADDR="198.51.100.7")
    pages = caches["pages"]
    allowed = []
    for round_ in range(6):
        # Anonymous visitors' pages stored meanwhile (or an attacker's `?x=<n>`: each is a page of its own).
        pages.set_many({f"e:{round_}:{n}": {"body": b"<html></html>"} for n in range(200)})
        by_client = EmailConfirmationThrottle().allow_request(request, None)
        by_mailbox = MailboxThrottle("victime@example.org").allow_request(request, None)
        allowed.append(by_client and by_mailbox)
    assert allowed == [True, True, True, False, False, False]  # 3 an hour to one mailbox
