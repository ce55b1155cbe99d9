"""One vote measured in this process, piece by piece, for benchmarks/voting_api.py: not a benchmark itself.

`count_queries()` posts one request through Django's test Client (the whole middleware stack) and returns its SQL;
`breakdown()` times each piece of a vote (token authentication, validation and sealing, `vote()`, the floor's
transaction, whole requests) over many voters. Django must be set up first (`benchlib.setup_django()`): the
project's modules are imported inside the functions.
"""

import json
import os
import re
import time


def count_queries(path, voter):
    """(status, [SQL]) of one POST through Django's test Client (the whole middleware stack), in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    token, body = voter
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    with CaptureQueriesContext(connection) as captured:
        response = client.post(path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")
    return response.status_code, [query["sql"] for query in captured.captured_queries]


def breakdown(pages, voters, sealed_size):
    """Where a vote's time goes, in this process, one piece at a time: [(label, CPU ms, wall ms)] per vote."""
    from rest_framework.authentication import TokenAuthentication

    from django.test import Client

    from benchmarks.floor_urls import floor_transaction
    from cms.api.authentication import VerifiedTokenAuthentication
    from consultations import sealing
    from consultations.models import Participation
    from consultations.voting import box_config, vote

    def timed(function, items):
        cpu, wall = time.process_time(), time.perf_counter()
        for item in items:
            function(item)
        count = max(1, len(items))
        return (time.process_time() - cpu) / count * 1000, (time.perf_counter() - wall) / count * 1000

    keys = [token for token, _body in voters]
    bodies = [json.loads(body)["answers"] for _token, body in voters]
    users = [VerifiedTokenAuthentication().authenticate_credentials(key)[0] for key in keys]
    config = box_config(pages["piece-vote"].pk)

    def validate_and_seal(answers):
        cleaned = config.survey.validate(answers)
        sealing.seal(sealing.encode_payload(config.survey.payload_answers(cleaned), {}), config.padded_to)

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")

    def post(path):
        def send(voter):
            response = client.post(
                path, voter[1], content_type="application/json", HTTP_AUTHORIZATION=f"Token {voter[0]}"
            )
            assert response.status_code == 201, response.content

        return send

    rows = [
        (
            "token authentication, API (VerifiedTokenAuthentication)",
            *timed(VerifiedTokenAuthentication().authenticate_credentials, keys),
        ),
        (
            "token authentication, floor (DRF TokenAuthentication)",
            *timed(TokenAuthentication().authenticate_credentials, keys),
        ),
        ("survey.validate + encode_payload + seal (no database)", *timed(validate_and_seal, bodies)),
        (
            "vote() (box_config, checks, seal, transaction)",
            *timed(
                lambda item: vote(
                    pages["piece-vote"].pk, item[1], user=item[0], channel=Participation.Channel.API, public_only=True
                ),
                list(zip(users, bodies, strict=True)),
            ),
        ),
        (
            "floor transaction (lock, participation, ballot)",
            *timed(lambda user: floor_transaction(pages["piece-floor"].pk, user, os.urandom(sealed_size)), users),
        ),
        (
            "whole request, API (test client)",
            *timed(post(f"/api/consultations/{pages['piece-api-request'].pk}/ballots/"), voters),
        ),
        (
            "whole request, floor (test client)",
            *timed(post(f"/bench/floor/{pages['piece-floor-request'].pk}/ballots/"), voters),
        ),
    ]
    return rows


def short_sql(sql, width=150):
    sql = " ".join(sql.split())
    sql = re.sub(r"'\\\\x[0-9a-f]+'", "'\\\\x…'", sql)
    return sql if len(sql) <= width else sql[: width - 1] + "…"
