"""PostgreSQL indexes the searches of a large archive need (benchmarks/search.py, one million rows):

- `search_doc_recent` (date DESC NULLS LAST, id DESC): the order the backend sorts by (relevance ranks the newest
  matches, the date sort, the pages after the ranked window). The model's `search_doc_date` is (date DESC, id DESC),
  i.e. NULLS FIRST, which PostgreSQL cannot use for `ORDER BY date DESC NULLS LAST`: it read the whole table instead.
- `territory_code`, `year`, `theme`: a filter combined with a common word (« école » in one commune) is a BitmapAnd
  with the GIN index instead of reading every row of the word.

SQLite: nothing (its searches start from the FTS5 table).
"""

from django.db import migrations

TABLE = "search_searchdocument"
INDEXES = {
    "search_doc_recent": "(date DESC NULLS LAST, id DESC)",
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
