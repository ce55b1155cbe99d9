"""The newsletters: a space's (or the national network's) newsletter page and its issues, the subscribers and the
record of their consent, the suppressed addresses, and one delivery row per subscriber and issue.

- `NewsletterPage` (one under a `CollectiviteSpace` or the `PlatformHomePage`) is the list: its original-language
  version is what subscriptions point to; its page shows the subscription form and the archive of sent issues.
- `NewsletterIssuePage` (under it) is an issue: a StreamField of free blocks and blocks that fill themselves from
  the registry's digest sources. Publishing it (now, or at its `go_live_at` through the scheduled publishing) sends
  it: `IssueSending` (one per issue, unique) records that the sending started, `Delivery` (unique per issue and
  subscription) is the guarantee that nobody gets the same issue twice.
- `IssueRendering` freezes what was sent, per language: every batch sends the same thing, and the web archive shows it.
"""

from .delivery import Delivery, DeliveryEvent, IssueRendering, IssueSending
from .pages import NewsletterIssuePage, NewsletterPage
from .subscriptions import ConsentRecord, Subscription, Suppression, normalise_email

__all__ = [
    "ConsentRecord",
    "Delivery",
    "DeliveryEvent",
    "IssueRendering",
    "IssueSending",
    "NewsletterIssuePage",
    "NewsletterPage",
    "Subscription",
    "Suppression",
    "normalise_email",
]
