"""Who took part, and what was answered, kept so that nobody holding the database can join them.

- `Participation` records that a person (an account, a confirmed email address, an invitation) took part. Its
  unique constraints make a second ballot impossible under any concurrency: one per voter key, and one per account
  whatever codes or addresses it holds.
- `Ballot` holds what was answered, *sealed* (`consultations.sealing`): encrypted under a public key whose private
  half is not in the database, padded to one length for the whole consultation, with a random key and no timestamp.
  It is written in the participation's transaction, and nothing in clear that derives from the answers is: a
  database administrator reading the rows, the write-ahead log or a backup sees who voted, never what. An open ballot
  (vote à main levée) points to its participation: its answers are attributed, as the editor chose.
- `BallotBox` is the consultation's ballot box: votes take a shared lock on it and the closing takes it alone, so a
  vote either commits before the freeze and is counted, or is refused as closed.
- `TallyCell` and `FreeText` are what can be seen before closing. `consultations.release` opens the sealed ballots by
  batches of at least `CONSULTATIONS_BALLOT_BATCH`, in a transaction of their own, adds them to the counters and
  queues their free texts for moderation, shuffled and without any demographic. Breakdowns by commune, age bracket
  and gender exist only at closing, aggregated, in the `ResultsSnapshot`.
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
            # An account votes once, whatever invitation codes or confirmed addresses it holds.
            models.UniqueConstraint(
                fields=["consultation", "user"],
                condition=models.Q(user__isnull=False),
                name="one_participation_per_account",
            ),
        ]

    def __str__(self):
        return f"{self.consultation_id} / {self.voter_key}"


class BallotBox(models.Model):
    """The ballot box of a consultation (its first language version): open until frozen at closing."""

    consultation = models.OneToOneField(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="box",
    )
    frozen_at = models.DateTimeField(_("urne scellée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("urne")
        verbose_name_plural = _("urnes")

    def __str__(self):
        return _("Urne de %(consultation)s") % {"consultation": self.consultation}


class ReleaseBatch(models.Model):
    """A batch of sealed ballots opened together into the live counters (and their free texts into moderation)."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="release_batches",
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    size = models.PositiveIntegerField(_("bulletins"))
    final = models.BooleanField(_("à la clôture"), default=False)

    class Meta:
        verbose_name = _("lot de bulletins dépouillés")
        verbose_name_plural = _("lots de bulletins dépouillés")

    def __str__(self):
        return f"{self.consultation_id} / {self.pk} ({self.size})"


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
    key_id = models.CharField(_("clé"), max_length=16)
    sealed = models.BinaryField(_("bulletin scellé"))
    release = models.ForeignKey(
        ReleaseBatch,
        verbose_name=_("lot"),
        null=True,
        blank=True,
        # A released ballot never becomes unreleased (it would be counted twice): its batch goes only with the
        # consultation.
        on_delete=models.RESTRICT,
        related_name="ballots",
    )

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        indexes = [
            models.Index(
                fields=["consultation", "id"], condition=models.Q(release__isnull=True), name="ballot_unreleased"
            ),
        ]

    def __str__(self):
        return _("Bulletin n° %(id)s") % {"id": self.pk}


class TallyCell(models.Model):
    """One counter of the live results: a question's respondents, a choice's count, a rank sum, a number's count.

    Only the release of a batch of ballots changes them (`consultations.tally` names the keys)."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="tally_cells",
    )
    question_id = models.CharField(_("question"), max_length=64, blank=True)
    key = models.CharField(_("clé"), max_length=128)
    value = models.BigIntegerField(_("valeur"), default=0)

    class Meta:
        verbose_name = _("compteur")
        verbose_name_plural = _("compteurs")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "question_id", "key"], name="one_tally_cell_per_key"),
        ]

    def __str__(self):
        return f"{self.question_id}/{self.key} = {self.value}"


class FreeText(models.Model):
    """A free-text answer, released with its batch (shuffled, no demographics, no link to a ballot) for moderation."""

    class Moderation(models.TextChoices):
        PENDING = "pending", _("à modérer")
        APPROVED = "approved", _("publiée")
        REJECTED = "rejected", _("refusée")

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="free_texts",
    )
    question_id = models.CharField(_("question"), max_length=64)
    text = models.TextField(_("texte"))
    moderation = models.CharField(
        _("modération"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )

    class Meta:
        verbose_name = _("réponse libre")
        verbose_name_plural = _("réponses libres")
        indexes = [
            models.Index(fields=["consultation", "moderation"], name="free_text_moderation"),
            models.Index(fields=["consultation", "question_id", "moderation"], name="free_text_published"),
        ]

    def __str__(self):
        return self.text[:60]


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
