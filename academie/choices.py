"""The Académie's vocabularies. Labels are translated through gettext, values never change."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    CITIZENS = "citoyens", _("Citoyens")
    AGENTS = "agents", _("Agents de collectivité")
    ELECTED = "elus", _("Élus")


# The page field that says a page is meant for an audience.
AUDIENCE_FIELDS = {
    Audience.CITIZENS: "for_citizens",
    Audience.AGENTS: "for_agents",
    Audience.ELECTED: "for_elected",
}


class Level(models.TextChoices):
    DISCOVERY = "decouverte", _("Découverte")
    INTERMEDIATE = "intermediaire", _("Intermédiaire")
    ADVANCED = "avance", _("Approfondissement")


class LessonFormat(models.TextChoices):
    ARTICLE = "article", _("Article")
    VIDEO = "video", _("Vidéo")
    PODCAST = "podcast", _("Podcast")
    PRACTICAL_GUIDE = "fiche", _("Fiche pratique")


class Library(models.TextChoices):
    BASIC = "basic", _("Bibliothèque de base (ouverte à tous)")
    FULL = "full", _("Bibliothèque complète (collectivités clientes et leurs habitants)")


class SizeBracket(models.TextChoices):
    """Population brackets of a collectivité, as used by INSEE's and the AMF's strata."""

    UNDER_2K = "moins_2000", _("Moins de 2 000 habitants")
    FROM_2K = "2000_10000", _("De 2 000 à 10 000 habitants")
    FROM_10K = "10000_50000", _("De 10 000 à 50 000 habitants")
    FROM_50K = "50000_200000", _("De 50 000 à 200 000 habitants")
    OVER_200K = "plus_200000", _("Plus de 200 000 habitants")

    @classmethod
    def for_population(cls, population):
        if population is None:
            return ""
        for limit, bracket in ((2_000, cls.UNDER_2K), (10_000, cls.FROM_2K), (50_000, cls.FROM_10K)):
            if population < limit:
                return bracket
        return cls.FROM_50K if population < 200_000 else cls.OVER_200K


class ContentKind(models.TextChoices):
    """What the library index lists, for its type filter."""

    LESSON = "lecon", _("Leçons")
    PARCOURS = "parcours", _("Parcours")
    CASE_STUDY = "cas", _("Bonnes pratiques")
