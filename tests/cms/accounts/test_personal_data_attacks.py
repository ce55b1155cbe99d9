# ruff: noqa: F811 - the fixtures imported from test_personal_data are the arguments
"""GDPR rights, found by the audit of the first version: an editor (Wagtail's editors have `access_admin`, not
`is_staff`) could delete their administration account from the citizens' profile; django-axes kept the login
names and addresses of a deleted account."""

import pytest
from axes.models import AccessAttempt, AccessLog

from django.contrib.auth.models import Permission

from tests.factories import UserFactory

from .helpers import LOGIN_URL, PASSWORD, User
from .test_personal_data import (  # noqa: F401 (fixtures)
    DELETE_URL,
    citizen,
    delete,
)

pytestmark = pytest.mark.security


def test_a_wagtail_editor_is_not_deleted_from_the_citizen_profile(client, db):
    editor = UserFactory(username="editeur")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})
    assert User.objects.filter(pk=editor.pk).exists()


def test_the_deletion_leaves_no_login_record_naming_the_person(client, citizen):
    client.post(LOGIN_URL, {"login": citizen.email, "password": "mauvais"})
    client.post(LOGIN_URL, {"login": citizen.username, "password": "mauvais"})
    assert AccessAttempt.objects.exists()  # the failures are counted
    client.post(LOGIN_URL, {"login": citizen.email, "password": PASSWORD})
    assert not AccessLog.objects.exists()  # successful logins are not logged at all
    client.force_login(citizen)
    delete(client)
    assert not AccessAttempt.objects.exists()
