"""The discussion panel at the end of pages (`page_end`) and its plain-POST forms under /commentaires/."""

import re

import pytest

from django.urls import reverse

from wagtail.models import PageViewRestriction

from consultations.comments import services
from consultations.comments.models import Comment, CommentReport, CommentUpvote
from tests.factories import CollectiviteSpaceFactory, NewsIndexPageFactory, NewsPageFactory

from .factories import CommentFactory

pytestmark = pytest.mark.django_db


def post_url(page):
    return reverse("citizen_comments_post", args=[page.pk])


def html(client, page, query=""):
    response = client.get(page.url + query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_consultation_shows_its_discussion_with_the_count(client, consultation):
    CommentFactory(page=consultation, text="Des arbres, enfin !")
    content = html(client, consultation)
    assert 'id="commentaires"' in content
    assert "Discussion : 1 commentaire" in content
    assert "Des arbres, enfin !" in content
    assert "Connectez-vous" in content  # anonymous: no form, an invitation to log in
    assert 'name="text"' not in content


def test_a_news_page_shows_a_discussion_only_once_its_editor_turned_it_on(client, news_page, enable_comments):
    assert 'id="commentaires"' not in html(client, news_page)
    enable_comments(news_page)
    CommentFactory(page=news_page, text="Quelle belle fête")
    assert "Quelle belle fête" in html(client, news_page)
    enable_comments(news_page, enabled=False)
    assert "Quelle belle fête" not in html(client, news_page)


def test_a_citizen_posts_and_is_sent_back_to_the_comment(client, consultation, citizen):
    client.force_login(citizen)
    assert 'name="text"' in html(client, consultation)
    response = client.post(
        post_url(consultation), {"text": "Des bancs, svp", "next": consultation.url + "?tri=soutenus"}
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{consultation.url}?tri=soutenus#commentaire-{comment.pk}"
    content = html(client, consultation)
    assert "Des bancs, svp" in content
    assert "Votre commentaire est publié." in content


def test_a_refused_comment_comes_back_with_its_message_and_text(client, consultation, citizen):
    client.force_login(citizen)
    response = client.post(post_url(consultation), {"text": "x" * 2001, "next": consultation.url})
    assert response["Location"] == consultation.url + "#commenter"
    content = html(client, consultation)
    assert "2001 caractères" in content
    assert 'aria-describedby="commentaire-texte-aide commentaire-texte-erreur"' in content
    assert "x" * 2001 in content  # the text as typed, to fix
    assert "2001 caractères" not in html(client, consultation)  # shown once
    assert not Comment.objects.exists()


def test_the_next_address_never_leaves_the_site(client, consultation, citizen):
    client.force_login(citizen)
    response = client.post(post_url(consultation), {"text": "Bonjour", "next": "https://evil.example/"})
    assert response["Location"].startswith(consultation.url)


def test_anonymous_posting_goes_to_the_login(client, consultation):
    response = client.post(post_url(consultation), {"text": "Bonjour"})
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert not Comment.objects.exists()


def test_replies_upvotes_and_reports_through_the_forms(client, consultation, citizen, other_citizen):
    top = CommentFactory(page=consultation, author=other_citizen, text="Premier")
    client.force_login(citizen)
    client.post(post_url(consultation), {"text": "Je réponds", "parent": top.pk, "next": consultation.url})
    assert Comment.objects.get(text="Je réponds").parent == top
    upvote = reverse("citizen_comments_upvote", args=[top.pk])
    client.post(upvote, {"next": consultation.url})
    client.post(upvote, {"next": consultation.url})  # double submit
    top.refresh_from_db()
    assert top.upvotes_count == 1
    assert "Retirer mon soutien" in html(client, consultation)
    client.post(upvote, {"action": "retirer", "next": consultation.url})
    top.refresh_from_db()
    assert top.upvotes_count == 0 and not CommentUpvote.objects.exists()
    report = reverse("citizen_comments_report", args=[top.pk])
    form = client.get(report + "?next=" + consultation.url)
    assert form.status_code == 200 and "Pourquoi signalez-vous" in form.content.decode()
    refused = client.post(report, {"details": "?"})
    assert refused.status_code == 400 and "Choisissez le motif" in refused.content.decode()
    done = client.post(report, {"reason": "spam", "details": "Pub", "next": consultation.url})
    assert done.status_code == 302 and done["Location"] == f"{consultation.url}#commentaire-{top.pk}"
    again = client.post(report, {"reason": "abuse", "next": consultation.url})
    assert again.status_code == 302
    assert CommentReport.objects.get().reason == "spam"


def test_sorting_by_support_and_pagination_in_the_database(client, consultation):
    quiet = CommentFactory(page=consultation, text="Peu soutenu")
    Comment.objects.filter(pk=quiet.pk).update(upvotes_count=1)
    CommentFactory(page=consultation, text="Plus récent")
    loud = CommentFactory(page=consultation, text="Très soutenu")
    Comment.objects.filter(pk=loud.pk).update(upvotes_count=9)
    newest = html(client, consultation, "?tri=recents")
    assert newest.index("Très soutenu") < newest.index("Plus récent") < newest.index("Peu soutenu")
    supported = html(client, consultation, "?tri=soutenus")
    assert supported.index("Très soutenu") < supported.index("Peu soutenu") < supported.index("Plus récent")
    CommentFactory.create_batch(services.PAGE_SIZE, page=consultation)
    first = html(client, consultation)
    assert "Page 1 sur 2" in first and "Peu soutenu" not in first
    assert "Peu soutenu" in html(client, consultation, "?commentaires=2")
    assert "Peu soutenu" in html(client, consultation, "?commentaires=junk&tri=soutenus")


def test_a_hidden_comment_shows_a_placeholder_without_its_text_and_keeps_its_replies(client, consultation, editor):
    top = CommentFactory(page=consultation, text="Texte injurieux à masquer")
    CommentFactory(page=consultation, parent=top, text="Une réponse correcte")
    services.hide(top.pk, editor, "Injures")
    content = html(client, consultation)
    assert "Commentaire masqué par la modération" in content
    assert "Texte injurieux à masquer" not in content
    assert "Une réponse correcte" in content


XSS = [
    '<script>alert("xss")</script>',
    '<img src=x onerror="alert(1)">',
    "javascript:alert(document.cookie)",
    '"><svg onload=alert(1)>',
    'http://example.org/" onmouseover="alert(1)',
    "https://example.org/<script>alert(1)</script>",
    "<a href=\"javascript:alert(1)\" onclick='alert(2)'>clic</a>",
    "{{ request.user }} {% debug %}",
]


@pytest.mark.security
@pytest.mark.parametrize("payload", XSS)
def test_xss_payloads_render_inert(client, consultation, citizen, payload):
    client.force_login(citizen)
    client.post(post_url(consultation), {"text": f"Avant {payload} après", "next": consultation.url})
    assert Comment.objects.count() == 1
    content = html(client, consultation)
    section = content[content.index('id="commentaires"') :]
    assert "<script>alert" not in section
    assert "<svg" not in section and "<img" not in section
    assert not re.search(r"<[^>]+\son\w+\s*=", section.split("</section>")[0])
    assert 'href="javascript:' not in section
    assert "{% debug %}" in section or "{% debug %}" not in payload


def test_links_are_clickable_and_marked_nofollow_ugc(client, consultation):
    CommentFactory(page=consultation, text="Voir https://example.org/plan?a=1&b=2\net www.example.org")
    content = html(client, consultation)
    assert '<a href="https://example.org/plan?a=1&amp;b=2" rel="nofollow ugc">' in content
    assert 'rel="nofollow ugc">www.example.org</a>' in content
    assert "b=2</a><br>et" in content


@pytest.mark.security
def test_a_page_behind_a_password_lists_no_comment_and_takes_none(client, consultation, citizen):
    CommentFactory(page=consultation, text="Réservé aux habitants")
    PageViewRestriction.objects.create(page=consultation, restriction_type="password", password="CODE2026")
    client.force_login(citizen)
    page = client.get(consultation.url)
    assert "Réservé aux habitants" not in page.content.decode()
    assert client.post(post_url(consultation), {"text": "Intrus"}).status_code == 404
    comment = Comment.objects.get()
    assert client.post(reverse("citizen_comments_upvote", args=[comment.pk])).status_code == 404
    assert client.get(reverse("citizen_comments_report", args=[comment.pk])).status_code == 404
    assert Comment.objects.count() == 1


@pytest.mark.security
def test_a_space_access_code_guards_the_discussion(client, home, citizen):
    space = CollectiviteSpaceFactory(parent=home, title="Ville réservée", slug="reservee", access_code="SOLEIL2026")
    page = NewsPageFactory(parent=NewsIndexPageFactory(parent=space), title="Réunion")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    space.save_revision().publish()  # the space's code replaces the restriction's password
    from consultations.comments.models import CommentSettings

    CommentSettings.objects.create(page=page, enabled=True)
    client.force_login(citizen)
    assert client.post(post_url(page), {"text": "Sans le code"}).status_code == 404
    space.refresh_from_db()
    client.post(space.specific.access_code_url(), {"code": "SOLEIL2026"})
    response = client.post(post_url(page), {"text": "Avec le code", "next": page.url})
    assert response.status_code == 302
    assert Comment.objects.get().text == "Avec le code"


@pytest.mark.security
def test_a_draft_takes_no_comment(client, consultation, citizen):
    consultation.unpublish()
    client.force_login(citizen)
    assert client.post(post_url(consultation), {"text": "Brouillon"}).status_code == 404
    assert not Comment.objects.exists()


def test_a_closed_consultation_shows_its_discussion_without_the_form(client, make_consultation, citizen):
    import datetime

    from django.utils import timezone

    closed = make_consultation(
        opens_at=timezone.now() - datetime.timedelta(days=9), closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    CommentFactory(page=closed, text="Dit avant la clôture")
    client.force_login(citizen)
    content = html(client, closed)
    assert "Dit avant la clôture" in content
    assert "La consultation est close" in content
    assert 'name="text"' not in content


def test_the_username_is_never_shown(client, consultation, citizen):
    citizen.first_name, citizen.last_name = "", ""
    citizen.save()
    CommentFactory(page=consultation, author=citizen)
    content = html(client, consultation)
    assert citizen.username not in content
    assert "Citoyen ou citoyenne" in content


@pytest.mark.security
def test_the_report_form_of_a_hidden_comment_does_not_show_its_text(client, consultation, citizen, editor):
    comment = CommentFactory(page=consultation, text="Texte masqué par la modération")
    services.hide(comment.pk, editor, "Injures")
    client.force_login(citizen)
    response = client.get(reverse("citizen_comments_report", args=[comment.pk]))
    assert response.status_code == 404
    assert "Texte masqué" not in response.content.decode()
