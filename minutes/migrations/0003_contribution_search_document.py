"""German full-text search over the contributions' text (PostgreSQL only).

A stored generated column ``search_document`` (tsvector, German configuration) kept up
to date by PostgreSQL itself on every insert and update, with a GIN index. Storing the
vector, rather than indexing an expression, spares the ranking from re-parsing the text
of every matching contribution (see the benchmark in README.md).

The column is deliberately not a model field: SQLite — the local trial database — has
no tsvector, and the ORM never writes it. minutes.search reads it; on SQLite this
migration does nothing and the search falls back to a plain word search.
"""

from django.db import migrations

COLUMN = "search_document"
INDEX = "contribution_text_search"


def create_search_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE minutes_contribution ADD COLUMN {COLUMN} tsvector "
        "GENERATED ALWAYS AS (to_tsvector('german'::regconfig, COALESCE(text, ''))) STORED"
    )
    schema_editor.execute(f"CREATE INDEX {INDEX} ON minutes_contribution USING gin ({COLUMN})")


def drop_search_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"ALTER TABLE minutes_contribution DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("minutes", "0002_history_of_protocol_content")]

    operations = [migrations.RunPython(create_search_document, drop_search_document)]
