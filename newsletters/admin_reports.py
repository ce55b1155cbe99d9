"""Editors' reports on the newsletters (read-only): every issue they may see with its state and counts, one issue's
statistics (refreshed every few seconds while it is being sent), a newsletter's subscribers, and one subscriber's
record of consent. Scoped by `newsletters.visibility` (`cms.admin_scope` underneath): another space's issue,
newsletter or subscriber is a 404, never named. Nothing here sends or changes anything: every view answers GET only.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from wagtail.admin.menu import MenuItem

from cms.admin_actions import PageActionMenuItem, page_breadcrumbs
from cms.choices import PublicPolicyTheme

from . import stats
from .models import ConsentRecord, IssueSending, NewsletterIssuePage, NewsletterPage, Subscription
from .visibility import (
    visible_issue,
    visible_issues,
    visible_newsletter,
    visible_newsletters,
    visible_subscriptions,
)

PER_PAGE = 50
REFRESH_SECONDS = 10
SEARCH_MAX_LENGTH = 254


# -- buttons and menu --------------------------------------------------------------------------------------------------
class IssueStatsMenuItem(PageActionMenuItem):
    page_model = NewsletterIssuePage
    label = gettext_lazy("Statistiques d'envoi")
    icon_name = "doc-full"
    url_name = "newsletters_issue_stats"
    header_priority = 20
    listing_priority = 20


class SubscribersMenuItem(PageActionMenuItem):
    page_model = NewsletterPage
    label = gettext_lazy("Abonnés")
    icon_name = "group"
    url_name = "newsletters_subscribers"
    header_priority = 20
    listing_priority = 20


class IssuesReportMenuItem(MenuItem):
    def is_shown(self, request):
        return visible_newsletters(request.user).exists()


# -- every issue -------------------------------------------------------------------------------------------------------
@require_safe
def issues_report(request):
    """Every issue the editor may see, newest first, with its state and its counts (one grouped query a page)."""
    issues = visible_issues(request.user).select_related("locale").order_by("-latest_revision_created_at", "-pk")
    listing = Paginator(issues, PER_PAGE).get_page(request.GET.get("p"))
    page_issues = list(listing.object_list)
    figures = stats.issues_stats([issue.pk for issue in page_issues])
    states = stats.issue_states(page_issues)
    parent_paths = {issue.path[: -NewsletterPage.steplen] for issue in page_issues}
    parents = {page.path: page for page in NewsletterPage.objects.filter(path__in=parent_paths)}
    rows = [
        {
            "issue": issue,
            "newsletter": parents.get(issue.path[: -NewsletterPage.steplen]),
            "state": states[issue.pk][0],
            "state_label": stats.IssueState.labels[states[issue.pk][0]],
            "scheduled_at": states[issue.pk][1],
            "stats": figures[issue.pk],
        }
        for issue in page_issues
    ]
    return TemplateResponse(
        request,
        "newsletters/admin/issues_report.html",
        {
            "rows": rows,
            "listing": listing,
            "newsletters": visible_newsletters(request.user).order_by("path"),
            "header_title": _("Lettres d'information"),
            "breadcrumbs_items": [{"url": "", "label": _("Lettres d'information")}],
        },
    )


# -- one issue ---------------------------------------------------------------------------------------------------------
def _issue_or_404(request, page_id):
    issue = visible_issue(request.user, page_id)
    if issue is None:
        raise Http404
    return issue


@require_safe
def issue_stats_view(request, page_id):
    issue = _issue_or_404(request, page_id)
    figures = stats.issue_stats(issue)
    state, scheduled_at = stats.issue_state(issue)
    refresh = state == stats.IssueState.SENDING and request.GET.get("actualiser") != "non"
    sending = IssueSending.objects.filter(issue=issue).first()
    label = _("Statistiques d'envoi")
    return TemplateResponse(
        request,
        "newsletters/admin/issue_stats.html",
        {
            "issue": issue,
            "newsletter": issue.newsletter,
            "stats": figures,
            "rows": _stats_rows(figures),
            "state": state,
            "state_label": stats.IssueState.labels[state],
            "scheduled_at": scheduled_at,
            "sending": sending,
            "sending_now": state == stats.IssueState.SENDING,
            "refresh_seconds": REFRESH_SECONDS if refresh else None,
            "header_title": f"{label} : {issue.title}",
            "breadcrumbs_items": page_breadcrumbs(issue, request.user, label),
        },
    )


def _stats_rows(figures):
    """(label, count, rate or None, what the rate is of) for the data table."""
    of_recipients = _("des destinataires")

    def share(count):
        return stats.rate(count, figures.recipients)

    return [
        (_("Destinataires"), figures.recipients, None, ""),
        (_("En attente d'envoi"), figures.queued, share(figures.queued), of_recipients),
        (_("Envoyés (acceptés par le fournisseur)"), figures.sent, share(figures.sent), of_recipients),
        (_("Remis"), figures.delivered, figures.delivery_rate, _("des envoyés")),
        (_("Rejetés"), figures.bounced, figures.bounce_rate, _("des envoyés")),
        (_("Signalés comme indésirables"), figures.complained, figures.complaint_rate, _("des remis")),
        (_("Ouverts"), figures.opened, figures.open_rate, _("des remis")),
        (_("Liens suivis"), figures.clicked, figures.click_rate, _("des remis")),
        (_("Désinscriptions par ce numéro"), figures.unsubscribed, figures.unsubscribe_rate, _("des remis")),
        (_("Échecs de l'envoi"), figures.failed, share(figures.failed), of_recipients),
        (_("Écartés (désinscrits ou suspendus avant l'envoi)"), figures.skipped, share(figures.skipped), of_recipients),
    ]


# -- subscribers -------------------------------------------------------------------------------------------------------
def _newsletter_or_404(request, page_id):
    newsletter = visible_newsletter(request.user, page_id)
    if newsletter is None:
        raise Http404
    return newsletter


def _theme_labels(values):
    labels = dict(PublicPolicyTheme.choices)
    return [labels.get(value, value) for value in values or []]


@require_safe
def subscribers_view(request, page_id):
    newsletter = _newsletter_or_404(request, page_id)
    state = request.GET.get("etat", "")
    if state not in Subscription.Status.values:
        state = ""
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    subscriptions = Subscription.objects.filter(newsletter=newsletter)
    if state:
        subscriptions = subscriptions.filter(status=state)
    if query:
        subscriptions = subscriptions.filter(email_key__contains=query.lower())
    subscriptions = subscriptions.order_by("-created_at", "-pk")
    listing = Paginator(subscriptions, PER_PAGE).get_page(request.GET.get("p"))
    rows = [(subscription, _theme_labels(subscription.themes)) for subscription in listing.object_list]
    label = _("Abonnés")
    return TemplateResponse(
        request,
        "newsletters/admin/subscribers.html",
        {
            "newsletter": newsletter,
            "rows": rows,
            "listing": listing,
            "count": listing.paginator.count,
            "summary": stats.subscriber_stats(newsletter),
            "states": Subscription.Status.choices,
            "state": state,
            "query": query,
            "filter_query": urlencode({name: value for name, value in (("etat", state), ("q", query)) if value}),
            "header_title": f"{label} : {newsletter.title}",
            "breadcrumbs_items": page_breadcrumbs(newsletter, request.user, label),
        },
    )


@require_safe
def consent_view(request, subscription_id):
    """The proof of one subscriber's consent: every record, read-only, with the words they were shown."""
    subscription = visible_subscriptions(request.user).select_related("newsletter").filter(pk=subscription_id).first()
    if subscription is None:
        raise Http404
    records = ConsentRecord.objects.filter(subscription=subscription).order_by("at", "pk")
    label = _("Preuves de consentement")
    return TemplateResponse(
        request,
        "newsletters/admin/consent.html",
        {
            "subscription": subscription,
            "themes": _theme_labels(subscription.themes),
            "records": [(record, _theme_labels(record.themes)) for record in records],
            "header_title": f"{label} : {subscription.email}",
            "breadcrumbs_items": [
                *page_breadcrumbs(subscription.newsletter, request.user, _("Abonnés"))[:-1],
                {"url": reverse("newsletters_subscribers", args=[subscription.newsletter_id]), "label": _("Abonnés")},
                {"url": "", "label": subscription.email},
            ],
        },
    )
