"""What a visitor typed and what was indexed come out escaped on the search page (the count line, the facets, the
links), never as markup."""

import pytest

from ..conftest import item

pytestmark = pytest.mark.django_db  # held: a regression test, no finding (no `security` mark)

PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_issue14_the_query_and_the_indexed_text_are_escaped_on_the_page(client, index):
    index.add(
        item(
            "comment:7",
            f"école {PAYLOAD}",
            f"école {PAYLOAD}",
            kind="comment",
            language="",
            context_title=f"Page {PAYLOAD}",
            territory_name=f"Ville {PAYLOAD}",
            territory_code="44109",
        )
    )
    html = client.get("/recherche/", {"q": f"école {PAYLOAD}"}).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "école" in html


def test_issue14_autocomplete_json_titles_are_data(client, index):
    index.add(item("page:8", f"École {PAYLOAD}", "x"))
    response = client.get("/api/search/autocomplete/", {"q": "eco"})
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["results"][0]["title"] == f"École {PAYLOAD}"
