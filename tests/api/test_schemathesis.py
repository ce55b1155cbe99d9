"""The API keeps its contract: schemathesis sends every operation of /api/schema/ (the platform's API and the Wagtail
page API) examples generated from the schema itself, valid and invalid, as a verified citizen with a token, over a
demo-like dataset (tests/api/conftest.py), half of the ids drawn from it so that they exist. Every answer must be no
server error, with a documented status code, content type and body (issue 10, finding 8).

Bounded (`EXAMPLES` per operation and mode) to run in about a minute on two cores; `SCHEMATHESIS_EXAMPLES=200`
explores further.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from django.core.wsgi import get_wsgi_application

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Revoking the token would leave the operations after it unauthenticated: it runs last.
LAST = ("DELETE", "/api/auth/token/")


def _exploration(operation, mode, ids, headers, calls):
    """A Hypothesis test of one operation in one mode: draw a case (an id from the dataset one time in two), call,
    check the answer."""

    @given(data=st.data())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def explore(data):
        case = data.draw(operation.as_strategy(generation_mode=mode))
        for name, known in ids.items():
            if name in (case.path_parameters or {}) and data.draw(st.booleans()):
                case.path_parameters[name] = data.draw(st.sampled_from(known))
        calls.append(case)
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

    return explore


def test_every_operation_keeps_the_schema(dataset):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    ids = {
        "consultation_id": [page.pk for page in dataset["consultations"]],
        "lesson_id": [lesson.pk for lesson in dataset["lessons"]],
        "id": [page.pk for page in dataset["pages"]],
    }
    headers = {"Authorization": f"Token {dataset['token']}"}
    operations = sorted(
        (result.ok() for result in schema.get_all_operations()),
        key=lambda operation: (operation.method.upper(), operation.path) == LAST,
    )
    assert len(operations) >= 14
    failures, calls = [], []
    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            try:
                _exploration(operation, mode, ids, headers, calls)()
            except Unsatisfiable:
                assert mode == schemathesis.GenerationMode.NEGATIVE  # nothing to get wrong: no parameter, no body
            except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 - every operation is tried, all reported
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {failure}"[:4000])
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
    assert len(calls) >= len(operations) * 2 * EXAMPLES * 0.5  # Hypothesis may stop early on a small input space
