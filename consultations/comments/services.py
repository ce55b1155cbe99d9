"""What citizens and moderators do with comments: the one place for the rules, used by the web views and the API.

- **One discussion per page**, shared by its language versions: comments are stored on the page's original version
  (the first created of its `translation_key`, like a consultation's ballot box) and shown on every translation.
- **Where comments are**: on every live consultation, and on any other page whose editor turned them on
  (`CommentSettings`, kept on the original version). A page the visitor may not view (a draft, view restrictions,
  a space's access code) takes no comment and lists none.
- **When**: a consultation's discussion is open until the consultation closes; it then stays readable (what was said
  explains the results, and the cahier de doléances highlights comments) but takes no new comment, reply or upvote
  (the support shown is frozen with the vote). Reports and moderation go on: unlawful content must still be
  reportable and removable after closing.
- **Who**: a logged-in citizen with a verified address posts, replies, upvotes (once per comment, not their own) and
  reports (once per comment). Posting is limited per account (`limits.py`).
- **Moderators** hide (with a reason) and restore (with a reason) a comment and dismiss its reports; each decision is
  written to `CommentModeration` in the same transaction as the change.

Comments carry nothing of their authors' votes: no participation is read here, and the listing orders by date or
support only.
"""

import unicodedata
from dataclasses import dataclass

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page

from .limits import PostingLimited, count_post
from .models import (
    COMMENT_MAX_LENGTH,
    Comment,
    CommentModeration,
    CommentReport,
    CommentSettings,
    CommentUpvote,
)

PAGE_SIZE = 20
REPORT_DETAILS_MAX_LENGTH = 500
SORTS = {
    "recents": ("-created_at", "-pk"),
    "soutenus": ("-upvotes_count", "-created_at", "-pk"),
}
API_SORTS = {"newest": "recents", "support": "soutenus"}


class CommentRefused(Exception):
    """A refusal with its message for the citizen, a code for the API and the HTTP status it stands for."""

    def __init__(self, code, message, status=400, field=None):
        super().__init__(code, message)
        self.code, self.message, self.status, self.field = code, message, status, field


__all__ = ["CommentRefused", "PostingLimited"]


# -- the discussion of a page --------------------------------------------------------------------------------------


def discussion_page(page):
    """The version of the page the discussion is stored on: the first created of its language versions."""
    first = Page.objects.filter(translation_key=page.translation_key).order_by("pk").first()
    return first if first is not None else page


def _consultation_model():
    return apps.get_model("consultations", "ConsultationPage")


def is_consultation(page):
    return issubclass(page.specific_class or Page, _consultation_model())


def comments_enabled(page):
    """Whether the page has a discussion: every consultation, and other pages whose editor turned it on."""
    if is_consultation(page):
        return True
    original = Page.objects.filter(translation_key=page.translation_key).order_by("pk").values("pk")[:1]
    return CommentSettings.objects.filter(page_id=original, enabled=True).exists()  # one query: discussion_page()


def may_view(page, request):
    """Whether the visitor may read the page: live, and every view restriction (its own and its ancestors') passed
    (a password or a space's access code opened in this session, a login, a group)."""
    if page is None or not page.live:
        return False
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def readable_version(page, request):
    """A live language version of the discussion's page that the visitor may read (theirs first), else None."""
    versions = Page.objects.filter(translation_key=page.translation_key, live=True).order_by("pk")
    return next((version for version in versions if may_view(version, request)), None)


def posting_closed_message(page):
    """Why the page's discussion takes no new comment now, or None while it is open."""
    specific = page.specific
    if isinstance(specific, _consultation_model()) and specific.is_closed:
        return _("La consultation est close : la discussion reste lisible mais ne reçoit plus de commentaire.")
    return None


def author_name(user):
    """How an author is shown: first name and initial (the username would tell the start of their address)."""
    if user is None:
        return _("Compte supprimé")
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if first:
        return f"{first} {last[:1]}." if last else first
    return _("Citoyen ou citoyenne")


# -- checks --------------------------------------------------------------------------------------------------------


def _email_verified(user):
    known = getattr(user, "email_verified", None)  # the API's token authentication says it without a query
    if known is not None:
        return bool(known)
    from allauth.account.models import EmailAddress

    return bool(user.email) and EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def check_citizen(user):
    if user is None or not user.is_authenticated:
        raise CommentRefused("login_required", _("Connectez-vous pour participer à la discussion."), status=403)
    if not user.is_active or not _email_verified(user):
        raise CommentRefused(
            "email_unverified",
            _("Confirmez votre adresse e-mail (lien reçu à l'inscription) pour participer à la discussion."),
            status=403,
        )


def clean_text(text):
    """The comment's text as stored: line endings made \\n, invisible control characters dropped, trimmed; a clear
    refusal when nothing is left or when it is too long."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(
        char for char in text if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cs", "Co", "Cn")
    )
    text = text.strip()
    if not text:
        raise CommentRefused("empty", _("Écrivez votre commentaire avant de l'envoyer."), field="text")
    if len(text) > COMMENT_MAX_LENGTH:
        raise CommentRefused(
            "too_long",
            _("Votre commentaire fait %(length)d caractères : %(max)d au plus.")
            % {"length": len(text), "max": COMMENT_MAX_LENGTH},
            field="text",
        )
    return text


def _check_open(page):
    message = posting_closed_message(page)
    if message:
        raise CommentRefused("closed", message, status=403)


# -- citizens ------------------------------------------------------------------------------------------------------


def post_comment(page, user, text, parent_id=None):
    """Post a comment (or a reply to `parent_id`) on the discussion of `page` (any language version, already checked
    readable by the caller). A reply to a reply goes under its top-level comment: one level only."""
    check_citizen(user)
    original = discussion_page(page)
    if not comments_enabled(original):
        raise CommentRefused("comments_disabled", _("Cette page n'accepte pas de commentaire."), status=404)
    _check_open(original)
    text = clean_text(text)
    parent = None
    if parent_id not in (None, ""):
        try:
            parent_id = int(parent_id)
        except (TypeError, ValueError):
            parent_id = None
        parent = Comment.objects.filter(pk=parent_id, page_id=original.pk).first() if parent_id else None
        if parent is None:
            raise CommentRefused(
                "parent_not_found", _("Le commentaire auquel vous répondez n'existe pas."), field="parent"
            )
        if parent.parent_id is not None:
            parent = Comment.objects.get(pk=parent.parent_id)
        if not parent.shows_text:
            raise CommentRefused(
                "parent_unavailable", _("Ce commentaire ne reçoit plus de réponse."), status=403, field="parent"
            )
    with transaction.atomic():
        count_post(user)  # raises PostingLimited (the count goes back with the transaction)
        return Comment.objects.create(page_id=original.pk, parent=parent, author=user, text=text)


def _comment_for_citizen(comment):
    if comment.status != Comment.Status.VISIBLE:
        raise CommentRefused("unavailable", _("Ce commentaire n'est plus visible."), status=403)


def upvote(comment, user):
    """Support a comment, once per account; True when counted now, False when it already was."""
    check_citizen(user)
    _comment_for_citizen(comment)
    if comment.author_id == user.pk:
        raise CommentRefused("own_comment", _("Vous ne pouvez pas soutenir votre propre commentaire."), status=403)
    _check_open(comment.page)
    try:
        with transaction.atomic():
            CommentUpvote.objects.create(comment=comment, user=user)
            Comment.objects.filter(pk=comment.pk).update(upvotes_count=F("upvotes_count") + 1)
    except IntegrityError:
        return False  # already supported (a double click, a second tab): counted once
    return True


def remove_upvote(comment, user):
    """Take back one's support; True when there was one."""
    check_citizen(user)
    _check_open(comment.page)
    with transaction.atomic():
        deleted, _kinds = CommentUpvote.objects.filter(comment=comment, user=user).delete()
        if deleted:
            Comment.objects.filter(pk=comment.pk, upvotes_count__gt=0).update(upvotes_count=F("upvotes_count") - 1)
    return bool(deleted)


def report(comment, user, reason, details=""):
    """Report a comment to the moderators, once per account (a second report is refused)."""
    check_citizen(user)
    _comment_for_citizen(comment)
    if comment.author_id == user.pk:
        raise CommentRefused("own_comment", _("Vous ne pouvez pas signaler votre propre commentaire."), status=403)
    if reason not in CommentReport.Reason.values:
        raise CommentRefused("invalid_reason", _("Choisissez le motif du signalement."), field="reason")
    details = " ".join((details or "").split())
    if len(details) > REPORT_DETAILS_MAX_LENGTH:
        raise CommentRefused(
            "too_long",
            _("Les précisions font %(length)d caractères : %(max)d au plus.")
            % {"length": len(details), "max": REPORT_DETAILS_MAX_LENGTH},
            field="details",
        )
    try:
        with transaction.atomic():
            created = CommentReport.objects.create(comment=comment, reporter=user, reason=reason, details=details)
            Comment.objects.filter(pk=comment.pk).update(open_reports_count=F("open_reports_count") + 1)
    except IntegrityError:
        raise CommentRefused(
            "already_reported", _("Vous avez déjà signalé ce commentaire : les modérateurs vont l'examiner."), 409
        ) from None
    return created


# -- moderators ----------------------------------------------------------------------------------------------------


def _log(comment, moderator, action, reason):
    return CommentModeration.objects.create(
        comment=comment,
        comment_excerpt=comment.text[:200],
        moderator=moderator,
        action=action,
        reason=reason,
    )


def _resolve_reports(comment):
    CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=timezone.now())
    Comment.objects.filter(pk=comment.pk).update(open_reports_count=0)


def _required_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise CommentRefused("reason_required", _("Indiquez le motif de votre décision."), field="reason")
    if len(reason) > 1000:
        raise CommentRefused("too_long", _("Le motif fait 1000 caractères au plus."), field="reason")
    return reason


def hide(comment_id, moderator, reason):
    """Hide a comment (its text is no longer shown; its replies stay) and close its reports, with the reason."""
    reason = _required_reason(reason)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment_id)
        if comment.status != Comment.Status.VISIBLE:
            raise CommentRefused("not_visible", _("Ce commentaire n'est pas visible : rien à masquer."), 409)
        comment.status = Comment.Status.HIDDEN
        comment.save(update_fields=["status"])
        _resolve_reports(comment)
        return _log(comment, moderator, CommentModeration.Action.HIDE, reason)


def restore(comment_id, moderator, reason):
    """Show a hidden comment again, with the reason."""
    reason = _required_reason(reason)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment_id)
        if comment.status != Comment.Status.HIDDEN:
            raise CommentRefused("not_hidden", _("Ce commentaire n'est pas masqué : rien à rétablir."), 409)
        comment.status = Comment.Status.VISIBLE
        comment.save(update_fields=["status"])
        return _log(comment, moderator, CommentModeration.Action.RESTORE, reason)


def dismiss_reports(comment_id, moderator, reason=""):
    """Close a comment's open reports without hiding it (the comment was fine)."""
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment_id)
        if not CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).exists():
            raise CommentRefused("no_open_report", _("Ce commentaire n'a pas de signalement en attente."), 409)
        _resolve_reports(comment)
        return _log(comment, moderator, CommentModeration.Action.DISMISS, (reason or "").strip()[:1000])


# -- reading -------------------------------------------------------------------------------------------------------


@dataclass
class Thread:
    comment: Comment
    replies: list


def listing_queryset(original, sort):
    """The discussion's top-level comments in the chosen order (hidden ones as placeholders; those their authors
    erased only while replies hang on them)."""
    with_replies = Exists(Comment.objects.filter(parent=OuterRef("pk")).exclude(status=Comment.Status.DELETED))
    return (
        Comment.objects.filter(page_id=original.pk, parent__isnull=True)
        .filter(~Q(status=Comment.Status.DELETED) | Q(with_replies))
        .select_related("author")
        .order_by(*SORTS.get(sort, SORTS["recents"]))
    )


def threads(top_level, user=None):
    """The given top-level comments with their replies (oldest first), and the ids the user supports."""
    top_level = list(top_level)
    replies = {comment.pk: [] for comment in top_level}
    for reply in (
        Comment.objects.filter(parent_id__in=replies)
        .exclude(status=Comment.Status.DELETED)
        .select_related("author")
        .order_by("created_at", "pk")
    ):
        replies[reply.parent_id].append(reply)
    ids = [comment.pk for comment in top_level] + [reply.pk for each in replies.values() for reply in each]
    supported = set()
    if user is not None and user.is_authenticated:
        supported = set(
            CommentUpvote.objects.filter(user=user, comment_id__in=ids).values_list("comment_id", flat=True)
        )
    return [Thread(comment, replies[comment.pk]) for comment in top_level], supported


def visible_count(original):
    return Comment.objects.filter(page_id=original.pk, status=Comment.Status.VISIBLE).count()
