"""Editing an issue in the admin: the preview modes, the themes' check boxes, the test send, the web version."""

import pytest

from django.core import mail
from django.urls import reverse

from newsletters import rendering
from newsletters.admin_views import TEST_SENDS
from newsletters.models import Delivery, NewsletterIssuePage
from newsletters.page_forms import NewsletterIssuePageForm
from tests.factories import UserFactory

from .conftest import paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(username="redactrice", email="redactrice@example.org", is_superuser=True, is_staff=True)


def test_issue_has_the_three_preview_modes(space, make_issue, superuser, client):
    issue = make_issue(body=[paragraph("<p>Le contenu du numéro</p>")], title="Numéro d'avril")
    assert [mode for mode, _label in issue.preview_modes] == ["", "email_html", "email_text"]

    client.force_login(superuser)
    for mode in ("", "email_html", "email_text"):
        response = client.get(reverse("wagtailadmin_pages:view_draft", args=[issue.pk]) + f"?mode={mode}")
        assert response.status_code == 200, mode
    html = issue.serve_preview(None, "email_html")
    assert b"Le contenu du numro" not in html.content and "Le contenu du numéro".encode() in html.content
    text = issue.serve_preview(None, "email_text")
    assert text["Content-Type"].startswith("text/plain") and "Le contenu du numéro" in text.content.decode()


def test_themes_are_check_boxes_of_the_platform_themes(space, newsletter):
    form_class = NewsletterIssuePage.get_edit_handler().get_form_class()
    assert issubclass(form_class, NewsletterIssuePageForm)
    widget = form_class.base_fields["themes"].widget
    assert widget.input_type == "checkbox"

    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        form_class.base_fields["themes"].clean(["pas-un-theme"])
    assert "n'est pas un thème" in refused.value.messages[0]


def test_themes_are_saved_once_each_in_the_themes_order(space, newsletter):
    from cms.choices import PublicPolicyTheme

    first, second = PublicPolicyTheme.values[0], PublicPolicyTheme.values[1]
    form = NewsletterIssuePageForm.__new__(NewsletterIssuePageForm)
    form.cleaned_data = {"themes": [second, first, second]}
    assert form.clean_themes() == [first, second]


def test_test_send_sends_the_latest_revision_to_the_editor_only(space, make_issue, superuser, client):
    issue = make_issue(title="Publié")
    issue.title = "Brouillon du numéro"
    issue.save_revision()
    client.force_login(superuser)

    response = client.post(reverse("newsletters_test_send", args=[issue.pk]), {"language": "fr"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["redactrice@example.org"]
    assert message.subject == "[Test] Brouillon du numéro"
    assert rendering.UNSUBSCRIBE_URL not in message.body
    assert message.alternatives[0][1] == "text/html"
    assert Delivery.objects.count() == 0


def test_test_send_is_refused_to_who_may_not_edit_the_issue(space, make_issue, client):
    from django.contrib.auth.models import Permission

    issue = make_issue()
    user = UserFactory(username="curieux", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response = client.post(reverse("newsletters_test_send", args=[issue.pk]), {"language": "fr"})
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/login/" not in response.get("Location", "")
    assert mail.outbox == []


def test_test_sends_are_limited(space, make_issue, superuser, client):
    issue = make_issue()
    client.force_login(superuser)
    url = reverse("newsletters_test_send", args=[issue.pk])
    for _ in range(TEST_SENDS.per_session):
        client.post(url, {"language": "fr"})
    assert len(mail.outbox) == TEST_SENDS.per_session

    response = client.post(url, {"language": "fr"}, follow=True)
    assert len(mail.outbox) == TEST_SENDS.per_session
    assert "envois de test en une heure" in response.content.decode()


def test_web_version_of_a_sent_issue_is_what_was_sent_without_recipient_links(space, make_issue, client):
    issue = make_issue(body=[paragraph("<p>Texte d'origine</p>")], title="Numéro envoyé")
    rendering.freeze(issue, "fr")
    issue.body = [("paragraph", "<p>Texte changé après l'envoi</p>")]
    issue.save()

    response = client.get(issue.url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Texte d'origine" in content and "Texte changé après l'envoi" not in content
    assert "AIMPACT_UNSUBSCRIBE_URL" not in content and "AIMPACT_PREFERENCES_URL" not in content
    assert '<main id="contenu"' in content


def test_web_version_of_an_issue_not_sent_yet_is_readable(space, make_issue, client):
    issue = make_issue(body=[paragraph("<p>Bientôt envoyé</p>")])
    response = client.get(issue.url)
    assert response.status_code == 200
    assert "Bientôt envoyé" in response.content.decode()
    assert "pas encore été envoyé" in response.content.decode()
