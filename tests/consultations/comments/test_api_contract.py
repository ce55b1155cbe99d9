"""The comments' operations keep the schema with ids that exist (the project-wide schemathesis run draws page ids
under another name): every answer documented, no server error."""

import pytest
import schemathesis
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token

from django.core.wsgi import get_wsgi_application

from tests.api.test_schemathesis import _exploration

from .factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open():
    """Schemathesis calls the project through WSGI, not Django's test client: without this, the end of each request
    closes the connection, and on PostgreSQL the test's transaction with it (as tests/api/conftest.py does)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_comment_operations_keep_the_schema(consultation, citizen, other_citizen, news_page, enable_comments):
    enable_comments(news_page)
    top = CommentFactory(page=consultation, author=other_citizen)
    reply = CommentFactory(page=consultation, parent=top, author=other_citizen)
    own = CommentFactory(page=consultation, author=citizen)
    token = Token.objects.create(user=citizen)
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    ids = {"page_id": [consultation.pk, news_page.pk], "comment_id": [top.pk, reply.pk, own.pk]}
    operations = [
        result.ok() for result in schema.get_all_operations() if result.ok().path.startswith("/api/comments/")
    ]
    assert len(operations) == 5
    failures, calls = [], []
    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            try:
                _exploration(operation, mode, ids, {"Authorization": f"Token {token.key}"}, calls)()
            except Unsatisfiable:
                continue  # no body of this mode can be generated for this operation (e.g. no negative DELETE)
            except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 - all reported
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {failure}"[:3000])
    assert not failures, "\n\n".join(failures)
    assert len(calls) > 20
