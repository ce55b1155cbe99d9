"""Newsletter pages and issues for the rendering tests."""

import factory
import wagtail_factories


class NewsletterPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "newsletters.NewsletterPage"

    title = "La lettre de la ville"
    slug = "lettre"


class NewsletterIssuePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "newsletters.NewsletterIssuePage"

    title = factory.Sequence(lambda n: f"Numéro {n}")
    preheader = "Les nouvelles du mois, en bref."
    body = factory.LazyFunction(list)
