"""Indexes of the commune lookup (cms/accounts/communes.py): the normalised name and the INSEE code, for exact and
prefix matches (B-trees, with the pattern operator class on PostgreSQL), and on PostgreSQL only a trigram index
(pg_trgm) on the normalised name for the suggestions' substrings and typos. On SQLite the trigram steps do nothing."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

TRIGRAM_INDEX = "territory_name_key_trgm"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON cms_territory USING gin (name_key gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0008_territory_outre_mer_name_key"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="territory",
            index=models.Index(fields=["name_key"], name="territory_name_key_idx", opclasses=["varchar_pattern_ops"]),
        ),
        migrations.AddIndex(
            model_name="territory",
            index=models.Index(fields=["code"], name="territory_code_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ),
        # A no-op on any database but PostgreSQL (Django's CreateExtension checks the vendor); pg_trgm is a trusted
        # extension: the database's owner may create it.
        TrigramExtension(),
        migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False),
    ]
