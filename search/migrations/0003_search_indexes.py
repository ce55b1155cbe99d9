"""PostgreSQL indexes on the filters (benchmarks/search.py, one million rows): a filter combined with a common word
(« école » in one commune, in one year) can be a BitmapAnd with the GIN index instead of reading every row of the
word (« école » + territory at 100,000 rows: 35 ms → 15 ms). The date order has its index since 0002.

SQLite: nothing (its searches start from the FTS5 table).
"""

from django.db import migrations

TABLE = "search_searchdocument"
INDEXES = {
    "search_doc_territory": "(territory_code)",
    "search_doc_year": "(year)",
    "search_doc_theme": "(theme)",
}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} {columns}")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(forward, backward)]
