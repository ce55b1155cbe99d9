"""The comments API: GET/POST /api/comments/pages/<id>/, POST/DELETE /api/comments/<id>/upvote/,
POST /api/comments/<id>/reports/."""

import pytest

from django.urls import reverse

from wagtail.models import PageViewRestriction

from consultations.comments import services
from consultations.comments.models import Comment, CommentReport
from tests.factories import CitizenFactory

from .factories import CommentFactory

pytestmark = pytest.mark.django_db


def page_url(page, query=""):
    return reverse("api_comments_page", args=[page.pk]) + query


def upvote_url(comment):
    return reverse("api_comment_upvote", args=[comment.pk])


def reports_url(comment):
    return reverse("api_comment_reports", args=[comment.pk])


def test_the_discussion_nests_replies_and_shows_hidden_ones_as_placeholders(api, consultation, editor):
    top = CommentFactory(page=consultation, text="Premier")
    CommentFactory(page=consultation, parent=top, text="Réponse")
    hidden = CommentFactory(page=consultation, text="Insulte")
    services.hide(hidden.pk, editor, "Injures")
    body = api.get(page_url(consultation)).json()
    assert body["count"] == 2 and body["comments_count"] == 2 and body["open"] is True
    by_id = {item["id"]: item for item in body["results"]}
    assert by_id[hidden.pk]["status"] == "hidden"
    assert by_id[hidden.pk]["text"] is None and by_id[hidden.pk]["author"] is None
    assert [reply["text"] for reply in by_id[top.pk]["replies"]] == ["Réponse"]
    assert "Insulte" not in str(body)


def test_sort_and_pagination(api, consultation):
    low = CommentFactory(page=consultation, text="bas")
    high = CommentFactory(page=consultation, text="haut")
    Comment.objects.filter(pk=low.pk).update(upvotes_count=5)
    assert [c["id"] for c in api.get(page_url(consultation, "?sort=newest")).json()["results"]] == [high.pk, low.pk]
    assert [c["id"] for c in api.get(page_url(consultation, "?sort=support")).json()["results"]] == [low.pk, high.pk]
    page = api.get(page_url(consultation, "?limit=1&offset=1")).json()
    assert [c["id"] for c in page["results"]] == [low.pk] and page["previous"] is not None
    wrong = api.get(page_url(consultation, "?sort=votes"))
    assert wrong.status_code == 400 and wrong.json()["code"] == "invalid"


def test_posting_a_comment_and_a_reply(api, consultation, citizen):
    api.force_authenticate(citizen)
    created = api.post(page_url(consultation), {"text": "Par l'API"}, format="json")
    assert created.status_code == 201
    assert created.json()["text"] == "Par l'API" and created.json()["replies"] == []
    reply = api.post(page_url(consultation), {"text": "Réponse", "parent": created.json()["id"]}, format="json")
    assert reply.status_code == 201
    assert Comment.objects.get(pk=reply.json()["id"]).parent_id == created.json()["id"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"text": ""}, "empty"),
        ({"text": "   \n "}, "empty"),
        ({"text": "x" * 2001}, "too_long"),
        ({"text": "ok", "parent": 999999}, "parent_not_found"),
        ({}, "invalid"),
        ({"text": ["liste"]}, "invalid"),
        ({"text": "x" * 5000}, "invalid"),
    ],
)
def test_validation_errors_in_the_api_shape(api, consultation, citizen, body, code):
    api.force_authenticate(citizen)
    response = api.post(page_url(consultation), body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["message"]
    assert not Comment.objects.exists()


def test_a_json_array_is_refused(api, consultation, citizen):
    api.force_authenticate(citizen)
    response = api.post(page_url(consultation), ["x"], format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_posting_needs_an_account_with_a_verified_address(api, consultation, commune):
    response = api.post(page_url(consultation), {"text": "Anonyme"}, format="json")
    assert response.status_code in (401, 403) and "message" in response.json()
    api.force_authenticate(CitizenFactory(verified_email=False, commune=commune))
    refused = api.post(page_url(consultation), {"text": "Non vérifié"}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "email_unverified"
    assert not Comment.objects.exists()


def test_session_posts_need_the_csrf_token(consultation, citizen):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(citizen)
    response = client.post(page_url(consultation), {"text": "Sans jeton"}, format="json")
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_upvote_once_and_take_it_back(api, consultation, citizen, other_citizen):
    comment = CommentFactory(page=consultation, author=citizen)
    api.force_authenticate(other_citizen)
    assert api.post(upvote_url(comment)).json() == {"upvoted": True, "upvotes_count": 1}
    assert api.post(upvote_url(comment)).json() == {"upvoted": True, "upvotes_count": 1}
    listing = api.get(page_url(consultation)).json()["results"]
    assert listing[0]["upvoted"] is True
    assert api.delete(upvote_url(comment)).json() == {"upvoted": False, "upvotes_count": 0}
    api.force_authenticate(citizen)
    own = api.post(upvote_url(comment))
    assert own.status_code == 403 and own.json()["code"] == "own_comment"


def test_report_once(api, consultation, citizen, other_citizen):
    comment = CommentFactory(page=consultation, author=citizen)
    api.force_authenticate(other_citizen)
    first = api.post(reports_url(comment), {"reason": "spam", "details": "Publicité"}, format="json")
    assert first.status_code == 201
    again = api.post(reports_url(comment), {"reason": "abuse"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_reported"
    wrong = api.post(reports_url(comment), {"reason": "je n'aime pas"}, format="json")
    assert wrong.status_code == 400
    assert CommentReport.objects.count() == 1


@pytest.mark.security
def test_restricted_drafts_and_disabled_pages_are_404(api, consultation, news_page, citizen):
    comment = CommentFactory(page=consultation)
    PageViewRestriction.objects.create(page=consultation, restriction_type="password", password="CODE")
    api.force_authenticate(citizen)
    assert api.get(page_url(consultation)).status_code == 404
    assert api.post(page_url(consultation), {"text": "x"}, format="json").status_code == 404
    assert api.post(upvote_url(comment)).status_code == 404
    assert api.post(reports_url(comment), {"reason": "spam"}, format="json").status_code == 404
    assert api.get(page_url(news_page)).status_code == 404  # comments not turned on
    news_page.unpublish()
    assert api.get(page_url(news_page)).status_code == 404
    for url in ("/api/comments/pages/0/", "/api/comments/pages/99999999999/", "/api/comments/99999999999/upvote/"):
        response = api.get(url) if "pages" in url else api.post(url)
        assert response.status_code == 404 and response.json()["code"]


def test_the_api_answers_in_english(api, consultation, citizen):
    api.force_authenticate(citizen)
    response = api.post(page_url(consultation), {"text": " "}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["message"] == "Write your comment before sending it."
