"""Weekly snapshots of a perception poll's split, so that the trend never needs the time of a ballot.

Secret ballots carry no timestamp, by design (consultations/models/ballots.py). Once a week a task records the
cumulative counts of the poll's three answers; the votes of a week are the difference between two consecutive
snapshots, and those of the ongoing week the difference between the live counts and the latest snapshot.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PerceptionSnapshot(models.Model):
    poll = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("sondage de perception"),
        on_delete=models.CASCADE,
        related_name="perception_snapshots",
        help_text=_("L'urne du sondage : la première version créée, commune à ses traductions."),
    )
    week_start = models.DateField(
        _("semaine du"), help_text=_("Le lundi de la semaine dont ce sont les chiffres de fin.")
    )
    approve = models.PositiveIntegerField(_("approuvent"), default=0)
    neutral = models.PositiveIntegerField(_("sans opinion"), default=0)
    disapprove = models.PositiveIntegerField(_("désapprouvent"), default=0)
    taken_at = models.DateTimeField(_("relevé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("relevé hebdomadaire de perception")
        verbose_name_plural = _("relevés hebdomadaires de perception")
        ordering = ["poll", "week_start"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "week_start"], name="barometre_one_snapshot_per_week"),
        ]

    def __str__(self):
        return f"{self.poll_id} / {self.week_start}"

    @property
    def counts(self):
        return {"approve": self.approve, "neutral": self.neutral, "disapprove": self.disapprove}
