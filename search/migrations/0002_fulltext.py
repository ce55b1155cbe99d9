"""The database backend's full-text part, outside the ORM and different per database (see search/backends/database.py).

PostgreSQL: text search configurations that fold accents (unaccent) before the Snowball stemmers, a `vector` column
computed by the database (title A, body B, context C; English pages with the English stemmer, everything else with
the French one) indexed by GIN, and two partial indexes on pages' titles (not on contributions) for the autocomplete.

SQLite: an FTS5 table whose rowid is the document's id, of the stems computed in Python (`search.text.stems`) and of
the folded words of pages' titles (autocomplete by prefix).

Other databases: nothing (the backend then refuses to search).
"""

from django.db import migrations

TABLE = "search_searchdocument"

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION aimpact_french (COPY = french)",
    "ALTER TEXT SEARCH CONFIGURATION aimpact_french ALTER MAPPING FOR "
    "asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, french_stem",
    "CREATE TEXT SEARCH CONFIGURATION aimpact_english (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION aimpact_english ALTER MAPPING FOR "
    "asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, english_stem",
    "CREATE TEXT SEARCH CONFIGURATION aimpact_simple (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION aimpact_simple ALTER MAPPING FOR "
    "asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple",
    f"""ALTER TABLE {TABLE} ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(CASE WHEN language = 'en' THEN 'aimpact_english'::regconfig
                                   ELSE 'aimpact_french'::regconfig END, coalesce(title, '')), 'A')
        || setweight(to_tsvector(CASE WHEN language = 'en' THEN 'aimpact_english'::regconfig
                                      ELSE 'aimpact_french'::regconfig END, coalesce(context_title, '')), 'C')
        || setweight(to_tsvector(CASE WHEN language = 'en' THEN 'aimpact_english'::regconfig
                                      ELSE 'aimpact_french'::regconfig END, coalesce(body, '')), 'B')
    ) STORED""",
    f"CREATE INDEX search_doc_vector ON {TABLE} USING gin (vector)",
    # « newest first » with undated items last, in an order PostgreSQL can walk (SQLite has no NULLS LAST in an index;
    # its DESC already puts NULLs last): the same name as the model's index, so Django's state is unchanged
    "DROP INDEX search_doc_date",
    f"CREATE INDEX search_doc_date ON {TABLE} (date DESC NULLS LAST, id DESC)",
    # the same order inside a filter, for a common word searched in one territory, theme or type
    f"CREATE INDEX search_doc_territory_date ON {TABLE} (territory_code, date DESC NULLS LAST, id DESC)",
    f"CREATE INDEX search_doc_theme_date ON {TABLE} (theme, date DESC NULLS LAST, id DESC)",
    f"CREATE INDEX search_doc_kind_date ON {TABLE} (kind, date DESC NULLS LAST, id DESC)",
    # Autocomplete: pages only (language <> ''), a word of the title starting with…, or the title starting with…
    f"CREATE INDEX search_doc_title_words ON {TABLE} USING gin "
    f"(to_tsvector('aimpact_simple'::regconfig, title)) WHERE language <> ''",
    f"CREATE INDEX search_doc_title_key ON {TABLE} (language, title_key varchar_pattern_ops) WHERE language <> ''",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_title_key",
    "DROP INDEX IF EXISTS search_doc_title_words",
    "DROP INDEX IF EXISTS search_doc_vector",
    "DROP INDEX IF EXISTS search_doc_kind_date",
    "DROP INDEX IF EXISTS search_doc_theme_date",
    "DROP INDEX IF EXISTS search_doc_territory_date",
    "DROP INDEX IF EXISTS search_doc_date",
    f"CREATE INDEX search_doc_date ON {TABLE} (date DESC, id DESC)",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS aimpact_simple",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS aimpact_english",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS aimpact_french",
    # the unaccent extension stays: other code may use it, and dropping it needs more rights than creating it
]

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, context, body, title_words, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
