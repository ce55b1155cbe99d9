"""Content-Security-Policy and Permissions-Policy headers (issue 10, finding 7): no page had either."""

import re

import pytest

pytestmark = [pytest.mark.security, pytest.mark.django_db]


def directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_public_pages_get_the_strict_policy_and_the_theme_style_its_nonce(client, space):
    response = client.get(space.url)
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    nonce = re.search(r"<style nonce=\"([^\"]+)\">", response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in policy["style-src"]
    # A new nonce for every response.
    assert f"'nonce-{nonce}'" not in directives(client.get(space.url))["style-src"]


def test_the_admin_gets_a_policy_it_can_run_under(admin_client):
    policy = directives(admin_client.get("/admin/"))
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]  # the preview frames the page inside the admin
    assert not any(source.startswith("http") for sources in policy.values() for source in sources if source != "https:")


def test_api_responses_and_error_pages_carry_the_headers_too(client, db):
    for response in (client.get("/api/v2/pages/"), client.get("/nulle-part/")):
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]
        assert "camera=()" in response["Permissions-Policy"]
