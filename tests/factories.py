"""factory_boy factories for the platform's models and page types."""

import datetime
from decimal import Decimal

import factory
import wagtail_factories

from django.contrib.auth import get_user_model

from cms.models import (
    BudgetIndexPage,
    BudgetLine,
    BudgetYearPage,
    CollectiviteSpace,
    NewsIndexPage,
    NewsPage,
    PlatformHomePage,
    ProjectIndexPage,
    ProjectPage,
    Territory,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-test-123")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*extracted)
        if create:
            self.save()


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("kind", "code")

    kind = Territory.Kind.COMMUNE
    code = factory.Sequence(lambda n: f"{44000 + n % 999:05d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    population = 12000


class PlatformHomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PlatformHomePage

    title = "AimPact"


class CollectiviteSpaceFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CollectiviteSpace

    title = factory.Sequence(lambda n: f"Ville numéro {n}")
    territory = factory.SubFactory(TerritoryFactory)


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Actualités"
    slug = "actualites"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Actualité {n}")
    summary = "Un résumé de l'actualité."
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))


class BudgetIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BudgetIndexPage

    title = "Budget"
    slug = "budget"


class BudgetYearPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BudgetYearPage

    title = factory.LazyAttribute(lambda o: f"Budget {o.fiscal_year}")
    slug = factory.LazyAttribute(lambda o: f"budget-{o.fiscal_year}")
    fiscal_year = 2026


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    page = factory.SubFactory(BudgetYearPageFactory)
    sector = "enseignement"
    nature = "fonctionnement"
    amount = Decimal("100000.00")


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProjectIndexPage

    title = "Projets"
    slug = "projets"


class ProjectPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProjectPage

    title = factory.Sequence(lambda n: f"Projet {n}")
    summary = "Un projet pour la commune."
    theme = "environnement"
    status = "en_cours"
    progress = 40
