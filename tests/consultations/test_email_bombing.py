"""Security (issue 10, finding 3): one inbox cannot be flooded with confirmation emails by varying the client
address or the spelling of the address; three an hour per mailbox, on the site and in the API together."""

import pytest

from django.core import mail

pytestmark = [pytest.mark.security, pytest.mark.django_db]

SPELLINGS = ["victime@example.org", "Victime@Example.org", "victime+1@example.org", "victime+2@EXAMPLE.ORG"]


def test_the_api_sends_three_emails_an_hour_to_one_mailbox_whoever_asks(api, make_consultation):
    page = make_consultation(eligibility="email")
    url = f"/api/consultations/{page.pk}/email-confirmations/"
    responses = [
        api.post(url, {"email": email}, format="json", REMOTE_ADDR=f"203.0.113.{n}")
        for n, email in enumerate(SPELLINGS, start=1)
    ]
    assert [response.status_code for response in responses] == [202, 202, 202, 429]
    assert responses[-1].json()["code"] == "throttled"
    assert "cette adresse" in responses[-1].json()["message"]
    assert len(mail.outbox) == 3
    # Another mailbox is not affected.
    assert api.post(url, {"email": "autre@example.org"}, format="json").status_code == 202


def test_the_site_and_the_api_count_together_per_mailbox(client, api, make_consultation):
    page = make_consultation(eligibility="email")
    statuses = [
        client.post(page.url + "confirmer-email/", {"email": email}, REMOTE_ADDR=f"198.51.100.{n}").status_code
        for n, email in enumerate(SPELLINGS[:2], start=1)
    ]
    statuses.append(
        api.post(
            f"/api/consultations/{page.pk}/email-confirmations/", {"email": SPELLINGS[2]}, format="json"
        ).status_code
    )
    response = client.post(page.url + "confirmer-email/", {"email": SPELLINGS[3]}, REMOTE_ADDR="198.51.100.9")
    assert statuses == [200, 200, 202]
    assert response.status_code == 429
    assert "pour cette adresse" in response.content.decode()
    assert len(mail.outbox) == 3
