"""Indicators of effectiveness: named series of dated values, attached to an entry.

Design: an `Indicator` is a ClusterableModel with its `IndicatorValue` rows as an InlinePanel, edited in its
own admin view (a ModelViewSet, see viewsets.py) and linked from the entry's edit form; it points at the
entry by an ordinary foreign key. Wagtail cannot nest inline panels two levels deep inside the page form, and
the values are data, not editorial content: statistics arrive monthly or yearly from their sources (by hand or
by CSV import) and must not go through the page's revisions and moderation, nor make a new draft each time.
Translations of an entry share its indicators (looked up through the entry's translation key).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from barometre.choices import Direction


class Indicator(ClusterableModel):
    entry = models.ForeignKey(
        "barometre.BarometreEntryPage",
        verbose_name=_("entrée du baromètre"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(
        _("nom"), max_length=200, help_text=_("Par exemple : « Part des trajets domicile-travail à vélo ».")
    )
    unit = models.CharField(_("unité"), max_length=40, blank=True, help_text=_("%, tonnes, euros, logements…"))
    target = models.DecimalField(_("cible"), max_digits=18, decimal_places=4, null=True, blank=True)
    target_date = models.DateField(_("échéance de la cible"), null=True, blank=True)
    direction = models.CharField(
        _("sens souhaité"), max_length=4, choices=Direction.choices, default=Direction.UP, blank=True
    )
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Par exemple : « INSEE, enquête annuelle ».")
    )
    source_url = models.URLField(_("lien vers la source"), max_length=500, blank=True)
    description = models.TextField(_("ce que mesure l'indicateur"), max_length=600, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    panels = [
        FieldPanel("entry"),
        FieldPanel("name"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("unit"), FieldPanel("direction")]),
                FieldRowPanel([FieldPanel("target"), FieldPanel("target_date")]),
                FieldRowPanel([FieldPanel("source"), FieldPanel("source_url")]),
                FieldPanel("sort_order"),
            ],
            heading=_("Unité, cible et source"),
        ),
        InlinePanel("values", heading=_("Valeurs datées"), label=_("valeur")),
    ]

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["entry", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "name"], name="barometre_indicator_unique_name")]

    def __str__(self):
        return self.name

    def series(self):
        """The values, oldest first."""
        return sorted(self.values.all(), key=lambda value: value.date)

    def latest(self):
        values = self.series()
        return values[-1] if values else None

    def to_dict(self):
        return {
            "id": self.pk,
            "name": self.name,
            "unit": self.unit,
            "target": self.target,
            "target_date": self.target_date,
            "direction": self.direction,
            "source": self.source,
            "source_url": self.source_url,
            "description": self.description,
            "values": [{"date": value.date, "value": value.value, "note": value.note} for value in self.series()],
        }


class IndicatorValue(Orderable):
    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="values")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("valeur"), max_digits=18, decimal_places=4)
    note = models.CharField(_("remarque"), max_length=200, blank=True)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("value")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("valeur")
        verbose_name_plural = _("valeurs")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["indicator", "date"], name="barometre_value_unique_date")]

    def __str__(self):
        return f"{self.date}: {self.value}"
