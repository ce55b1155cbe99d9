"""Parallel wrong codes from one client never get more checks than the limit (found by the audit of this change:
the limiter checked, then compared the code, then counted, on a cache whose `incr` is a read then a write: 45 and 57
codes were checked for a limit of 20 against 2 gunicorn workers × 8 threads)."""

import threading

import pytest

from django.db import connection
from django.test import RequestFactory

from cms.ratelimit import ACCESS_CODES

pytestmark = [pytest.mark.security, pytest.mark.postgres]


@pytest.mark.django_db(transaction=True)
def test_parallel_tries_from_one_client_never_exceed_the_limit():
    threads = ACCESS_CODES.per_client * 2
    barrier = threading.Barrier(threads)
    checked = []

    def attempt():
        request = RequestFactory().post("/ville/acces/", REMOTE_ADDR="198.51.100.77")
        try:
            barrier.wait()
            if ACCESS_CODES.attempt(request):
                checked.append(1)  # here the view compares the typed code (a wrong one: nothing given back)
        finally:
            connection.close()

    workers = [threading.Thread(target=attempt) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(checked) == ACCESS_CODES.per_client
