"""What the comments keep about a person, for the GDPR rights of the account page (`cms.accounts`).

- **Export**: the person's comments (text as written, even when hidden by a moderator, with its state and page), the
  number of comments they support, and their reports (reason, details, date, whether handled).
- **Erase**: a comment's text is the person's: it is emptied and the comment marked « supprimé par son auteur »,
  without author. The comment row stays only so that the replies others wrote keep their place under it; one without
  replies goes altogether. Supports are deleted (the comments' counters go down with them). Reports stay for the
  moderators' record but no longer name their author. The moderators' log keeps an excerpt of a hidden comment:
  that decision is the platform's record of what it removed (legal obligation), not the person's own data.
"""

from django.db.models import F
from django.utils import timezone

from cms.registry import registry

from .models import Comment, CommentReport, CommentUpvote
from .signals import discussion_changed


def export_comments(user):
    comments = Comment.objects.filter(author=user).select_related("page").order_by("created_at", "pk")
    reports = CommentReport.objects.filter(reporter=user).order_by("created_at", "pk")
    return {
        "comments": [
            {
                "id": comment.pk,
                "page": comment.page.title,
                "page_id": comment.page_id,
                "in_reply_to": comment.parent_id,
                "text": comment.text,
                "status": comment.status,
                "created_at": comment.created_at,
                "upvotes": comment.upvotes_count,
            }
            for comment in comments
        ],
        "upvotes_given": CommentUpvote.objects.filter(user=user).count(),
        "reports": [
            {
                "comment_id": report.comment_id,
                "reason": report.reason,
                "details": report.details,
                "reported_at": report.created_at,
                "handled_at": report.resolved_at,
            }
            for report in reports
        ],
    }


def erase_comments(user):
    """Called inside the account's deletion transaction, before the user row goes."""
    # Supports: each counter goes down by one, then the supports go.
    supported = list(CommentUpvote.objects.filter(user=user).values_list("comment_id", flat=True))
    Comment.objects.filter(pk__in=supported, upvotes_count__gt=0).update(upvotes_count=F("upvotes_count") - 1)
    CommentUpvote.objects.filter(user=user).delete()
    # Upvotes and reports on the comments that go with them.
    mine = Comment.objects.filter(author=user)
    # The texts blanked below by update() send no signal: the cached pages that show them go now.
    for page_id in set(mine.values_list("page_id", flat=True)):
        discussion_changed(page_id)
    mine.filter(parent__isnull=False).delete()  # a reply has no replies of its own (one level)
    mine.filter(parent__isnull=True, replies__isnull=True).delete()
    blanked = list(mine.values_list("pk", flat=True))
    mine.update(text="", status=Comment.Status.DELETED, author=None, open_reports_count=0)
    registry.search_changed("comments", blanked)  # update() sends no signal: the search drops them
    CommentReport.objects.filter(comment__status=Comment.Status.DELETED, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    CommentReport.objects.filter(reporter=user).update(reporter=None)
