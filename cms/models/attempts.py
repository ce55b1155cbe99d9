from django.db import models
from django.utils.translation import gettext_lazy as _


class AttemptCounter(models.Model):
    """Attempts counted by `cms.ratelimit` for one key (a scope, a client or a session, a time window), in the
    database: `count` grows by an atomic UPDATE, so parallel requests cannot all read the same count."""

    key = models.CharField(max_length=120, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("compteur de tentatives")
        verbose_name_plural = _("compteurs de tentatives")

    def __str__(self):
        return f"{self.key}: {self.count}"
