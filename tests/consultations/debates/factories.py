"""Factories of the debates' pages and data (shared by the debates' tests)."""

import datetime

import factory
import wagtail_factories

from django.utils import timezone

from tests.factories import CitizenFactory


class DebateIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "debates.DebateIndexPage"

    title = "Débats"
    slug = "debats"


class DebatePageFactory(wagtail_factories.PageFactory):
    """An upcoming debate, open to all, in a room, without a seat cap (a week from now, two hours)."""

    class Meta:
        model = "debates.DebatePage"

    title = factory.Sequence(lambda n: f"Débat {n}")
    summary = "Venez en parler avec les élus."
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    duration_minutes = 120
    place = "Salle des fêtes, place de la Mairie"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "debates.Registration"

    user = factory.SubFactory(CitizenFactory)
    status = "confirmed"
    queued_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)


class LivePollFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "debates.LivePoll"

    question = "Êtes-vous favorable au projet ?"
    choices = factory.LazyFunction(lambda: ["Oui", "Non", "Sans avis"])
    phase = "during"
    mode = "secret"
    state = "draft"
