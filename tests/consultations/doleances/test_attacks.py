"""An auditor's attacks on the cahier de doléances (issue 11): each test failed before its fix."""

import pytest
from rest_framework.test import APIClient

pytestmark = [pytest.mark.django_db, pytest.mark.security]


@pytest.mark.parametrize("name", ["territory", "year", "limit", "offset"])
@pytest.mark.parametrize("value", ["²", "1²", "①", "-1", "1e3", " 1"])
def test_unicode_digits_in_the_archive_filters_are_a_400_not_a_500(cahier, name, value):
    # « ² » and « ① » pass str.isdigit() but int() raises ValueError on them.
    response = APIClient().get("/api/doleances/", {name: value})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert name in response.json()["errors"]
