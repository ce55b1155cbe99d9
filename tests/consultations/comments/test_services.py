"""The rules of comments (services.py): posting, replies one level deep, upvotes once, reports once, moderation with
its audit, one discussion for every language version, closing."""

import datetime

import pytest

from django.utils import timezone

from consultations.comments import services
from consultations.comments.models import Comment, CommentModeration, CommentReport, CommentUpvote
from tests.factories import CitizenFactory

from .factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_a_verified_citizen_posts_a_comment_stored_trimmed(consultation, citizen):
    comment = services.post_comment(consultation, citizen, "  Un parc avec des arbres.\r\nEt des bancs.  ")
    assert comment.page_id == consultation.pk
    assert comment.text == "Un parc avec des arbres.\nEt des bancs."
    assert comment.author == citizen
    assert comment.status == Comment.Status.VISIBLE


@pytest.mark.parametrize("text", ["", "   ", "\n\t \r\n", "\x00\x01"])
def test_an_empty_or_blank_comment_is_refused_with_a_message(consultation, citizen, text):
    with pytest.raises(services.CommentRefused) as refusal:
        services.post_comment(consultation, citizen, text)
    assert refusal.value.code == "empty"
    assert "Écrivez votre commentaire" in refusal.value.message
    assert not Comment.objects.exists()


def test_the_length_limit_is_2000_characters_with_a_clear_message(consultation, citizen):
    services.post_comment(consultation, citizen, "a" * 2000)
    with pytest.raises(services.CommentRefused) as refusal:
        services.post_comment(consultation, citizen, "a" * 2001)
    assert refusal.value.code == "too_long"
    assert "2001 caractères" in refusal.value.message and "2000 au plus" in refusal.value.message
    assert Comment.objects.count() == 1


def test_control_characters_are_dropped(consultation, citizen):
    comment = services.post_comment(consultation, citizen, "Bon\x00jour\x1b[31m !")
    assert comment.text == "Bonjour[31m !"


def test_anonymous_and_unverified_accounts_may_not_post(consultation, commune):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(services.CommentRefused) as anonymous:
        services.post_comment(consultation, AnonymousUser(), "Bonjour")
    assert anonymous.value.code == "login_required"
    unverified = CitizenFactory(verified_email=False, commune=commune)
    with pytest.raises(services.CommentRefused) as refusal:
        services.post_comment(consultation, unverified, "Bonjour")
    assert refusal.value.code == "email_unverified"
    assert not Comment.objects.exists()


def test_a_reply_to_a_reply_goes_under_the_top_level_comment(consultation, citizen, other_citizen):
    top = services.post_comment(consultation, citizen, "Premier avis")
    reply = services.post_comment(consultation, other_citizen, "Une réponse", parent_id=top.pk)
    deeper = services.post_comment(consultation, citizen, "Réponse à la réponse", parent_id=reply.pk)
    assert reply.parent == top
    assert deeper.parent == top


def test_a_reply_to_a_comment_of_another_page_is_refused(consultation, make_consultation, citizen):
    elsewhere = CommentFactory(page=make_consultation(title="Ailleurs", slug="ailleurs"))
    with pytest.raises(services.CommentRefused) as refusal:
        services.post_comment(consultation, citizen, "Réponse", parent_id=elsewhere.pk)
    assert refusal.value.code == "parent_not_found"


def test_a_hidden_comment_takes_no_reply(consultation, citizen, editor):
    top = CommentFactory(page=consultation)
    services.hide(top.pk, editor, "Injurieux")
    with pytest.raises(services.CommentRefused):
        services.post_comment(consultation, citizen, "Réponse", parent_id=top.pk)


def test_an_upvote_counts_once_per_account_and_can_be_taken_back(consultation, citizen, other_citizen):
    comment = CommentFactory(page=consultation, author=citizen)
    assert services.upvote(comment, other_citizen) is True
    assert services.upvote(comment, other_citizen) is False  # a double click
    comment.refresh_from_db()
    assert comment.upvotes_count == 1
    assert CommentUpvote.objects.count() == 1
    assert services.remove_upvote(comment, other_citizen) is True
    assert services.remove_upvote(comment, other_citizen) is False
    comment.refresh_from_db()
    assert comment.upvotes_count == 0


def test_nobody_upvotes_their_own_comment(consultation, citizen):
    comment = CommentFactory(page=consultation, author=citizen)
    with pytest.raises(services.CommentRefused) as refusal:
        services.upvote(comment, citizen)
    assert refusal.value.code == "own_comment"


def test_a_report_is_counted_once_per_account(consultation, citizen, other_citizen, commune):
    comment = CommentFactory(page=consultation, author=citizen)
    services.report(comment, other_citizen, "abuse", "Des insultes")
    with pytest.raises(services.CommentRefused) as refusal:
        services.report(comment, other_citizen, "spam")
    assert refusal.value.code == "already_reported" and refusal.value.status == 409
    services.report(comment, CitizenFactory(commune=commune), "spam")
    comment.refresh_from_db()
    assert comment.open_reports_count == 2
    assert CommentReport.objects.filter(comment=comment).count() == 2


def test_a_report_needs_a_known_reason_and_bounded_details(consultation, citizen, other_citizen):
    comment = CommentFactory(page=consultation, author=citizen)
    with pytest.raises(services.CommentRefused):
        services.report(comment, other_citizen, "because")
    with pytest.raises(services.CommentRefused):
        services.report(comment, other_citizen, "spam", "x" * 501)
    assert not CommentReport.objects.exists()


def test_hiding_needs_a_reason_closes_the_reports_and_is_logged(consultation, citizen, other_citizen, editor):
    comment = CommentFactory(page=consultation, author=citizen, text="Des insultes")
    services.report(comment, other_citizen, "abuse")
    with pytest.raises(services.CommentRefused) as refusal:
        services.hide(comment.pk, editor, "   ")
    assert refusal.value.code == "reason_required"
    assert not CommentModeration.objects.exists()
    services.hide(comment.pk, editor, "Propos injurieux")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN and comment.open_reports_count == 0
    assert not CommentReport.objects.filter(resolved_at__isnull=True).exists()
    entry = CommentModeration.objects.get()
    assert (entry.moderator, entry.action, entry.reason, entry.comment_excerpt) == (
        editor,
        "hide",
        "Propos injurieux",
        "Des insultes",
    )
    services.restore(comment.pk, editor, "Relu : c'était de l'ironie")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    assert list(CommentModeration.objects.values_list("action", flat=True)) == ["restore", "hide"]


def test_restoring_a_visible_comment_or_dismissing_nothing_is_refused(consultation, editor):
    comment = CommentFactory(page=consultation)
    with pytest.raises(services.CommentRefused):
        services.restore(comment.pk, editor, "rien")
    with pytest.raises(services.CommentRefused):
        services.dismiss_reports(comment.pk, editor)
    assert not CommentModeration.objects.exists()


def test_dismissing_reports_keeps_the_comment_and_logs(consultation, citizen, other_citizen, editor):
    comment = CommentFactory(page=consultation, author=citizen)
    services.report(comment, other_citizen, "off_topic")
    services.dismiss_reports(comment.pk, editor, "Dans le sujet")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE and comment.open_reports_count == 0
    assert CommentModeration.objects.get().action == "dismiss"


def test_a_failed_decision_writes_no_log(consultation, editor, monkeypatch):
    comment = CommentFactory(page=consultation)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_resolve_reports", broken)
    with pytest.raises(RuntimeError):
        services.hide(comment.pk, editor, "Motif")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    assert not CommentModeration.objects.exists()


def test_translations_share_one_discussion_stored_on_the_original(consultation, citizen):
    from wagtail.models import Locale

    english = Locale.objects.get_or_create(language_code="en")[0]
    translation = consultation.copy_for_translation(english, copy_parents=True)
    translation.save_revision().publish()
    comment = services.post_comment(translation, citizen, "Posted from the English page")
    assert comment.page_id == consultation.pk
    assert services.discussion_page(translation).pk == consultation.pk


def test_a_closed_consultation_stays_readable_but_takes_no_comment_or_upvote(make_consultation, citizen, other_citizen):
    closed = make_consultation(
        opens_at=timezone.now() - datetime.timedelta(days=10), closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    comment = CommentFactory(page=closed, author=other_citizen)
    with pytest.raises(services.CommentRefused) as refusal:
        services.post_comment(closed, citizen, "Trop tard ?")
    assert refusal.value.code == "closed" and "close" in refusal.value.message
    with pytest.raises(services.CommentRefused):
        services.upvote(comment, citizen)
    services.report(comment, citizen, "illegal")  # still reportable: unlawful content must be removable
    assert Comment.objects.count() == 1


def test_an_upcoming_consultation_takes_comments(make_consultation, citizen):
    upcoming = make_consultation(
        opens_at=timezone.now() + datetime.timedelta(days=3), closes_at=timezone.now() + datetime.timedelta(days=9)
    )
    assert services.post_comment(upcoming, citizen, "Hâte de voter").pk


def test_other_pages_take_comments_only_once_enabled(news_page, citizen, enable_comments):
    with pytest.raises(services.CommentRefused) as refusal:
        services.post_comment(news_page, citizen, "Bonjour")
    assert refusal.value.code == "comments_disabled"
    enable_comments(news_page)
    assert services.post_comment(news_page, citizen, "Bonjour").page_id == news_page.pk
    enable_comments(news_page, enabled=False)
    assert not services.comments_enabled(news_page)
