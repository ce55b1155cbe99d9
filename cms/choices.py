"""Shared vocabularies. Labels are translated through gettext, values never change."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicPolicyTheme(models.TextChoices):
    """Themes of public action, shared by projects, news, consultations and the Académie."""

    MOBILITY = "mobilite", _("Mobilité et transports")
    ENVIRONMENT = "environnement", _("Environnement et climat")
    EDUCATION = "education", _("Éducation et jeunesse")
    CULTURE = "culture", _("Culture et patrimoine")
    SPORT = "sport", _("Sport et loisirs")
    SOLIDARITY = "solidarite", _("Solidarité et santé")
    HOUSING = "logement", _("Logement et urbanisme")
    ECONOMY = "economie", _("Économie et emploi")
    SAFETY = "securite", _("Sécurité et tranquillité")
    DEMOCRACY = "democratie", _("Démocratie et services publics")


class ProjectStatus(models.TextChoices):
    """Where a collectivité's project stands (cms.ProjectPage); here so that forms need no model."""

    STUDY = "etude", _("À l'étude")
    PLANNED = "planifie", _("Programmé")
    IN_PROGRESS = "en_cours", _("En cours")
    DONE = "termine", _("Terminé")
    SUSPENDED = "suspendu", _("Suspendu")


class Package(models.TextChoices):
    ESSENTIEL = "essentiel", _("Essentiel")
    PREMIUM = "premium", _("Premium")
    SUR_MESURE = "sur_mesure", _("Sur-mesure")


# Which package unlocks which capability. Later features ask `space.has_feature(name)`.
PACKAGE_FEATURES = {
    # Every client package opens the full Académie; the national network has the basic one (seeds 002, I.1.B, II.1.A).
    # Newsletters from the Essentiel package up (seeds 002, I.2.A: « Package Essentiel et Sur-mesure »).
    Package.ESSENTIEL: {"dashboard", "consultations", "academie_basic", "academie_full", "newsletters"},
    Package.PREMIUM: {
        "dashboard",
        "consultations",
        "academie_basic",
        "academie_full",
        "debates",
        "newsletters",
        "citizen_groups",
    },
    Package.SUR_MESURE: {
        "dashboard",
        "consultations",
        "academie_basic",
        "academie_full",
        "debates",
        "newsletters",
        "citizen_groups",
        "custom_analysis",
        "impact_audit",
    },
}
