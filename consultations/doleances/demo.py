"""The demo cahier de doléances: the page under the platform's home (and its English version), the entries of the
closed demo consultations, an analysis on one, carried to its département with the answer received."""

import datetime

from django.utils import timezone

from consultations.demo import SPACE_SLUG

from . import services
from .models import ArchiveEntry, CahierDoleancesPage, Carrying

TITLE = ("Cahier de doléances", "Book of grievances")
INTRODUCTION = (
    "Toutes les consultations closes du réseau, avec leurs résultats, les commentaires marquants et leurs suites : "
    "celles qui ont réuni assez de participants peuvent être portées auprès de l'acteur public qui peut agir.",
    "Every closed consultation of the network, with its results, its notable comments and what came of it: those "
    "with enough participants can be carried to the public body that can act.",
)
ANALYSIS = (
    "Une large majorité des habitants qui ont répondu souhaite garder un éclairage la nuit, mais adapté : baissé "
    "après minuit dans les rues résidentielles, maintenu aux abords des arrêts de bus et des équipements. La "
    "participation, forte pour une consultation communale, donne du poids à ce résultat."
)
CARRY_MESSAGE = (
    "Les habitants de Villebrune-sur-Loire se sont prononcés sur l'éclairage nocturne. Leurs réponses concernent "
    "aussi les routes départementales qui traversent la commune : nous vous transmettons leurs résultats."
)
ANSWER = (
    "Le Département remercie les habitants pour leur participation. L'éclairage des routes départementales "
    "traversant la commune sera adapté à titre expérimental à partir du printemps, en lien avec la mairie."
)


def ensure_demo_cahier(loader):
    from cms.demo.translations import translate_page

    if CahierDoleancesPage.objects.exists():
        return []
    cahier = CahierDoleancesPage(
        title=TITLE[0],
        slug="cahier-de-doleances",
        introduction=INTRODUCTION[0],
        owner=loader.admin,
        locale=loader.french_locale,
    )
    loader.home.add_child(instance=cahier)
    loader.publish(cahier)
    created = [cahier]
    english_home = loader.home.get_translations().filter(locale=loader.english_locale).first()
    if english_home is not None:
        translated, _untranslated = translate_page(
            cahier,
            {"title": TITLE[0], "introduction": INTRODUCTION[0]},
            {"title": TITLE[1], "introduction": INTRODUCTION[1]},
            loader.english_locale,
            user=loader.admin,
        )
        created.append(translated)
    services.rebuild()
    entries = list(ArchiveEntry.objects.published().filter(space__slug=SPACE_SLUG).order_by("closed_at"))
    created.extend(entries)
    if entries:
        entry = entries[-1]
        entry.analysis = ANALYSIS
        entry.save(update_fields=["analysis"])
        departement = entry.territory.parent if entry.territory and entry.territory.parent_id else None
        if departement is not None and not Carrying.objects.filter(entry=entry).exists():
            carrying = Carrying.objects.create(
                entry=entry,
                carried_by=loader.admin,
                role=Carrying.Role.EDITOR,
                territory=departement,
                message=CARRY_MESSAGE,
            )
            Carrying.objects.filter(pk=carrying.pk).update(carried_at=timezone.now() - datetime.timedelta(days=9))
            services.record_answer(
                carrying, loader.admin, ANSWER, answered_at=timezone.now() - datetime.timedelta(days=2)
            )
    return created
