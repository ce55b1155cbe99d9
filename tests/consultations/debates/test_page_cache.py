"""The page cache (cms/page_cache.py): a registration or a cancellation changes the seats an anonymous visitor sees
on the debate's page, on its index and on a page showing its card."""

import pytest

from django.test import Client

from consultations.debates import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_MARGIN = 0.0


def test_registration_invalidates_the_debate_page(make_debate, citizens, django_capture_on_commit_callbacks):
    debate = make_debate(seats=3)
    Client().get(debate.url)
    assert Client().get(debate.url)["X-Page-Cache"] == "hit"
    (citizen,) = citizens(1)
    with django_capture_on_commit_callbacks(execute=True):
        services.register(debate, citizen)
    assert "2 places disponibles" in Client().get(debate.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(debate, citizen)
    assert "3 places disponibles" in Client().get(debate.url).content.decode()
