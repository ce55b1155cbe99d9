"""Newsletters, issues, subscribers and deliveries for the admin's tests (reports, statistics API, demo)."""

import factory
import wagtail_factories

from django.utils import timezone

from newsletters.models import Delivery, IssueSending, NewsletterIssuePage, NewsletterPage, Subscription


class NewsletterPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsletterPage

    title = "La lettre"
    slug = "lettre"
    introduction = "Les nouvelles du mois."


class NewsletterIssuePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsletterIssuePage

    title = factory.Sequence(lambda n: f"Numéro {n}")
    slug = factory.Sequence(lambda n: f"numero-{n}")


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"abonne{n}@exemple.invalid")
    status = Subscription.Status.ACTIVE
    confirmed_at = factory.LazyFunction(timezone.now)


def sent_issue(newsletter, **kwargs):
    """A live issue whose sending is done (as the sending part leaves it)."""
    issue = NewsletterIssuePageFactory(parent=newsletter, **kwargs)
    now = timezone.now()
    IssueSending.objects.create(issue=issue, fanned_out_at=now, finished_at=now)
    return issue


def draft_issue(newsletter, **kwargs):
    issue = NewsletterIssuePageFactory(parent=newsletter, live=False, **kwargs)
    issue.save_revision()
    return issue


def deliver(issue, newsletter, status, count=1, **fields):
    """`count` deliveries of `issue` in `status` (each to a new subscriber of `newsletter`)."""
    made = []
    for _ in range(count):
        subscription = SubscriptionFactory(newsletter=newsletter)
        made.append(
            Delivery.objects.create(
                issue=issue, subscription=subscription, email=subscription.email, status=status, **fields
            )
        )
    return made
