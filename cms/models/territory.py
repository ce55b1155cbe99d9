"""INSEE territories and their queries: what a territory contains (`within()`), what contains it
(`containing_ids()`, `containing()`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# How far up `containing_ids()` reads in its first query: a commune's département and région (INSEE's depth).
_ANCESTORS = ("parent_id", "parent__parent_id", "parent__parent__parent_id")


class TerritoryQuerySet(models.QuerySet):
    def regions(self):
        return self.filter(kind=Territory.Kind.REGION)

    def departements(self):
        return self.filter(kind=Territory.Kind.DEPARTEMENT)

    def epcis(self):
        return self.filter(kind=Territory.Kind.EPCI)

    def communes(self):
        return self.filter(kind=Territory.Kind.COMMUNE)

    def within(self, territory):
        """Territories contained in `territory`, itself included.

        - a commune: itself;
        - an EPCI: itself and its member communes (wherever their département);
        - a département: itself, its communes and the EPCI attached to it (`parent`), but not the communes of
          another département that belong to one of those EPCI;
        - a région: itself, its départements, and their communes and EPCI.
        """
        if territory.kind == Territory.Kind.COMMUNE:
            return self.filter(pk=territory.pk)
        if territory.kind == Territory.Kind.EPCI:
            return self.filter(models.Q(pk=territory.pk) | models.Q(epci=territory))
        if territory.kind == Territory.Kind.DEPARTEMENT:
            return self.filter(models.Q(pk=territory.pk) | models.Q(parent=territory))
        return self.filter(models.Q(pk=territory.pk) | models.Q(parent=territory) | models.Q(parent__parent=territory))

    def containing_ids(self):
        """Ids of these territories and of the territories containing them: a commune's EPCI, and every territory
        up its `parent` chain (département, région), that is, every territory whose `within()` includes it.

        One query with INSEE's régions → départements → communes/EPCI; a deeper chain costs one more query per
        three levels."""
        ids = set()
        read = set()  # ids whose parent is known (and in `ids` when it exists)
        rows = self.order_by().values_list("pk", "epci_id", *_ANCESTORS)
        while rows:
            unread = set()
            for pk, *others in rows:
                ids.update(node for node in (pk, *others) if node is not None)
                chain = [pk, *others[-len(_ANCESTORS) :]]  # a territory, its parent, grandparent, great-grandparent
                read.update(node for node in chain[:-1] if node is not None)
                unread.add(chain[-1])
            unread -= read | {None}
            rows = self.model.objects.filter(pk__in=unread).values_list("pk", *_ANCESTORS) if unread else None
        return ids

    def containing(self):
        """These territories and the territories containing them (see `containing_ids()`)."""
        return self.model.objects.filter(pk__in=self.containing_ids())


class Territory(models.Model):
    """A French territory from INSEE's Code officiel géographique.

    Régions contain départements, which contain communes (`parent`). A commune may also
    belong to an EPCI (`epci`); an EPCI's `parent` is the département where most of its
    communes lie (INSEE's composition file does not give the seat; see cms/territories/).
    Codes are INSEE codes (region "52", département "44", commune "44109") and SIREN
    numbers for EPCI, unique within a kind.
    """

    class Kind(models.TextChoices):
        REGION = "region", _("Région")
        DEPARTEMENT = "departement", _("Département")
        EPCI = "epci", _("Intercommunalité (EPCI)")
        COMMUNE = "commune", _("Commune")
        # Overseas collectivités that are not départements (INSEE codes 975, 977, 978, 984, 986, 987, 988, 989):
        # they hold communes (or, for some, none) like a département does.
        COLLECTIVITE_OUTRE_MER = "outre_mer", _("Collectivité d'outre-mer")

    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    code = models.CharField(_("code INSEE"), max_length=12)
    name = models.CharField(_("nom"), max_length=255)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("territoire parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    epci = models.ForeignKey(
        "self",
        verbose_name=_("intercommunalité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_communes",
        limit_choices_to={"kind": "epci"},
    )
    # The name as lookups compare it (cms/territories/names.py), kept in step by save() and the importer.
    name_key = models.CharField(_("nom normalisé"), max_length=255, default="", editable=False)
    population = models.PositiveIntegerField(_("population municipale"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("année de la population"), null=True, blank=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="territory_unique_kind_code"),
        ]
        indexes = [
            models.Index(fields=["name"]),
            # Commune lookups (cms/accounts/communes.py): an exact or prefix match on the normalised name, a prefix of
            # an INSEE code. On PostgreSQL the pattern operator class lets `LIKE 'x%'` read the index whatever the
            # database's collation; elsewhere it is a plain B-tree (read by a range). The trigram index of the fuzzy
            # suggestions exists on PostgreSQL only (migration 0009_lookup_name_key_indexes).
            models.Index(fields=["name_key"], name="territory_name_key_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["code"], name="territory_code_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()} {self.code})"

    def save(self, *args, **kwargs):
        from cms.territories.names import name_key

        self.name_key = name_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)
