"""Vocabularies of the baromètre. Labels are translated through gettext, values never change."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    LOCAL = "local", _("Local")


class Kind(models.TextChoices):
    BILL = "loi", _("Projet ou proposition de loi")
    DECREE = "decret", _("Décret")
    LOCAL_MEASURE = "mesure_locale", _("Mesure locale")
    OTHER = "autre", _("Autre initiative publique")


class Stage(models.TextChoices):
    """The steps of an initiative's life, in their usual order."""

    PROPOSED = "proposee", _("Proposée")
    DISCUSSION = "en_discussion", _("En discussion")
    ADOPTED = "adoptee", _("Adoptée")
    PROMULGATED = "promulguee", _("Promulguée")
    IN_FORCE = "en_vigueur", _("En vigueur")
    EVALUATED = "evaluee", _("Évaluée")


STAGE_ORDER = {value: index for index, value in enumerate(Stage.values)}


class Direction(models.TextChoices):
    UP = "up", _("Une hausse est souhaitée")
    DOWN = "down", _("Une baisse est souhaitée")
    NONE = "", _("Sans objet")


class Opinion(models.TextChoices):
    """The three answers of the perception poll: also the ids of its choices, in every language."""

    APPROVE = "approve", _("J'approuve")
    NEUTRAL = "neutral", _("Sans opinion")
    DISAPPROVE = "disapprove", _("Je désapprouve")
