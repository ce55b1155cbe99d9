"""How often one account may create a group, post in groups and send messages to a collectivité.

The comments' pattern and counter (`consultations.comments.limits`: `PostingWindow` fixed windows counted in
`cms.ratelimit`'s one table, inside the transaction that writes, so a refused write rolls its count back)."""

import time

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cms.ratelimit import count as _count
from consultations.comments.limits import PostingLimited, PostingWindow

POST_WINDOWS = (
    PostingWindow(scope="group-post-10min", limit=5, window=10 * 60),
    PostingWindow(scope="group-post-day", limit=50, window=24 * 60 * 60),
)
CREATE_WINDOWS = (PostingWindow(scope="group-create-day", limit=3, window=24 * 60 * 60),)
MESSAGE_WINDOWS = (PostingWindow(scope="group-message-day", limit=5, window=24 * 60 * 60),)

MESSAGES = {
    "post": _(
        "Vous avez publié beaucoup de messages en peu de temps. Vous pourrez de nouveau publier à partir de %(when)s."
    ),
    "create": _(
        "Vous avez créé 3 groupes aujourd'hui : c'est le maximum. Vous pourrez en créer un autre à partir de %(when)s."
    ),
    "message": _(
        "Vous avez envoyé 5 messages aux collectivités aujourd'hui : c'est le maximum. Vous pourrez en envoyer un "
        "autre à partir de %(when)s."
    ),
}


class GroupLimited(PostingLimited):
    """An account's share is used up (`kind`: post, create or message); `retry_at` says from when."""

    def __init__(self, retry_at, kind):
        super().__init__(retry_at)
        self.kind = kind

    @property
    def message(self):
        when = date_format(timezone.localtime(self.retry_at), "SHORT_DATETIME_FORMAT")
        return str(MESSAGES[self.kind]) % {"when": when}


def _count_in(windows, kind, user):
    now = time.time()
    for window in windows:
        if _count(window.key(user.pk, now), window.window, 1) > window.limit:
            raise GroupLimited(window.ends_at(now), kind)


def count_post(user):
    """Call inside the transaction that writes the post."""
    _count_in(POST_WINDOWS, "post", user)


def count_creation(user):
    _count_in(CREATE_WINDOWS, "create", user)


def count_message(user):
    _count_in(MESSAGE_WINDOWS, "message", user)
