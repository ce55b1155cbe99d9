"""The territory table held in memory during an import: read once, looked up and changed by every row, written once.

`TerritoryState(using)` loads every territory as a `Record` keyed on (kind, code); the importer asks `has()` and
changes the `record()` of a territory (created when new). Then `aggregate_populations()` sums the communes into
their groupings and `write()` sends only the differences, with bulk statements, parents first.
"""

from collections import defaultdict

from django.db import connections

from cms.models import Territory

from .names import name_key

Kind = Territory.Kind
WRITABLE_FIELDS = ("name", "name_key", "parent", "epci", "population", "population_year")
# Parents before children: a row is created after the row it points to.
WRITE_ORDER = (Kind.REGION, Kind.DEPARTEMENT, Kind.COLLECTIVITE_OUTRE_MER, Kind.EPCI, Kind.COMMUNE)


class Record:
    """In-memory copy of one territory; `parent` and `epci` are (kind, code) keys."""

    __slots__ = (
        "pk",
        "kind",
        "code",
        "name",
        "name_key",
        "parent",
        "epci",
        "population",
        "population_year",
        "original",
    )

    def __init__(self, kind, code, *, pk=None, name="", key="", parent=None, epci=None, population=None, year=None):
        self.pk, self.kind, self.code, self.name, self.name_key = pk, kind, code, name, key
        self.parent, self.epci, self.population, self.population_year = parent, epci, population, year
        self.original = self.values() if pk is not None else None

    def values(self):
        return (self.name, self.name_key, self.parent, self.epci, self.population, self.population_year)

    def changed_fields(self):
        if self.original is None:
            return ()
        return tuple(f for f, old, new in zip(WRITABLE_FIELDS, self.original, self.values(), strict=True) if old != new)


class TerritoryState:
    """Every territory of database `using`, as `Record`s keyed on (kind, code)."""

    def __init__(self, using):
        self.using = using
        rows = list(
            Territory.objects.using(using).values_list(
                "pk", "kind", "code", "name", "name_key", "parent_id", "epci_id", "population", "population_year"
            )
        )
        keys = {row[0]: (row[1], row[2]) for row in rows}
        self.records = {}
        for pk, kind, code, name, key, parent_id, epci_id, population, year in rows:
            self.records[(kind, code)] = Record(
                kind,
                code,
                pk=pk,
                name=name,
                key=key,
                parent=keys.get(parent_id),
                epci=keys.get(epci_id),
                population=population,
                year=year,
            )
        self.touched = set()  # keys of the territories the files named

    def has(self, kind, code):
        return (kind, code) in self.records

    def record(self, kind, code):
        """The record of (kind, code), created when the table does not have it yet; marks it as named by a file."""
        key = (kind, code)
        record = self.records.get(key)
        if record is None:
            record = self.records[key] = Record(kind, code)
        self.touched.add(key)
        return record

    def aggregate_populations(self, kinds, fictional=None):
        """Population of each EPCI, département, collectivité d'outre-mer and région of `kinds` = sum of their
        communes', only when every commune has one; communes whose code `fictional` matches (the demo's) count in
        their EPCI only. Returns how many changed."""
        changed = 0
        members = defaultdict(list)
        for record in self.records.values():
            if record.kind != Kind.COMMUNE:
                continue
            if record.epci:
                members[record.epci].append(record)
            if record.parent and not (fictional and fictional.fullmatch(record.code)):
                members[record.parent].append(record)
                departement = self.records.get(record.parent)
                if departement is not None and departement.parent:
                    members[departement.parent].append(record)
        for key, communes in members.items():
            target = self.records.get(key)
            if target is None or target.kind not in kinds or any(commune.population is None for commune in communes):
                continue
            years = [commune.population_year for commune in communes if commune.population_year]
            total, year = sum(commune.population for commune in communes), max(years, default=None)
            if (target.population, target.population_year) != (total, year):
                target.population, target.population_year = total, year
                changed += 1
        return changed

    def fill_name_keys(self):
        """`name_key` of every territory the files named, as `Territory.save()` would set it: the bulk writes skip
        save(). A stored key that is stale (a row written before the column existed) is mended the same way."""
        for key in self.touched:
            record = self.records[key]
            record.name_key = name_key(record.name)

    def write(self, report):
        """Create the new territories and update the changed ones; count them (and the unchanged) in `report`."""
        self.fill_name_keys()
        pks = {key: record.pk for key, record in self.records.items() if record.pk is not None}
        by_kind = defaultdict(list)
        for record in self.records.values():
            by_kind[record.kind].append(record)
        for kind in WRITE_ORDER:
            new = [record for record in by_kind[kind] if record.pk is None]
            if new:
                objects = Territory.objects.using(self.using).bulk_create(
                    [self._instance(record, pks) for record in new], batch_size=2000
                )
                if any(obj.pk is None for obj in objects):  # backends that do not return primary keys
                    created = dict(Territory.objects.using(self.using).filter(kind=kind).values_list("code", "pk"))
                    for obj in objects:
                        obj.pk = created[obj.code]
                for record, obj in zip(new, objects, strict=True):
                    record.pk = pks[(kind, record.code)] = obj.pk
                report.created[kind] += len(new)
        changes = defaultdict(list)  # changed fields -> records: only what changed is written
        for key, record in self.records.items():
            if record.original is None:
                continue
            changed = record.changed_fields()
            if changed:
                changes[changed].append(record)
                report.updated[record.kind] += 1
            elif key in self.touched:
                report.unchanged[record.kind] += 1
        for fields, records in changes.items():
            self._update(fields, records, pks)

    def _update(self, fields, records, pks):
        """One UPDATE statement run for many rows (executemany).

        QuerySet.bulk_update() builds a CASE WHEN per field and batch, which takes ~20 s for the 35,000 communes of
        a new population year on SQLite; a parametrised UPDATE sent with executemany takes well under a second on
        SQLite and PostgreSQL alike. Only table and column names from the model's metadata go into the SQL text.
        """
        connection = connections[self.using]
        quote = connection.ops.quote_name
        meta = Territory._meta
        columns = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in fields)
        sql = f"UPDATE {quote(meta.db_table)} SET {columns} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
        values = {
            "name": lambda r: r.name,
            "name_key": lambda r: r.name_key,
            "parent": lambda r: pks.get(r.parent),
            "epci": lambda r: pks.get(r.epci),
            "population": lambda r: r.population,
            "population_year": lambda r: r.population_year,
        }
        getters = [values[name] for name in fields]
        with connection.cursor() as cursor:
            cursor.executemany(sql, [[get(r) for get in getters] + [r.pk] for r in records])

    @staticmethod
    def _instance(record, pks):
        return Territory(
            pk=record.pk,
            kind=record.kind,
            code=record.code,
            name=record.name,
            name_key=record.name_key,
            parent_id=pks.get(record.parent),
            epci_id=pks.get(record.epci),
            population=record.population,
            population_year=record.population_year,
        )
