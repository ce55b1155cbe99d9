"""What the comments keep about a person: in the GDPR download, and erased at account deletion without breaking
the replies others wrote."""

import pytest

from cms.accounts.personal_data import delete_account, export_personal_data
from consultations.comments import services
from consultations.comments.models import Comment, CommentModeration, CommentReport, CommentUpvote

from .factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_the_download_holds_comments_upvotes_and_reports(consultation, citizen, other_citizen, editor):
    mine = services.post_comment(consultation, citizen, "Mon avis")
    hidden = services.post_comment(consultation, citizen, "Un avis masqué")
    services.hide(hidden.pk, editor, "Hors charte")
    theirs = CommentFactory(page=consultation, author=other_citizen)
    services.upvote(theirs, citizen)
    services.report(theirs, citizen, "spam", "Lien publicitaire")
    data = export_personal_data(citizen)["citizen_comments"]
    assert {(c["id"], c["text"], c["status"]) for c in data["comments"]} == {
        (mine.pk, "Mon avis", "visible"),
        (hidden.pk, "Un avis masqué", "hidden"),
    }
    assert data["upvotes_given"] == 1
    assert data["reports"] == [
        {
            "comment_id": theirs.pk,
            "reason": "spam",
            "details": "Lien publicitaire",
            "reported_at": data["reports"][0]["reported_at"],
            "handled_at": None,
        }
    ]
    assert "Mon avis" not in str(export_personal_data(other_citizen)["citizen_comments"]["comments"])


def test_deleting_the_account_erases_the_text_and_keeps_the_replies_of_others(
    consultation, citizen, other_citizen, commune
):
    from tests.factories import CitizenFactory

    answered = services.post_comment(consultation, citizen, "Avis avec réponse")
    reply = services.post_comment(consultation, other_citizen, "Ma réponse", parent_id=answered.pk)
    alone = services.post_comment(consultation, citizen, "Avis sans réponse")
    my_reply = services.post_comment(consultation, citizen, "Je réponds aussi", parent_id=answered.pk)
    theirs = services.post_comment(consultation, other_citizen, "Leur avis")
    services.upvote(theirs, citizen)
    services.upvote(theirs, CitizenFactory(commune=commune))
    services.report(theirs, citizen, "off_topic")
    services.upvote(answered, other_citizen)
    services.report(answered, other_citizen, "abuse")

    delete_account(citizen)

    answered.refresh_from_db()
    assert (answered.text, answered.status, answered.author_id) == ("", "deleted", None)
    assert answered.open_reports_count == 0
    assert not Comment.objects.filter(pk__in=[alone.pk, my_reply.pk]).exists()
    assert Comment.objects.get(pk=reply.pk).parent_id == answered.pk
    theirs.refresh_from_db()
    assert theirs.upvotes_count == 1 and CommentUpvote.objects.filter(comment=theirs).count() == 1
    assert CommentReport.objects.get(comment=theirs).reporter is None
    assert not Comment.objects.filter(text__contains="Avis avec réponse").exists()


def test_an_erased_comment_shows_as_such_and_its_replies_stay(client, consultation, citizen, other_citizen):
    answered = services.post_comment(consultation, citizen, "Texte effacé")
    services.post_comment(consultation, other_citizen, "La réponse reste", parent_id=answered.pk)
    delete_account(citizen)
    content = client.get(consultation.url).content.decode()
    assert "Commentaire supprimé par son auteur" in content
    assert "Texte effacé" not in content and "La réponse reste" in content


def test_the_constraint_refuses_an_empty_text_unless_erased(consultation, citizen):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(page=consultation, author=citizen, text="")
    Comment.objects.create(page=consultation, text="", status="deleted")


def test_the_moderation_log_keeps_its_record_after_the_author_goes(consultation, citizen, editor):
    comment = services.post_comment(consultation, citizen, "Propos retirés")
    services.hide(comment.pk, editor, "Injures")
    delete_account(citizen)
    assert CommentModeration.objects.get().reason == "Injures"


def test_the_demo_comments_load_once(tmp_path):
    from django.core.management import call_command

    call_command("load_demo", credentials_file=str(tmp_path / "credentials.txt"), skip_index=True, verbosity=0)
    count = Comment.objects.count()
    assert count >= 10
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert all(c.upvotes_count == c.upvotes.count() for c in Comment.objects.all())
    call_command("load_demo", credentials_file=str(tmp_path / "credentials.txt"), skip_index=True, verbosity=0)
    assert Comment.objects.count() == count
