"""Factories and helpers of the delivery tests: a newsletter, its issues, subscribers."""

import factory
import wagtail_factories

from django.db import transaction

from newsletters.models import NewsletterIssuePage, NewsletterPage, Subscription


class NewsletterPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsletterPage

    title = "La lettre de Test"
    slug = factory.Sequence(lambda n: f"lettre-{n}")
    sender_name = "Ville de Test"
    reply_to = "mairie@ville-de-test.fr"


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"abonne{n}@example.org")
    status = Subscription.Status.ACTIVE
    language = "fr"
    themes = factory.LazyFunction(list)


def draft_issue(newsletter, title="Numéro de juin", themes=(), **fields):
    """An issue saved as a draft (not live): publishing it is what the tests do."""
    issue = NewsletterIssuePage(
        title=title,
        slug=fields.pop("slug", None) or title.lower().replace(" ", "-"),
        themes=list(themes),
        live=False,
        **fields,
    )
    newsletter.add_child(instance=issue)
    issue.save_revision()
    return NewsletterIssuePage.objects.get(pk=issue.pk)


def publish(page, capture):
    """Publish the page's latest revision and run what waits for the commit (the fan-out, eagerly)."""
    with capture(execute=True), transaction.atomic():
        page.get_latest_revision().publish()
