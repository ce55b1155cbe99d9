import pytest

from django.core import mail

from .backends import CRASH, FAILURES
from .factories import NewsletterPageFactory


@pytest.fixture
def newsletter(space):
    return NewsletterPageFactory(parent=space)


@pytest.fixture(autouse=True)
def fresh_backends(settings):
    FAILURES["left"] = 0
    CRASH["after"] = None
    settings.NEWSLETTER_EMAIL_BACKEND = ""
    settings.NEWSLETTER_MERGE_FIELD = ""
    mail.outbox = []
    yield
    FAILURES["left"] = 0
    CRASH["after"] = None


def addresses(outbox=None):
    """Every recipient of every message in the outbox (a batch message counts once per recipient)."""
    return sorted(address for message in (outbox if outbox is not None else mail.outbox) for address in message.to)
