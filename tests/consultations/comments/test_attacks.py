"""An auditor's attacks on the citizens' comments (issue 11): each test failed before its fix."""

import pytest

from django.urls import reverse

from consultations.comments.models import Comment

from .factories import CommentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security]


@pytest.mark.parametrize("parent", ["²", "1²", "①"])
def test_a_reply_to_a_unicode_digit_parent_is_refused_and_the_page_still_renders(client, consultation, citizen, parent):
    # « ² » passes str.isdigit() but int() raises: the refused form's state came back as a 500 on the page.
    CommentFactory(page=consultation)
    client.force_login(citizen)
    url = reverse("citizen_comments_post", args=[consultation.pk])
    response = client.post(url, {"text": "Une réponse", "parent": parent, "next": consultation.url})
    assert response.status_code == 302
    page = client.get(consultation.url)
    assert page.status_code == 200
    assert Comment.objects.count() == 1
