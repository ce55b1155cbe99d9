"""Who took part, and what was answered: two tables that nothing joins for a secret ballot.

- `Participation` records that a person (an account, a confirmed email address, an
  invitation) took part in a consultation. Its unique constraint is what makes a second
  ballot impossible, even when many submissions by the same person arrive at once.
- `Ballot` and its `Answer` rows hold what was answered. For a secret ballot they carry
  no reference to the participation or the person, no timestamp, and a random primary key
  (no sequence whose order could be matched with the participations' order). The only
  personal data a ballot carries are the commune of residence and, where the citizen
  consented, age bracket and gender, used for breakdowns in which groups under 10 people
  are hidden.
- A secret ballot does not reach the ballot box in the transaction that records the
  participation: rows written together share what the database knows of their writing
  (PostgreSQL's transaction id `xmin`, SQLite's insertion `rowid`). It waits as a
  `PendingBallot`, and `consultations.mixing` moves the waiting ballots into `Ballot` by
  batches (`CONSULTATIONS_BALLOT_BATCH`, 10 by default), in a random order, in a transaction
  of their own: a ballot can then only be traced to "one of the voters of its batch".
- For an open ballot, `Ballot.participation` links the answers to the participation, so
  the answers are attributed.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def random_id():
    """A random positive 63-bit key: says nothing about when or in which order a row was written."""
    return secrets.randbits(63) or 1


class ParticipationQuerySet(models.QuerySet):
    def for_consultation(self, consultation):
        return self.filter(consultation=consultation.ballot_box)


class Participation(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("site")
        API = "api", _("API")

    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    voter_key = models.CharField(_("votant"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    channel = models.CharField(_("canal"), max_length=8, choices=Channel.choices, default=Channel.WEB)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "voter_key"], name="one_participation_per_voter"),
        ]

    def __str__(self):
        return f"{self.consultation_id} / {self.voter_key}"


class Ballot(models.Model):
    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="ballots",
    )
    participation = models.OneToOneField(
        Participation,
        verbose_name=_("participation (vote à main levée)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ballot",
    )
    commune = models.ForeignKey(
        "cms.Territory",
        verbose_name=_("commune de résidence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    age_bracket = models.CharField(_("tranche d'âge"), max_length=8, blank=True)
    gender = models.CharField(_("genre"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")

    def __str__(self):
        return _("Bulletin n° %(id)s") % {"id": self.pk}


class Answer(models.Model):
    class Moderation(models.TextChoices):
        NOT_NEEDED = "", _("sans objet")
        PENDING = "pending", _("à modérer")
        APPROVED = "approved", _("publiée")
        REJECTED = "rejected", _("refusée")

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    ballot = models.ForeignKey(Ballot, verbose_name=_("bulletin"), on_delete=models.CASCADE, related_name="answers")
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    question_id = models.CharField(_("question"), max_length=64)
    choice_id = models.CharField(_("choix"), max_length=64, blank=True)
    rank = models.PositiveSmallIntegerField(_("rang"), null=True, blank=True)
    number = models.DecimalField(_("nombre"), max_digits=18, decimal_places=4, null=True, blank=True)
    text = models.TextField(_("texte"), blank=True)
    moderation = models.CharField(
        _("modération"), max_length=10, choices=Moderation.choices, default=Moderation.NOT_NEEDED, blank=True
    )

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "question_id", "choice_id"], name="one_answer_per_choice"),
        ]
        indexes = [
            models.Index(fields=["consultation", "question_id", "choice_id"], name="answer_tally"),
            models.Index(fields=["consultation", "moderation"], name="answer_moderation"),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.choice_id or self.number or self.text[:40]}"


class Invitation(models.Model):
    """A personal code that lets one person vote in a consultation reserved to invitees."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    code = models.CharField(_("code"), max_length=16, unique=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "email"],
                condition=~models.Q(email=""),
                name="one_invitation_per_email",
            ),
        ]

    def __str__(self):
        return self.email or self.code

    @property
    def voter_key(self):
        return f"invitation:{self.pk}"


class PendingBallot(models.Model):
    """A secret ballot waiting to be mixed into the ballot box with its batch (see `consultations.mixing`).

    It has the ballot's content only: no participation, no timestamp, a random key. It is deleted when its batch
    is moved into `Ballot` and `Answer`."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="pending_ballots",
    )
    commune = models.ForeignKey(
        "cms.Territory",
        verbose_name=_("commune de résidence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    age_bracket = models.CharField(_("tranche d'âge"), max_length=8, blank=True)
    gender = models.CharField(_("genre"), max_length=16, blank=True)
    answers = models.JSONField(_("réponses"))

    class Meta:
        verbose_name = _("bulletin en attente")
        verbose_name_plural = _("bulletins en attente")

    def __str__(self):
        return _("Bulletin en attente n° %(id)s") % {"id": self.pk}


class ResultsSnapshot(models.Model):
    """The tally frozen at closing time, with its analysis: the results page renders from it."""

    consultation = models.OneToOneField(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="snapshot",
    )
    created_at = models.DateTimeField(_("figés le"), auto_now_add=True)
    results = models.JSONField(_("résultats"))
    analysis = models.JSONField(_("analyse"))

    class Meta:
        verbose_name = _("résultats figés")
        verbose_name_plural = _("résultats figés")

    def __str__(self):
        return _("Résultats figés de %(consultation)s") % {"consultation": self.consultation}
