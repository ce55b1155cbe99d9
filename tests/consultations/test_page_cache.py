"""The anonymous page cache (cms/page_cache.py) and the consultations: the vote form is never another person's, a
ballot released into the live results and a comment posted or hidden invalidate the page, and a cached page ends
when a consultation opens or closes."""

import datetime
import time

import pytest

from django.test import Client
from django.utils import timezone

from cms import page_cache
from consultations.comments import services as comments
from consultations.models import ReleaseBatch
from tests.factories import UserFactory, full_answers

from .helpers import add_ballots, cast

pytestmark = pytest.mark.django_db
VOTED = "Vous avez voté à cette consultation"
LOG_IN = "Connectez-vous ou créez un compte pour voter."


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_MARGIN = 0.0


def visit(url):
    return Client().get(url)


def state(response):
    return response.get("X-Page-Cache")


def test_the_vote_form_is_never_another_persons(consultation, citizen):
    anonymous = visit(consultation.url)
    assert LOG_IN in anonymous.content.decode() and state(anonymous) == "miss"
    cast(consultation, user=citizen)
    voter = Client()
    voter.force_login(citizen)
    mine = voter.get(consultation.url)
    assert VOTED in mine.content.decode() and state(mine) is None
    assert "private" in mine["Cache-Control"]
    for _ in range(2):
        other = visit(consultation.url)
        assert VOTED not in other.content.decode() and LOG_IN in other.content.decode()
    assert state(other) == "hit"
    assert VOTED in voter.get(consultation.url).content.decode()


def test_a_ballot_released_into_the_live_results_invalidates_the_page(consultation, citizen, make_consultation):
    other = make_consultation(title="Une autre", slug="autre")
    visit(consultation.url), visit(other.url)
    assert state(visit(consultation.url)) == "hit"
    add_ballots(consultation, [("anonyme-1", full_answers(), {})], released=False)
    assert state(visit(consultation.url)) == "hit"  # sealed, not in the counters yet: the page has not changed
    from consultations.release import release

    release(consultation.ballot_box.pk)
    assert ReleaseBatch.objects.exists()
    assert state(visit(consultation.url)) == "miss"
    assert state(visit(consultation.get_parent().url)) == "miss"  # the index lists the consultations
    assert state(visit(other.url)) == "hit"


def test_a_comment_posted_then_hidden_invalidates_the_page(consultation, citizen):
    visit(consultation.url)
    comment = comments.post_comment(consultation, citizen, "Un parc, enfin !")
    response = visit(consultation.url)
    assert state(response) == "miss" and "Un parc, enfin !" in response.content.decode()
    assert state(visit(consultation.url)) == "hit"
    moderator = UserFactory(is_superuser=True, is_staff=True)
    comments.hide(comment.pk, moderator, "Hors sujet")
    response = visit(consultation.url)
    assert state(response) == "miss" and "Un parc, enfin !" not in response.content.decode()


def test_a_cached_page_ends_when_a_consultation_of_its_space_opens(space, make_consultation, monkeypatch):
    opens = timezone.now() + datetime.timedelta(seconds=90)
    make_consultation(title="Bientôt", slug="bientot", opens_at=opens, closes_at=opens + datetime.timedelta(days=9))
    visit(space.url)
    assert state(visit(space.url)) == "hit"
    now = time.time()
    monkeypatch.setattr(page_cache.time, "time", lambda: now + 91)
    assert state(visit(space.url)) == "miss"


def test_an_account_deleted_takes_its_comments_out_of_the_cached_pages(consultation, citizen):
    from cms.accounts.personal_data import delete_account
    from tests.factories import CitizenFactory

    comment = comments.post_comment(consultation, citizen, "Signé Camille")
    comments.post_comment(consultation, CitizenFactory(), "Une réponse", parent_id=comment.pk)
    assert "Signé Camille" in visit(consultation.url).content.decode()
    assert state(visit(consultation.url)) == "hit"
    delete_account(citizen)
    response = visit(consultation.url)
    assert "Signé Camille" not in response.content.decode() and "Une réponse" in response.content.decode()
