"""The demo's debates: Villebrune-sur-Loire (Premium) announces a hybrid debate in ten days (a room and a stream,
three speakers, 60 seats, a few registrations) and keeps a past one (recording, report, in the cahier de doléances).

Idempotent: nothing is created when Villebrune's debates index exists. `demo_debates()` gives the two debates to the
live part's demo (`debates_live`), which adds their polls and questions.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.choices import PublicPolicyTheme
from cms.models import CollectiviteSpace

from .models import DebateFormat, DebateIndexPage, DebatePage, DebateSpeaker, Registration

SPACE_SLUG = "villebrune-sur-loire"
UPCOMING_SLUG = "avenir-des-bords-de-loire"
PAST_SLUG = "plan-velo-communal"
RESIDENTS = ("demo.josiane", "demo.lea", "demo.karim", "demo.marc")


def _at(days, hour):
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _residents():
    from allauth.account.models import EmailAddress

    users = []
    for username in RESIDENTS:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@villebrune.example"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        users.append(user)
    return users


def ensure_demo_debates(loader):
    space = CollectiviteSpace.objects.filter(slug=SPACE_SLUG, locale=loader.french_locale).first()
    if space is None or DebateIndexPage.objects.child_of(space).exists():
        return []
    index = DebateIndexPage(
        title="Débats",
        slug="debats",
        introduction="Réunions publiques et débats de la commune : en salle, en ligne, ou les deux.",
        owner=loader.admin,
        locale=loader.french_locale,
    )
    space.add_child(instance=index)
    loader.publish(index)
    upcoming = DebatePage(
        title="L'avenir des bords de Loire",
        slug=UPCOMING_SLUG,
        summary="Promenade, crues, guinguettes : quels bords de Loire voulons-nous pour 2035 ? Débat ouvert à tous.",
        theme=PublicPolicyTheme.ENVIRONMENT,
        format=DebateFormat.HYBRID,
        place="Salle des fêtes, 2 place de la Mairie, Villebrune-sur-Loire",
        stream_url="https://video.villebrune.example/direct/bords-de-loire",
        starts_at=_at(10, 19),
        duration_minutes=120,
        seats=60,
        owner=loader.admin,
        locale=loader.french_locale,
    )
    upcoming.speakers = [
        DebateSpeaker(name="Claire Morvan", role="Maire de Villebrune-sur-Loire"),
        DebateSpeaker(name="Hugo Lefèvre", role="Hydrologue, Établissement public Loire"),
        DebateSpeaker(name="Nadia Benali", role="Présidente de l'association Loire Vivante"),
    ]
    index.add_child(instance=upcoming)
    loader.publish(upcoming)
    past = DebatePage(
        title="Le plan vélo communal",
        slug=PAST_SLUG,
        summary="Pistes cyclables, stationnement, école à vélo : le débat public avant le vote du plan vélo.",
        theme=PublicPolicyTheme.MOBILITY,
        format=DebateFormat.IN_PERSON,
        place="Médiathèque, 14 rue des Écoles, Villebrune-sur-Loire",
        starts_at=_at(-40, 18),
        duration_minutes=90,
        seats=80,
        recording_url="https://video.villebrune.example/replay/plan-velo",
        report=(
            "<p>Une soixantaine d'habitants ont débattu du plan vélo. Trois demandes reviennent : une piste "
            "continue vers le collège, des arceaux près des commerces, un atelier de réparation.</p>"
        ),
        owner=loader.admin,
        locale=loader.french_locale,
    )
    past.speakers = [DebateSpeaker(name="Thomas Girard", role="Adjoint aux mobilités")]
    index.add_child(instance=past)
    loader.publish(past)
    now = timezone.now()
    for position, user in enumerate(_residents()):
        for debate in (upcoming, past):
            Registration.objects.get_or_create(
                debate_id=debate.pk,
                user=user,
                defaults={
                    "status": Registration.Status.CONFIRMED,
                    "queued_at": now - datetime.timedelta(hours=position + 1),
                    "confirmed_at": now - datetime.timedelta(hours=position + 1),
                    "confirmation_sent_at": now,
                    "reminder_sent_at": now if debate is past else None,
                },
            )
    english_space = space.get_translations().filter(locale=loader.english_locale).first()
    if english_space is not None:
        from cms.demo.translations import translate_page

        for page, french, english in (
            (index, {"title": index.title, "introduction": index.introduction}, ENGLISH["index"]),
            (upcoming, {"title": upcoming.title, "summary": upcoming.summary}, ENGLISH["upcoming"]),
            (past, {"title": past.title, "summary": past.summary}, ENGLISH["past"]),
        ):
            translate_page(page, french, english, loader.english_locale, user=loader.admin)
    from .doleances import sync_entry

    sync_entry(past)
    return [index, upcoming, past]


ENGLISH = {
    "index": {
        "title": "Debates",
        "introduction": "The town's public meetings and debates: in a room, online, or both.",
    },
    "upcoming": {
        "title": "The future of the Loire banks",
        "summary": "Walks, floods, open-air cafés: which Loire banks do we want for 2035? A debate open to all.",
    },
    "past": {
        "title": "The town's cycling plan",
        "summary": "Cycle lanes, parking, cycling to school: the public debate before the plan was voted.",
    },
}


def demo_debates():
    """{"upcoming": page, "past": page}: Villebrune's demo debates (None when the demo is not loaded)."""
    return {
        "upcoming": DebatePage.objects.filter(slug=UPCOMING_SLUG).order_by("pk").first(),
        "past": DebatePage.objects.filter(slug=PAST_SLUG).order_by("pk").first(),
    }
