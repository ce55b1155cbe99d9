"""The project's URLs (cms.urls, unchanged) plus two benchmark-only views, served by the same server:

- `POST /bench/floor/<consultation id>/ballots/`: the framework floor of a vote. It authenticates the token (DRF's
  TokenAuthentication, one query), parses the JSON body, and runs the vote's transaction: the ballot box's shared
  lock (the same `SELECT ... FOR SHARE OF b` as `consultations.voting._lock_box`), the participation and a ballot of
  random bytes as long as a sealed one, through the ORM. No validation, no eligibility rule, no sealing, no release
  request. 201, 409 on a second vote, 401 without a valid token.
- `GET /bench/memory/<name>/`: bytes put in `MEMORY` by the benchmark running in this process (a page it rendered
  once), or read once from `$BENCH_MEMORY_DIR/<name>.html` (a benchmark serving through gunicorn), returned as they
  are: the cost of the framework and the middleware around a page that costs nothing.

`cms.urls` cannot be include()d: it ends with i18n_patterns, which Django accepts in the root URLconf only. Its
patterns are appended after these.
"""

import json
import os
from pathlib import Path

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from cms.urls import urlpatterns as cms_urlpatterns
from consultations.models import Ballot, Participation

FLOOR_KEY_ID = "f100f100f100f100"
LOCK_SQL = (
    "SELECT b.frozen_at, p.live, p.live_revision_id, c.opens_at, c.closes_at, "
    "EXISTS (SELECT 1 FROM wagtailcore_pageviewrestriction r JOIN wagtailcore_page a ON a.id = r.page_id "
    "WHERE p.path LIKE a.path || '%%') "
    "FROM consultations_ballotbox b JOIN wagtailcore_page p ON p.id = b.consultation_id "
    "JOIN consultations_consultationpage c ON c.page_ptr_id = b.consultation_id "
    "WHERE b.consultation_id = %s FOR SHARE OF b"
)
MEMORY = {}  # name: (bytes, content type)


@csrf_exempt
def floor_ballot(request, consultation_id):
    if request.method != "POST":
        return JsonResponse({"code": "method_not_allowed"}, status=405)
    keyword, _space, key = request.headers.get("Authorization", "").partition(" ")
    if keyword != "Token" or not key:
        return JsonResponse({"code": "not_authenticated"}, status=401)
    try:
        user, _token = TokenAuthentication().authenticate_credentials(key.strip())
    except AuthenticationFailed:
        return JsonResponse({"code": "authentication_failed"}, status=401)
    try:
        answers = json.loads(request.body)["answers"]
    except (ValueError, KeyError, TypeError):
        answers = None
    if not isinstance(answers, dict):
        return JsonResponse({"code": "invalid"}, status=400)
    try:
        if not floor_transaction(consultation_id, user, os.urandom(settings.BENCH_FLOOR_SEALED_BYTES)):
            return JsonResponse({"code": "not_found"}, status=404)
    except IntegrityError:
        return JsonResponse({"code": "already_voted"}, status=409)
    return JsonResponse({"status": "recorded"}, status=201)


def floor_transaction(consultation_id, user, sealed):
    """The vote's transaction and nothing else: False if there is no such ballot box."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(LOCK_SQL, [consultation_id])
            if cursor.fetchone() is None:
                return False
        Participation.objects.create(
            consultation_id=consultation_id, voter_key=f"user:{user.pk}", user=user, channel="api"
        )
        Ballot.objects.create(consultation_id=consultation_id, key_id=FLOOR_KEY_ID, sealed=sealed)
    return True


def memory_page(request, name):
    if name not in MEMORY and os.environ.get("BENCH_MEMORY_DIR"):
        # A benchmark serving through gunicorn: its workers read the page the benchmark wrote, once.
        body = (Path(os.environ["BENCH_MEMORY_DIR"]) / f"{Path(name).name}.html").read_bytes()
        MEMORY[name] = (body, "text/html; charset=utf-8")
    body, content_type = MEMORY[name]
    return HttpResponse(body, content_type=content_type)


urlpatterns = [
    path("bench/floor/<int:consultation_id>/ballots/", floor_ballot, name="bench_floor_ballot"),
    path("bench/memory/<str:name>/", memory_page, name="bench_memory"),
    *cms_urlpatterns,
]
