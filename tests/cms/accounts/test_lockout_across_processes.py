"""The login lockout holds across worker processes (issue 10, finding 1).

Found by the audit: "under gunicorn with 3 workers allauth let 14 failures through (each process counts alone: no
shared cache is configured)". Here, three gunicorn workers serve the Wagtail admin's login on the test database;
failures spread over them lock the account for all of them.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from django.conf import settings

from tests.factories import UserFactory

from .helpers import PASSWORD

pytestmark = [pytest.mark.postgres, pytest.mark.security, pytest.mark.django_db(transaction=True)]

ROOT = settings.BASE_DIR


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn():
    from django.db import connection

    database = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        "3",
        "--graceful-timeout",
        "3",
        "--timeout",
        "120",
        "--bind",
        f"127.0.0.1:{port}",
        "cms.wsgi",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/admin/login/", timeout=30)  # noqa: S310 - a local test server
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        else:
            pytest.fail("gunicorn did not start")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def login(base, username, password):
    """One login on a new connection (another worker may answer it): GET the form for its CSRF token, then POST."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/admin/login/", timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    request = urllib.request.Request(base + "/admin/login/", data=data.encode(), headers={"Referer": base + "/"})  # noqa: S310 - a local test server
    try:
        response = opener.open(request, timeout=60)
        return response.status, response.geturl()
    except urllib.error.HTTPError as error:
        return error.code, None


def test_three_workers_share_one_lockout(migrated_data, gunicorn):
    user = UserFactory(username="redactrice", is_staff=True, is_superuser=True)
    statuses = [login(gunicorn, user.username, f"mauvais-{n}")[0] for n in range(settings.AXES_FAILURE_LIMIT + 4)]
    assert statuses.count(200) == settings.AXES_FAILURE_LIMIT - 1  # the form again, with its error
    assert set(statuses[settings.AXES_FAILURE_LIMIT - 1 :]) == {429}
    assert login(gunicorn, user.username, PASSWORD)[0] == 429
