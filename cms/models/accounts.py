from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgeBracket(models.TextChoices):
    AGE_18_24 = "18-24", _("18 à 24 ans")
    AGE_25_34 = "25-34", _("25 à 34 ans")
    AGE_35_49 = "35-49", _("35 à 49 ans")
    AGE_50_64 = "50-64", _("50 à 64 ans")
    AGE_65_PLUS = "65+", _("65 ans et plus")


class Gender(models.TextChoices):
    FEMALE = "femme", _("Femme")
    MALE = "homme", _("Homme")
    OTHER = "autre", _("Autre")


class User(AbstractUser):
    """The platform's user: a citizen, a collectivité editor or an AimPact editor.

    A citizen's profile: the commune they live in (which opens consultations reserved to its residents) and, only
    while they consent to it, their age bracket and gender (used for the demographic breakdown of results).
    `demographics_consent_at` is the moment explicit consent was given; without it no demographic value is stored
    (a database constraint guarantees it), and withdrawing consent blanks them.
    """

    email = models.EmailField(_("adresse e-mail"), blank=True)
    commune = models.ForeignKey(
        "cms.Territory",
        verbose_name=_("commune de résidence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
        limit_choices_to={"kind": "commune"},
    )
    age_bracket = models.CharField(_("tranche d'âge"), max_length=8, choices=AgeBracket.choices, blank=True)
    gender = models.CharField(_("genre"), max_length=8, choices=Gender.choices, blank=True)
    demographics_consent_at = models.DateTimeField(
        _("consentement aux données démographiques"),
        null=True,
        blank=True,
        help_text=_("Moment où la personne a accepté que sa tranche d'âge et son genre soient enregistrés."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(demographics_consent_at__isnull=False) | models.Q(age_bracket="", gender=""),
                name="user_demographics_only_with_consent",
                violation_error_message=_(
                    "La tranche d'âge et le genre ne sont enregistrés qu'avec le consentement de la personne."
                ),
            ),
        ]

    @property
    def demographics_consented(self):
        return self.demographics_consent_at is not None

    def demographics(self):
        """{"age_bracket": ..., "gender": ...}: the stored values while consent is given, empty values otherwise."""
        if not self.demographics_consented:
            return {"age_bracket": "", "gender": ""}
        return {"age_bracket": self.age_bracket, "gender": self.gender}

    def give_demographics_consent(self, *, age_bracket="", gender="", at=None):
        """Record explicit consent (keeping its first date while it lasts) and the values given with it."""
        if self.demographics_consent_at is None:
            self.demographics_consent_at = at or timezone.now()
        self.age_bracket = age_bracket or ""
        self.gender = gender or ""

    def withdraw_demographics_consent(self):
        """Forget the consent and the demographic values it allowed. The caller saves."""
        self.demographics_consent_at = None
        self.age_bracket = ""
        self.gender = ""
