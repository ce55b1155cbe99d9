"""Security: the CSV writer every download goes through neutralises cells a spreadsheet would run as formulas."""

import pytest

from cms.csv_export import csv_response, neutralise

pytestmark = pytest.mark.security


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6", "'+33 6"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Oui", "Oui"),
        ("", ""),
        ("a=b", "a=b"),
        (-3, -3),
        (0.25, 0.25),
        (None, None),
    ],
)
def test_neutralise(cell, written):
    assert neutralise(cell) == written


def test_csv_response_is_utf8_with_a_bom_and_semicolons():
    response = csv_response("x.csv", [["a", "b"], ["=1", 2], ["Étoile", -1]])
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response.content.decode("utf-8") == "\ufeffa;b\r\n'=1;2\r\nÉtoile;-1\r\n"
