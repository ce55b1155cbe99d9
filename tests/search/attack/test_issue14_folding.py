"""« école », « ecoles », « Écoles » are one word on every backend, whatever Unicode form the visitor's keyboard or
a copy-paste gives: decomposed accents (NFD), full-width letters, ligatures."""

import pytest

from ..conftest import item

pytestmark = [pytest.mark.django_db, pytest.mark.security]


@pytest.mark.parametrize(
    "q",
    [
        "école",
        "ecoles",
        "Écoles",
        "ÉCOLES",
        "E\u0301coles",
        "e\u0301cole",
        "ＥＣＯＬＥ",
        "écOles",
        "l'école",
        "L’École",
    ],
)
def test_issue14_every_form_of_ecole_finds_the_school(client, index, q):
    index.add(item("page:1", "La nouvelle école Jules-Ferry", "Les écoles de la ville"))
    body = client.get("/api/search/", {"q": q}).json()
    assert body["count"] == 1, q


def test_issue14_a_decomposed_text_in_the_index_is_found_and_marked(client, index):
    index.add(item("comment:1", "Commentaire", "Les e\u0301coles de la ville", kind="comment", language=""))
    body = client.get("/api/search/", {"q": "école"}).json()
    assert body["count"] == 1
    assert "<mark>écoles</mark>" in body["results"][0]["excerpt_highlighted"]
