"""Constants and helpers shared by the tests of citizens' accounts."""

import re

from django.contrib.auth import get_user_model

PASSWORD = "motdepasse-test-123"  # CitizenFactory's
NEW_PASSWORD = "Lanterne-verte-2026"
User = get_user_model()

SIGNUP_URL = "/comptes/signup/"
LOGIN_URL = "/comptes/login/"
PROFILE_URL = "/comptes/profil/"
TOKEN_URL = "/api/auth/token/"


def signup_data(**overrides):
    data = {
        "email": "marie.dupont@example.org",
        "username": "",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "commune": "",
        "age_bracket": "",
        "gender": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def link_in(message):
    match = re.search(r"https?://testserver(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")
