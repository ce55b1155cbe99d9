"""Factories of the subscribing part's tests."""

import factory
import wagtail_factories

from newsletters.models import NewsletterIssuePage, NewsletterPage, Subscription


class NewsletterPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsletterPage

    title = "La lettre"
    slug = factory.Sequence(lambda n: f"lettre-{n}")
    introduction = "Chaque mois, les nouvelles."


class NewsletterIssuePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsletterIssuePage

    title = factory.Sequence(lambda n: f"Numéro {n}")
    slug = factory.Sequence(lambda n: f"numero-{n}")


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"abonne{n}@example.org")
    status = Subscription.Status.ACTIVE
