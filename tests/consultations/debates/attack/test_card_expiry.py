"""An anonymous page's cached copy must end when what it shows of a debate changes with time: the debate block's
card says « S'inscrire » / « N places disponibles » until the debate begins, the space dashboard lists it as
upcoming until then. Without `page_cache.expires_at`, both stayed up to PAGE_CACHE_SECONDS after the start."""

import datetime
import time

import pytest

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone

from cms import page_cache
from consultations.debates import plugins

pytestmark = pytest.mark.django_db


def _anonymous_request():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request._page_cache = page_cache._State(time.time())
    return request


def test_the_card_expires_when_the_debate_begins(space, make_debate):
    debate = make_debate(starts_at=timezone.now() + datetime.timedelta(seconds=90))
    request = _anonymous_request()
    plugins.debate_embed_context(debate, request, {})
    assert request._page_cache.expires <= debate.starts_at.timestamp()


def test_the_dashboard_list_expires_when_its_first_debate_begins(space, make_debate):
    debate = make_debate(starts_at=timezone.now() + datetime.timedelta(seconds=90))
    request = _anonymous_request()
    context = plugins.dashboard_panel(space, request)
    assert context is not None and debate in context["upcoming_debates"]
    assert request._page_cache.expires <= debate.starts_at.timestamp()
