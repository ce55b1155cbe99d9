"""The figures editors watch: per issue, what happened to its deliveries (one aggregate query over `Delivery`), per
newsletter, its subscribers by state (one aggregate query over `Subscription`), and the issue's state (draft,
scheduled, sending, sent).

Counts by status are exclusive (each delivery is in one status, they add up to the recipients); the cumulative ones
say what editors ask: « sent » is every message the provider accepted (delivered, bounced or complained about since,
or not reported on yet), « delivered » every message that reached its mailbox (a complaint comes from one).
Opens and clicks are reported by some providers only (tracking pixels, rewritten links): with none ever reported for
an issue, they are None (« non communiqué »), not 0. Rates are None where their denominator is 0.
"""

from dataclasses import asdict, dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Revision

from .models import Delivery, IssueSending, Subscription

Status = Delivery.Status
ACCEPTED = (Status.SENT, Status.DELIVERED, Status.BOUNCED, Status.COMPLAINED)
REACHED = (Status.DELIVERED, Status.COMPLAINED)


def rate(count, total):
    """count / total as a fraction (0 to 1), or None when there is nothing to divide by (or no count)."""
    if count is None or not total:
        return None
    return count / total


@dataclass(frozen=True)
class IssueStats:
    recipients: int
    queued: int
    sent: int  # accepted by the provider, whatever it reported since
    awaiting_report: int  # accepted, nothing reported since (status « sent »)
    delivered: int  # reached the mailbox (delivered, or complained about)
    bounced: int
    complained: int
    failed: int
    skipped: int
    opened: int | None  # None: the provider never reported an open for this issue
    clicked: int | None  # None: the provider never reported a click for this issue
    unsubscribed: int  # through this issue's link (the delivery named by the unsubscribe token)

    @property
    def done(self):
        return self.recipients - self.queued

    @property
    def progress(self):
        return rate(self.done, self.recipients)

    @property
    def delivery_rate(self):
        return rate(self.delivered, self.sent)

    @property
    def bounce_rate(self):
        return rate(self.bounced, self.sent)

    @property
    def complaint_rate(self):
        return rate(self.complained, self.delivered)

    @property
    def open_rate(self):
        return rate(self.opened, self.delivered)

    @property
    def click_rate(self):
        return rate(self.clicked, self.delivered)

    @property
    def unsubscribe_rate(self):
        return rate(self.unsubscribed, self.delivered)

    def rates(self):
        return {
            "progress": self.progress,
            "delivered": self.delivery_rate,
            "bounced": self.bounce_rate,
            "complained": self.complaint_rate,
            "opened": self.open_rate,
            "clicked": self.click_rate,
            "unsubscribed": self.unsubscribe_rate,
        }

    def as_dict(self):
        return {**asdict(self), "rates": self.rates()}


def _status(*statuses):
    return Count("pk", filter=Q(status__in=statuses))


AGGREGATES = {
    "recipients": Count("pk"),
    "queued": _status(Status.QUEUED),
    "sent": _status(*ACCEPTED),
    "awaiting_report": _status(Status.SENT),
    "delivered": _status(*REACHED),
    "bounced": _status(Status.BOUNCED),
    "complained": _status(Status.COMPLAINED),
    "failed": _status(Status.FAILED),
    "skipped": _status(Status.SKIPPED),
    "opened": Count("pk", filter=Q(opened_at__isnull=False)),
    "clicked": Count("pk", filter=Q(clicked_at__isnull=False)),
    "unsubscribed": Count("pk", filter=Q(unsubscribed_at__isnull=False)),
}


def _stats(values):
    values = {name: values.get(name) or 0 for name in AGGREGATES}
    for name in ("opened", "clicked"):
        values[name] = values[name] or None  # never reported: « non communiqué »
    return IssueStats(**values)


def issue_stats(issue):
    """The statistics of `issue` (its default-language version, where the deliveries are), in one query."""
    return _stats(Delivery.objects.filter(issue_id=issue.original.pk).aggregate(**AGGREGATES))


def issues_stats(issue_ids):
    """{issue id: IssueStats} for several issues (default-language versions), in one grouped query."""
    rows = Delivery.objects.filter(issue_id__in=issue_ids).values("issue_id").annotate(**AGGREGATES).order_by()
    found = {row["issue_id"]: _stats(row) for row in rows}
    return {pk: found.get(pk) or _stats({}) for pk in issue_ids}


# -- subscribers -------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SubscriberStats:
    total: int
    by_status: dict  # {Subscription.Status value: count}, every status present

    @property
    def active(self):
        return self.by_status[Subscription.Status.ACTIVE]

    def as_dict(self):
        return {"total": self.total, "by_status": dict(self.by_status)}


def subscriber_stats(newsletter):
    """The subscribers of `newsletter` (its list page: where subscriptions point) by state, in one query."""
    aggregates = {status: Count("pk", filter=Q(status=status)) for status in Subscription.Status.values} | {
        "_total": Count("pk")
    }
    values = Subscription.objects.filter(newsletter_id=newsletter.list_page.pk).aggregate(**aggregates)
    by_status = {status: values[status] or 0 for status in Subscription.Status.values}
    return SubscriberStats(total=values["_total"] or 0, by_status=by_status)


# -- the state of an issue ---------------------------------------------------------------------------------------------
class IssueState:
    DRAFT = "brouillon"
    SCHEDULED = "programme"
    SENDING = "envoi"
    SENT = "envoye"

    labels = {
        DRAFT: _("brouillon"),
        SCHEDULED: _("programmé"),
        SENDING: _("en cours d'envoi"),
        SENT: _("envoyé"),
    }


def issue_states(issues):
    """{issue pk: (state, scheduled_at or None)} for default-language issues, in two queries.

    Sent: its sending is finished. Sending: its sending started (or it is live, and the sending is about to start).
    Scheduled: a revision is approved to go live later (Wagtail's scheduled publishing). Draft: anything else."""
    ids = [issue.pk for issue in issues]
    sendings = {sending.issue_id: sending for sending in IssueSending.objects.filter(issue_id__in=ids)}
    scheduled = dict(
        Revision.page_revisions.filter(object_id__in=[str(pk) for pk in ids], approved_go_live_at__isnull=False)
        .order_by("created_at")
        .values_list("object_id", "approved_go_live_at")
    )
    now = timezone.now()
    states = {}
    for issue in issues:
        sending = sendings.get(issue.pk)
        go_live_at = scheduled.get(str(issue.pk))
        if sending is not None and sending.finished_at is not None:
            states[issue.pk] = (IssueState.SENT, None)
        elif sending is not None or issue.live:
            states[issue.pk] = (IssueState.SENDING, None)
        elif go_live_at is not None and go_live_at > now:
            states[issue.pk] = (IssueState.SCHEDULED, go_live_at)
        else:
            states[issue.pk] = (IssueState.DRAFT, None)
    return states


def issue_state(issue):
    return issue_states([issue.original])[issue.original.pk]
