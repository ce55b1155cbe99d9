"""Moderation in the admin: « Commentaires signalés », one comment's decisions, the log; who may moderate what (a
space's editors only their space's comments); the page button that turns comments on."""

import pytest

from django.contrib.auth.models import Permission
from django.urls import reverse

from consultations.comments import services
from consultations.comments.models import Comment, CommentModeration, CommentSettings
from tests.factories import (
    CollectiviteSpaceFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    UserFactory,
)

from .factories import CommentFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("citizen_comments_admin_reported")
LOG = reverse("citizen_comments_admin_log")


def detail(comment):
    return reverse("citizen_comments_admin_comment", args=[comment.pk])


@pytest.fixture
def other_space_comment(home):
    other = CollectiviteSpaceFactory(parent=home, title="Autre Ville", slug="autre-ville")
    page = ConsultationPageFactory(parent=ConsultationIndexPageFactory(parent=other), title="Le pont")
    return CommentFactory(page=page, text="Commentaire du pont voisin")


@pytest.fixture
def reported(consultation, citizen, other_citizen):
    comment = CommentFactory(page=consultation, author=citizen, text="Un commentaire signalé")
    services.report(comment, other_citizen, "abuse", "Insultant")
    return comment


def test_the_editor_sees_reported_comments_of_their_space_first(client, editor, consultation, reported):
    CommentFactory(page=consultation, text="Un commentaire tranquille")
    client.force_login(editor)
    content = client.get(QUEUE).content.decode()
    assert "Un commentaire signalé" in content
    assert "Un commentaire tranquille" not in content  # the default filter: reported
    everything = client.get(QUEUE + "?etat=tous").content.decode()
    assert everything.index("Un commentaire signalé") < everything.index("Un commentaire tranquille")
    assert QUEUE in client.get(reverse("wagtailadmin_home")).content.decode()  # the menu item


def test_hide_needs_a_reason_then_restore_and_the_log(client, editor, reported):
    client.force_login(editor)
    refused = client.post(detail(reported), {"action": "hide", "reason": ""})
    assert refused.status_code == 400 and "Indiquez le motif" in refused.content.decode()
    assert Comment.objects.get(pk=reported.pk).status == "visible"
    client.post(detail(reported), {"action": "hide", "reason": "Propos injurieux"})
    reported.refresh_from_db()
    assert reported.status == "hidden" and reported.open_reports_count == 0
    client.post(detail(reported), {"action": "restore", "reason": "Erreur de ma part"})
    assert Comment.objects.get(pk=reported.pk).status == "visible"
    page = client.get(detail(reported)).content.decode()
    assert "Propos injurieux" in page and "Erreur de ma part" in page
    log = client.get(LOG).content.decode()
    assert "Propos injurieux" in log and "editrice" in log
    assert [e.action for e in CommentModeration.objects.order_by("pk")] == ["hide", "restore"]


def test_dismissing_reports(client, editor, reported):
    client.force_login(editor)
    client.post(detail(reported), {"action": "dismiss", "reason": ""})
    reported.refresh_from_db()
    assert reported.status == "visible" and reported.open_reports_count == 0
    assert CommentModeration.objects.get().action == "dismiss"


@pytest.mark.security
def test_an_editor_of_another_space_sees_nothing_and_may_do_nothing(client, editor, other_space_comment, reported):
    services.report(other_space_comment, reported.author, "spam")
    client.force_login(editor)
    assert client.get(detail(other_space_comment)).status_code == 404
    response = client.post(detail(other_space_comment), {"action": "hide", "reason": "Je peux ?"})
    assert response.status_code == 404
    assert Comment.objects.get(pk=other_space_comment.pk).status == "visible"
    for state in ("signales", "tous", "visibles"):
        assert "Commentaire du pont voisin" not in client.get(QUEUE + f"?etat={state}").content.decode()
    services.hide(other_space_comment.pk, None, "Décision nationale")
    assert "Décision nationale" not in client.get(LOG).content.decode()


@pytest.mark.security
def test_the_moderators_permission_reaches_every_space(client, other_space_comment, reported):
    moderator = UserFactory(username="moderatrice")
    moderator.user_permissions.add(
        Permission.objects.get(codename="moderate_comment"), Permission.objects.get(codename="access_admin")
    )
    client.force_login(moderator)
    content = client.get(QUEUE + "?etat=tous").content.decode()
    assert "Commentaire du pont voisin" in content and "Un commentaire signalé" in content
    client.post(detail(other_space_comment), {"action": "hide", "reason": "Spam"})
    assert Comment.objects.get(pk=other_space_comment.pk).status == "hidden"


@pytest.mark.security
def test_a_citizen_and_a_national_editor_without_the_permission_may_not_moderate(client, citizen, reported):
    client.force_login(citizen)
    assert client.get(detail(reported)).status_code in (302, 403)
    national = UserFactory(username="national")
    national.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(national)
    assert QUEUE not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(QUEUE).status_code == 404
    assert client.get(detail(reported)).status_code == 404


def test_the_page_button_turns_comments_on_and_off(client, editor, news_page):
    client.force_login(editor)
    url = reverse("citizen_comments_admin_settings", args=[news_page.pk])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[news_page.pk])).content.decode()
    assert url in edit
    assert "Ouvrir les commentaires" in client.get(url).content.decode()
    client.post(url, {"enabled": "1"})
    assert CommentSettings.objects.get(page=news_page).enabled
    client.post(url, {"enabled": "0"})
    assert not CommentSettings.objects.get(page=news_page).enabled


def test_a_consultation_has_no_such_button(client, editor, consultation):
    client.force_login(editor)
    url = reverse("citizen_comments_admin_settings", args=[consultation.pk])
    assert client.get(url).status_code == 404


@pytest.mark.security
def test_an_editor_of_another_space_may_not_turn_comments_on(client, editor, home):
    from tests.factories import NewsIndexPageFactory, NewsPageFactory

    other = CollectiviteSpaceFactory(parent=home, title="Autre Ville", slug="autre-ville")
    page = NewsPageFactory(parent=NewsIndexPageFactory(parent=other))
    client.force_login(editor)
    url = reverse("citizen_comments_admin_settings", args=[page.pk])
    assert client.get(url).status_code in (302, 403, 404)  # Wagtail answers PermissionDenied with a redirect
    assert "Ouvrir les commentaires" not in client.get(url, follow=True).content.decode()
    assert client.post(url, {"enabled": "1"}).status_code in (302, 403, 404)
    assert not CommentSettings.objects.exists()
