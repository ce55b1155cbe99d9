"""The shared block library: every block has a template, an icon, a description and a preview that renders."""

import pytest

from django.test import RequestFactory
from django.urls import reverse

from cms.blocks import BODY_BLOCKS, FeaturePageBlock
from cms.registry import registry
from tests.factories import UserFactory


@pytest.mark.parametrize(("name", "block"), BODY_BLOCKS)
def test_every_block_is_documented(name, block):
    if isinstance(block, FeaturePageBlock):  # rendered by the feature app that registered it
        assert block.get_template() == registry.embed(block.embed_name).template
    else:
        assert block.meta.template == f"blocks/{name}_block.html"
    assert block.meta.icon
    assert str(block.meta.description)
    assert block.meta.preview_value


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "block"), BODY_BLOCKS)
def test_every_block_preview_renders(name, block):
    block.set_name(name)
    html = block.render(block.get_preview_value(), context={"request": RequestFactory().get("/")})
    assert html.strip() or name in ("image", "document")  # nothing to show until the library has media


@pytest.mark.django_db
def test_admin_block_preview_uses_the_public_stylesheet(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    from cms.blocks import ChartBlock

    block = ChartBlock()
    block.set_name("chart")
    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    body = response.content.decode()
    assert "css/main.css" in body
    assert "Fréquentation de la médiathèque" in body
    assert "<table" in body


def test_chart_block_draws_bars_relative_to_the_largest_value():
    from cms.blocks import ChartBlock

    block = ChartBlock()
    value = block.to_python(
        {"title": "T", "unit": "", "source": "", "rows": [{"label": "a", "value": 50}, {"label": "b", "value": 200}]}
    )
    context = block.get_context(value)
    assert [(bar.label, bar.width) for bar in context["bars"]] == [("a", 25.0), ("b", 100.0)]
