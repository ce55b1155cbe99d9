# ruff: noqa: F811 - the fixtures imported from test_admin_read_leaks are the arguments
"""The anonymous image API listed every image of every space, used or not (found by the audit of finding 5's fix):
it lists, like the document API, what public pages use and the public collection's."""

import pytest

from tests.cms.test_admin_read_leaks import SECRET_IMAGE, spaces  # noqa: F401 (fixtures)
from tests.factories import CollectiviteSpaceFactory

pytestmark = pytest.mark.security


def test_api_lists_no_unused_image_of_a_space(client, spaces):
    secret = spaces["sud"]["secret_image"]  # in the south space's collection, used by no page
    listing = client.get("/api/v2/images/?limit=100").json()
    assert SECRET_IMAGE not in [item["title"] for item in listing["items"]]
    assert client.get(f"/api/v2/images/{secret.pk}/").status_code == 404
    assert client.get(f"/api/v2/images/?search={SECRET_IMAGE}").json()["meta"]["total_count"] == 0


def test_api_lists_an_image_a_public_page_uses(client, home):
    import wagtail_factories

    logo = wagtail_factories.ImageFactory(title="Logo de la ville")
    CollectiviteSpaceFactory(parent=home, slug="ville-logo", logo=logo)
    titles = [item["title"] for item in client.get("/api/v2/images/?limit=100").json()["items"]]
    assert "Logo de la ville" in titles
    assert client.get(f"/api/v2/images/{logo.pk}/").status_code == 200
