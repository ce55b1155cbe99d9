import pytest

from tests.newsletters.subscriptions.factories import NewsletterPageFactory


@pytest.fixture
def newsletter(space):
    return NewsletterPageFactory(parent=space, title="La lettre de Ville de Test")


@pytest.fixture
def network_newsletter(home):
    return NewsletterPageFactory(parent=home, title="La lettre du réseau")


@pytest.fixture(autouse=True)
def _email_backend(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NEWSLETTER_FROM_EMAIL = "AimPact <lettres@aimpact.example>"
