# ruff: noqa: F811 - the fixtures imported from test_admin_read_leaks are the arguments
"""Admin read isolation, found by the audit of the first fix: Wagtail's bulk-action pages named every id they were
given (another space's drafts, images, documents), and wagtail-localize's translations report listed every space's
translations with their titles (fixtures of tests/cms/test_admin_read_leaks.py)."""

import pytest

from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from tests.cms.test_admin_read_leaks import (  # noqa: F401 (fixtures)
    SECRET,
    SECRET_DOCUMENT,
    SECRET_IMAGE,
    north_client,
    spaces,
    text,
)

pytestmark = pytest.mark.security


# -- F1: Wagtail's bulk action confirmation pages list every id they are given, with its title ---------------------
@pytest.mark.parametrize("action", ["delete", "unpublish", "publish", "move"])
def test_bulk_page_actions_name_no_page_of_another_space(north_client, spaces, action):
    south = spaces["sud"]
    south["news"].title = "Titre en cours de rédaction du Sud"
    south["news"].save_revision()  # a draft title of a live page
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
    response = north_client.get(
        f"{url}?id={south['draft'].pk}&id={south['news'].pk}&id={south['space'].pk}", follow=True
    )
    html = text(response)
    assert SECRET not in html
    assert "Titre en cours de rédaction du Sud" not in html
    assert "Ville du Sud" not in html
    assert "Actualité de Ville du Sud" not in html


@pytest.mark.parametrize(
    "app_label, model_name, action, key, secret",
    [
        ("wagtailimages", "image", "delete", "secret_image", SECRET_IMAGE),
        ("wagtailimages", "image", "add_to_collection", "secret_image", SECRET_IMAGE),
        ("wagtailimages", "image", "add_tags", "secret_image", SECRET_IMAGE),
        ("wagtaildocs", "document", "delete", "secret_document", SECRET_DOCUMENT),
        ("wagtaildocs", "document", "add_to_collection", "secret_document", SECRET_DOCUMENT),
        ("wagtaildocs", "document", "add_tags", "secret_document", SECRET_DOCUMENT),
    ],
)
def test_bulk_media_actions_name_no_media_of_another_space(
    north_client, spaces, app_label, model_name, action, key, secret
):
    url = reverse("wagtail_bulk_action", args=[app_label, model_name, action])
    response = north_client.get(f"{url}?id={spaces['sud'][key].pk}", follow=True)
    assert secret not in text(response)


# -- F2: wagtail-localize's translations report lists every translation of every space ------------------------------
def test_translations_report_names_no_page_of_another_space(north_client, spaces):
    draft = spaces["sud"]["draft"]
    source, _created = TranslationSource.get_or_create_from_instance(draft)
    Translation.objects.create(source=source, target_locale=Locale.objects.get(language_code="en"))
    for name in ("wagtail_localize:translations_report", "wagtail_localize:translations_report_results"):
        response = north_client.get(reverse(name), follow=True)
        assert SECRET not in text(response), name
