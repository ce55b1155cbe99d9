"""How often one account may post: 5 comments in ten minutes, 50 in a day, on the site and in the API together, with
a French message saying from when they can post again."""

import time

import pytest

from django.urls import reverse

from consultations.comments import limits, services
from consultations.comments.models import Comment

pytestmark = [pytest.mark.django_db, pytest.mark.security]


@pytest.fixture
def mid_window(monkeypatch):
    """A clock in the middle of a ten-minute window (a test at the window's edge would see two windows)."""
    now = (int(time.time()) // 600) * 600 + 300
    monkeypatch.setattr(limits.time, "time", lambda: now)
    return now


def test_the_sixth_comment_in_ten_minutes_is_refused_with_when(consultation, citizen, mid_window):
    for n in range(5):
        services.post_comment(consultation, citizen, f"Commentaire {n}")
    with pytest.raises(limits.PostingLimited) as limited:
        services.post_comment(consultation, citizen, "Un de trop")
    assert "Vous pourrez de nouveau commenter à partir de" in limited.value.message
    assert limited.value.retry_at.timestamp() == mid_window + 300
    assert Comment.objects.count() == 5


def test_refused_and_invalid_posts_do_not_use_up_the_limit(consultation, citizen, mid_window):
    for _n in range(8):
        with pytest.raises(services.CommentRefused):
            services.post_comment(consultation, citizen, "   ")
    for n in range(5):
        services.post_comment(consultation, citizen, f"Commentaire {n}")
    assert Comment.objects.count() == 5


def test_the_limit_is_per_account(consultation, citizen, other_citizen, mid_window):
    for n in range(5):
        services.post_comment(consultation, citizen, f"Commentaire {n}")
    assert services.post_comment(consultation, other_citizen, "Moi je peux").pk


def test_fifty_a_day(consultation, citizen, monkeypatch):
    clock = {"now": (int(time.time()) // 86400) * 86400 + 60}
    monkeypatch.setattr(limits.time, "time", lambda: clock["now"])
    for n in range(50):
        clock["now"] += 601  # a new ten-minute window each time
        services.post_comment(consultation, citizen, f"Commentaire {n}")
    clock["now"] += 601
    with pytest.raises(limits.PostingLimited):
        services.post_comment(consultation, citizen, "Le cinquante et unième")


def test_the_web_form_says_when_and_the_api_answers_429(client, api, consultation, citizen, mid_window):
    client.force_login(citizen)
    url = reverse("citizen_comments_post", args=[consultation.pk])
    for n in range(3):
        client.post(url, {"text": f"Web {n}", "next": consultation.url})
    api.force_authenticate(citizen)
    api_url = reverse("api_comments_page", args=[consultation.pk])
    for n in range(2):
        assert api.post(api_url, {"text": f"API {n}"}, format="json").status_code == 201
    refused = api.post(api_url, {"text": "API de trop"}, format="json")
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert "Vous pourrez de nouveau commenter" in refused.json()["message"]
    assert 0 < int(refused["Retry-After"]) <= 301
    client.post(url, {"text": "Web de trop", "next": consultation.url})
    content = client.get(consultation.url).content.decode()
    assert "Vous pourrez de nouveau commenter à partir de" in content
    assert Comment.objects.count() == 5
