"""Audit (attack-f1): sign-up still tells which logins are staff's; a login path without the lockout; the lockout
page's advice.
"""

import re

import pytest

from django.core import mail
from django.test import Client

from tests.factories import CitizenFactory, UserFactory

from .helpers import LOGIN_URL, NEW_PASSWORD, PASSWORD, SIGNUP_URL, link_in, logged_in_user_id, signup_data

pytestmark = [pytest.mark.security, pytest.mark.django_db]


def username_in_mail(body):
    match = re.search(r"nom d'utilisateur : (\S+?)\.\s", body) or re.search(r"username: (\S+?)\.\s", body)
    return match.group(1) if match else None


def test_the_confirmation_email_does_not_tell_a_staff_username_from_a_free_one(communes):
    """The attacker signs up with their own mailbox: the email names the account `claire.admin3` for a staff login,
    `nom.libre` for a free one. The page hides it, the email tells it."""
    UserFactory(username="claire.admin", is_staff=True, is_superuser=True)
    Client().post(SIGNUP_URL, signup_data(email="libre@attacker.example", username="nom.libre"))
    free = username_in_mail(mail.outbox[-1].body)
    Client().post(SIGNUP_URL, signup_data(email="sonde@attacker.example", username="claire.admin"))
    probed = username_in_mail(mail.outbox[-1].body)
    # Whatever the fix, what the attacker reads must not depend on the name being staff's.
    assert (free == "nom.libre") == (probed == "claire.admin")


def test_the_password_change_form_is_not_a_password_oracle_without_limit(settings):
    """allauth's ChangePasswordForm checks the old password with user.check_password: no authenticate(), no axes;
    only allauth's `change_password` rate (5 a minute: 7,200 guesses a day, against 960 for the login lockout), and
    it never locks. A stolen session (or a shared computer) can thus brute-force the password to reuse elsewhere."""
    from django.core.cache import cache

    citizen = CitizenFactory(username="camille")
    session = Client()
    session.force_login(citizen)
    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    for n in range(settings.AXES_FAILURE_LIMIT * 3):
        if n % 5 == 0:
            cache.clear()  # a minute later: allauth's 5/m/user is the only limit
        session.post("/comptes/password/change/", {"oldpassword": f"mauvais-{n}", **data})
    cache.clear()
    session.post("/comptes/password/change/", {"oldpassword": PASSWORD, **data})
    citizen.refresh_from_db()
    assert not citizen.check_password(NEW_PASSWORD)  # today: changed after 30 wrong guesses


def test_the_lockout_page_advice_works_a_reset_password_opens_the_account(settings, communes):
    """The lockout page says « Si vous avez oublié votre mot de passe, vous pouvez le réinitialiser », but a reset
    does not lift the lock: the owner, with a brand-new password, is still refused for the cool-off."""
    citizen = CitizenFactory(username="camille")
    attacker = Client(REMOTE_ADDR="198.51.100.66")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(LOGIN_URL, {"login": citizen.email, "password": f"mauvais-{n}"})
    owner = Client(REMOTE_ADDR="203.0.113.9")
    owner.post("/comptes/password/reset/", {"email": citizen.email})
    reset_url = link_in(mail.outbox[-1])
    form_url = owner.get(reset_url)["Location"] if owner.get(reset_url).status_code == 302 else reset_url
    owner.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
    owner.post(LOGIN_URL, {"login": citizen.email, "password": NEW_PASSWORD})
    assert logged_in_user_id(owner) == str(citizen.pk)  # today: 429, still locked


def _age_attempts(minutes):
    from datetime import timedelta

    from axes.models import AccessAttempt

    from django.db.models import F

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_a_lockout_lasts_the_15_minutes_it_announces_even_if_the_attacker_keeps_knocking(settings):
    """AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is left at axes' default (True): every refused attempt during
    the lock restarts the cool-off, so one request every 14 minutes keeps any account locked for ever, while the
    page says « bloquée pendant 15 minutes »."""
    citizen = CitizenFactory(username="camille")
    attacker = Client(REMOTE_ADDR="198.51.100.66")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(LOGIN_URL, {"login": citizen.email, "password": f"mauvais-{n}"})
    _age_attempts(14)
    attacker.post(LOGIN_URL, {"login": citizen.email, "password": "encore"})  # refused: locked
    _age_attempts(2)  # 16 minutes after the lock began
    owner = Client(REMOTE_ADDR="203.0.113.9")
    owner.post(LOGIN_URL, {"login": citizen.email, "password": PASSWORD})
    assert logged_in_user_id(owner) == str(citizen.pk)  # today: still locked (429)
