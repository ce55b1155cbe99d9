"""Calling the consultations API in tests: POST a ballot, count what was stored."""

from consultations.models import Ballot, Participation
from tests.factories import full_answers


def ballots_url(page):
    return f"/api/consultations/{page.pk}/ballots/"


def vote(api, page, answers=None, *, headers=None, **body):
    """POST a ballot; `body` adds invitation_code or email_token, `headers` HTTP headers (HTTP_ACCEPT_LANGUAGE...)."""
    data = {"answers": full_answers() if answers is None else answers, **body}
    return api.post(ballots_url(page), data, format="json", **(headers or {}))


def counts():
    return Participation.objects.count(), Ballot.objects.count()
