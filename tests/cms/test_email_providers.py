"""Security/robustness: each email provider's backend finds its credentials under the name production settings give
them (with ANYMAIL_ESP=postmark the key used to land in POSTMARK_API_KEY, which Postmark's backend never reads)."""

import importlib

import pytest
from anymail.exceptions import AnymailConfigurationError

from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection
from django.test import override_settings

from cms.settings.email import PROVIDERS, anymail_settings

pytestmark = pytest.mark.security

ENVIRON = {
    "ANYMAIL_API_KEY": "secret-key-42",
    "ANYMAIL_SECRET_KEY": "second-7",
    "ANYMAIL_PROJECT_ID": "project-9",
    "ANYMAIL_API_URL": "https://mail.example.fr/api/",
    "ANYMAIL_WEBHOOK_SECRET": "anymail:webhook-secret",
}


@pytest.mark.parametrize("esp", sorted(PROVIDERS))
def test_every_provider_reads_the_key_where_settings_put_it(esp):
    backend, anymail = anymail_settings(esp, ENVIRON)
    try:
        importlib.import_module(backend.rsplit(".", 1)[0])
    except ImportError as missing:  # amazon_ses needs boto3, an optional dependency
        pytest.skip(f"{esp}: {missing}")
    with override_settings(EMAIL_BACKEND=backend, ANYMAIL=anymail):
        connection = get_connection()
    values = {value for value in vars(connection).values() if isinstance(value, str)}
    if PROVIDERS[esp][0]:
        assert "secret-key-42" in values
    if PROVIDERS[esp][1]:
        name, variable = PROVIDERS[esp][1]
        assert anymail[f"{esp.upper()}_{name}"] == ENVIRON[variable]


def test_without_the_mapping_postmark_finds_no_token():
    """The finding itself: the old setting name is refused by anymail (it used to fail only when sending)."""
    with (
        override_settings(EMAIL_BACKEND="anymail.backends.postmark.EmailBackend", ANYMAIL={"POSTMARK_API_KEY": "k"}),
        pytest.raises(AnymailConfigurationError),
    ):
        get_connection()


def test_an_unknown_provider_or_a_missing_second_secret_stops_the_start():
    with pytest.raises(ImproperlyConfigured, match="not supported"):
        anymail_settings("pigeon", ENVIRON)
    with pytest.raises(ImproperlyConfigured, match="ANYMAIL_SECRET_KEY is required"):
        anymail_settings("mailjet", {"ANYMAIL_API_KEY": "k", "ANYMAIL_WEBHOOK_SECRET": "a:b"})
