"""How often one account may post a comment: 5 in ten minutes and 50 in a day, on the site and in the API together.

The counts live in the project's one limiter table (`cms.ratelimit`, `AttemptCounter`: fixed windows, counted in the
database by an atomic UPDATE, shared by every process). A post is counted inside the transaction that writes the
comment (`services.post_comment`): a refused or failed post rolls its count back, and two posts of one account in
parallel wait for each other on the counter's row (PostgreSQL), so a sixth one cannot slip through.

The key is the account (a citizen with a verified address): behind one address (a town hall's Wi-Fi) citizens do not
use up each other's posts, and a script with many addresses still posts as one account.
"""

import datetime
import hashlib
import time
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.ratelimit import count as _count  # the limiter's atomic counter (one table, one way to count)


@dataclass(frozen=True)
class PostingWindow:
    scope: str
    limit: int
    window: int  # seconds

    def _window_index(self, now):
        return int(now // self.window)

    def key(self, user_id, now):
        digest = hashlib.sha256(f"account:{user_id}".encode()).hexdigest()[:32]
        return f"{self.scope}:account:{digest}:{self._window_index(now)}"

    def ends_at(self, now):
        """When the current window ends (posting is possible again then), as an aware datetime."""
        end = (self._window_index(now) + 1) * self.window
        return datetime.datetime.fromtimestamp(end, tz=datetime.UTC)


POSTING_WINDOWS = (
    PostingWindow(scope="comment-post-10min", limit=5, window=10 * 60),
    PostingWindow(scope="comment-post-day", limit=50, window=24 * 60 * 60),
)

LIMIT_MESSAGE = _(
    "Vous avez publié beaucoup de commentaires en peu de temps. Vous pourrez de nouveau commenter à partir de %(when)s."
)


class PostingLimited(Exception):
    """The account has posted its share: `retry_at` says from when it may post again."""

    def __init__(self, retry_at):
        super().__init__(retry_at)
        self.retry_at = retry_at

    @property
    def retry_after(self):
        """Seconds to wait, for the API's Retry-After header."""
        return max(1, int(self.retry_at.timestamp() - time.time()) + 1)

    @property
    def message(self):
        from django.utils.formats import date_format

        when = date_format(timezone.localtime(self.retry_at), "SHORT_DATETIME_FORMAT")
        return LIMIT_MESSAGE % {"when": when}


def count_post(user):
    """Count one post of `user` in every window; raise PostingLimited when a window is full. Call it inside the
    transaction that writes the comment (its count is then rolled back with a refused post)."""
    now = time.time()
    for window in POSTING_WINDOWS:
        if _count(window.key(user.pk, now), window.window, 1) > window.limit:
            raise PostingLimited(window.ends_at(now))


def posting_blocked_until(user):
    """When the account may post again if a window is already full now (to say so above the form), else None."""
    from cms.models import AttemptCounter

    now = time.time()
    keys = {window.key(user.pk, now): window for window in POSTING_WINDOWS}
    full = [
        keys[key].ends_at(now)
        for key, count in AttemptCounter.objects.filter(key__in=keys, expires_at__gt=timezone.now()).values_list(
            "key", "count"
        )
        if count >= keys[key].limit
    ]
    return max(full) if full else None
