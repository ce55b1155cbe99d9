"""What a territory import did: counts per kind, rows skipped on purpose, and their summary in French."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .codes import NO_EPCI, Kind


@dataclass
class ImportReport:
    """What an import did, per territory kind, plus the rows it skipped on purpose."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    aggregated: int = 0

    @property
    def changed(self):
        return sum(self.created.values()) + sum(self.updated.values())

    def lines(self):
        """Human-readable summary, in French."""
        lines = []
        for kind in (Kind.REGION, Kind.DEPARTEMENT, Kind.COLLECTIVITE_OUTRE_MER, Kind.EPCI, Kind.COMMUNE):
            counts = (self.created[kind], self.updated[kind], self.unchanged[kind])
            if any(counts):
                lines.append(
                    _("%(kind)s : %(created)d créé(s), %(updated)d mis à jour, %(unchanged)d inchangé(s)")
                    % {"kind": Kind(kind).label, "created": counts[0], "updated": counts[1], "unchanged": counts[2]}
                )
        labels = {
            "COMA": _("communes associées (COMA) ignorées"),
            "COMD": _("communes déléguées (COMD) ignorées"),
            "ARM": _("arrondissements municipaux (ARM) ignorés"),
            NO_EPCI: _("communes sans intercommunalité (ZZZZZZZZZ)"),
            "ARM_POPULATION": _("populations d'arrondissements municipaux ignorées"),
            "REGION_OUTRE_MER": _("collectivités d'outre-mer listées comme régions ignorées"),
        }
        for key, count in self.skipped.items():
            lines.append(_("%(count)d %(label)s") % {"count": count, "label": labels.get(key, key)})
        if self.aggregated:
            lines.append(
                _("%(count)d population(s) d'EPCI, de département ou de région recalculée(s)")
                % {"count": self.aggregated}
            )
        if not lines:
            lines.append(_("Aucun territoire dans les fichiers importés."))
        return lines
