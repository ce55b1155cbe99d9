"""Bad input never reaches a 500, and a broker outage never holds a citizen.

The audit answered 500 to a 1,000-deep JSON body (2 KB), to a NUL character and a lone surrogate in a free text, and
to the number 1e999999999 (through the web form too); with the broker unreachable, every email confirmation held a
worker for 19 s and ended in a 500. Each is a test here, plus whatever schemathesis generates from the API's schema.
"""

import json
import time

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from django.core import mail

from consultations.models import Ballot, Participation
from tests.factories import CitizenFactory, full_answers

from .helpers import cast


def ballots_url(page):
    return f"/api/consultations/{page.pk}/ballots/"


def post_raw(api, page, body, **headers):
    return api.post(ballots_url(page), body, content_type="application/json", **headers)


def nothing_written():
    return Participation.objects.count() == 0 and Ballot.objects.count() == 0


@pytest.fixture
def voter_api(api, citizen):
    api.force_authenticate(citizen)
    return api


def test_a_thousand_levels_of_nesting_is_a_400(voter_api, consultation, caplog):
    body = '{"answers": {"q-long": ' + "[" * 1000 + "]" * 1000 + "}}"
    assert len(body) < 2100
    response = post_raw(voter_api, consultation, body)
    assert response.status_code == 400, response.content
    assert response.json() == {"code": "parse_error", "message": "La requête est trop imbriquée."}
    assert nothing_written()


def test_moderate_nesting_beyond_the_limit_is_a_400_too(voter_api, consultation):
    body = json.dumps({"answers": {"q-long": [[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]}})
    response = post_raw(voter_api, consultation, body)
    assert (response.status_code, response.json()["code"]) == (400, "parse_error")


@pytest.mark.parametrize(
    "text",
    ['"Bonjour\\u0000"', '"\\ud800"', '"avant \\udfff après"'],
    ids=["nul", "lone-high-surrogate", "lone-low-surrogate"],
)
def test_nul_and_lone_surrogates_are_a_400(voter_api, consultation, text, caplog):
    answers = json.dumps(full_answers())[:-1] + f', "q-long": {text}' + "}"
    body = '{"answers": ' + answers + "}"
    response = post_raw(voter_api, consultation, body)
    assert response.status_code == 400, response.content
    assert response.json()["message"] == "La requête contient un caractère invalide (caractère nul ou mal encodé)."
    assert nothing_written()
    assert "Bonjour" not in caplog.text


def test_a_lone_surrogate_in_a_question_id_is_a_400(voter_api, consultation):
    response = post_raw(voter_api, consultation, '{"answers": {"\\ud800": "yes"}}')
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e999999999", "Indiquez un nombre."),  # a JSON number: infinity once read
        ('"1e999999999"', "Ce nombre est trop grand."),
        ('"-1e999999999"', "Ce nombre est trop grand."),
        ('"1e-999999999"', None),  # below the precision kept: 0, a valid answer
        ('"NaN"', "Indiquez un nombre."),
        ('"' + "9" * 200 + '"', "Indiquez un nombre plus court."),
        ("[12]", "Indiquez un nombre."),
        ('{"n": 12}', "Indiquez un nombre."),
    ],
)
def test_extreme_numbers_are_a_400_with_a_message(voter_api, consultation, value, message):
    answers = json.dumps(full_answers())[:-1] + f', "q-number": {value}' + "}"
    response = post_raw(voter_api, consultation, '{"answers": ' + answers + "}")
    if message is None:
        assert response.status_code == 201, response.content
        return
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {"q-number": [message]}
    assert nothing_written()


def test_json_constants_and_giant_integers_are_a_400(voter_api, consultation):
    for number in ("NaN", "Infinity", "1" * 5000):
        answers = json.dumps(full_answers())[:-1] + f', "q-number": {number}' + "}"
        response = post_raw(voter_api, consultation, '{"answers": ' + answers + "}")
        assert (response.status_code, response.json()["code"]) == (400, "parse_error"), number
    assert nothing_written()


def test_an_oversized_body_is_a_400(voter_api, consultation, settings):
    settings.API_MAX_JSON_BYTES = 10_000
    body = json.dumps({"answers": full_answers(**{"q-long": "x" * 20_000})})
    response = post_raw(voter_api, consultation, body)
    assert response.status_code == 400
    assert response.json()["message"] == "La requête est trop volumineuse."


def test_messages_follow_the_clients_language(voter_api, consultation):
    response = post_raw(voter_api, consultation, '"\\ud800"', HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["message"] == "The request holds an invalid character (a null or badly encoded one)."


# -- the web form --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("q-q-long", "Bonjour\x00", "Votre réponse contient un caractère invisible ou invalide"),
        ("q-q-short", "a\x1bb", "Votre réponse contient un caractère invisible ou invalide"),
        ("q-q-number", "1e999999999", "Ce nombre est trop grand."),
        ("q-q-number", "-1E+999999999", "Ce nombre est trop grand."),
        ("q-q-number", "1" * 500, "Indiquez un nombre plus court."),
    ],
)
def test_the_web_form_answers_bad_input_with_a_message(client, consultation, citizen, field, value, message):
    from .test_web import form_data

    client.force_login(citizen)
    data = form_data(full_answers())
    data[field] = value
    response = client.post(consultation.url, data)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert nothing_written()


# -- with the broker down ------------------------------------------------------------------------------------------


@pytest.fixture
def broker_down(monkeypatch):
    """The task queue configured, and unreachable: nothing listens on port 9 here. (Celery reads the
    CELERY_BROKER_URL environment variable before its configuration: both are set.)"""
    from cms.celery import app

    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:9/0")

    def reset_pools():
        from kombu import pools

        pools.reset()  # closes and forgets every connection and producer pool
        app._pool = None
        app.amqp._producer_pool = None

    previous = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    reset_pools()
    try:
        yield app
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
        reset_pools()


def test_an_email_confirmation_is_sent_in_process_when_the_broker_is_down(api, client, make_consultation, broker_down):
    page = make_consultation(eligibility="email")
    started = time.monotonic()
    response = api.post(f"/api/consultations/{page.pk}/email-confirmations/", {"email": "a@example.org"}, format="json")
    assert response.status_code == 202, response.content
    response = client.post(page.url + "confirmer-email/", {"email": "b@example.org"})
    assert response.status_code == 200
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"{elapsed:.1f} s: the request waited for the broker"
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]


def test_a_vote_is_recorded_when_the_broker_is_down(consultation, citizen, broker_down, caplog):
    started = time.monotonic()
    receipt = cast(consultation, citizen)
    assert time.monotonic() - started < 5
    assert receipt.consultation_id == consultation.pk
    assert Participation.objects.count() == 1 and Ballot.objects.count() == 1
    assert "The task queue is unavailable for consultations.release_ballots" in caplog.text


# -- whatever schemathesis generates ---------------------------------------------------------------------------------


def _api_operations():
    from cms.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    schema = schema.include(path_regex="^/api/(consultations|auth)/")
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_never_answers_a_500(consultation, mode):
    """Every operation of the consultations and token API, with what schemathesis generates from the schema
    (valid and invalid bodies, parameters and headers), on a real consultation and with a real token."""
    from rest_framework.authtoken.models import Token

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    token = Token.objects.create(user=CitizenFactory(username="schemathesis"))
    seen = []
    # Requests go through the real WSGI handler, whose end closes "old" database connections: inside the test's
    # transaction that would close it (Django's test client disconnects the same handlers).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        operations = _api_operations()
        assert {operation.path for operation in operations} >= {
            "/api/consultations/{consultation_id}/ballots/",
            "/api/consultations/{consultation_id}/email-confirmations/",
        }
        for operation in operations:
            path_parameters = {"consultation_id": consultation.pk} if "{consultation_id}" in operation.path else None

            @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
            @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
            def check(case):
                case.headers = {**(case.headers or {}), "Authorization": f"Token {token.key}"}
                response = case.call()
                seen.append(response.status_code)
                assert response.status_code < 500, (case.method, case.path, case.body, response.text[:300])

            try:
                check()
            except Unsatisfiable:  # nothing to make invalid in this operation (no body, no parameter)
                continue
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert len(seen) > 50


def test_a_reserved_consultation_is_not_found_through_the_api_before_anything_else(voter_api, consultation):
    """Found by the second audit: the ballot endpoint of a consultation reserved to a space's clients answered 400
    with its question ids (or 403 with its territory) before its 404."""
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=consultation, restriction_type="password", password="CODE2026")
    response = post_raw(voter_api, consultation, json.dumps({"answers": {"q-yes": "peut-être"}}))
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert "q-" not in response.content.decode()
    assert nothing_written()


@pytest.mark.parametrize("content_type", ["application/json; charset=punycode", "application/json; charset=idna-x"])
def test_an_odd_charset_is_a_400(voter_api, consultation, content_type):
    response = voter_api.post(
        ballots_url(consultation), json.dumps({"answers": full_answers()}), content_type=content_type
    )
    assert response.status_code < 500, response.content  # 400 for a charset that fails; an unknown one is ignored
    form = voter_api.post(
        f"/api/consultations/{consultation.pk}/email-confirmations/",
        "email=a%40example.org",
        content_type="application/x-www-form-urlencoded; charset=punycode",
    )
    assert form.status_code < 500


@pytest.mark.parametrize("url", ["/api/consultations/?territory=%00", "/api/consultations/?territory=" + "9" * 40])
def test_a_malformed_territory_filter_is_a_400(api, db, url):
    response = api.get(url)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_an_id_beyond_any_page_is_a_404(voter_api, db):
    for url in (f"/api/consultations/{2**63}/ballots/", f"/api/consultations/{2**63}/", f"/api/consultations/{2**40}/"):
        response = voter_api.post(url, json.dumps({"answers": {}}), content_type="application/json")
        assert response.status_code in (404, 405), url


def test_a_number_that_rounds_beyond_twelve_digits_is_refused():
    """-999999999999.99999 rounds to -1000000000000.0000: one character more than any sealed ballot is padded for."""
    from django.core.exceptions import ValidationError

    from consultations.survey import Question, QuestionType, clean_answer

    question = Question(id="n", type=QuestionType.NUMBER, number=1, label="Un nombre")
    with pytest.raises(ValidationError, match="trop grand"):
        clean_answer(question, "-999999999999.99999")
    assert str(clean_answer(question, "-999999999999.9999")) == "-999999999999.9999"
