"""A GIN index for German full-text search over the contributions' text (PostgreSQL only).

Built from minutes.search.search_vector(), so the index expression is exactly the one
the search queries use. It is not declared in Contribution.Meta because SQLite — the
local trial database — has no GIN indexes; there the migration does nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

INDEX_NAME = "contribution_text_search"


def _index():
    from minutes.search import search_vector

    return GinIndex(search_vector(), name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("minutes", "Contribution"), _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("minutes", "Contribution"), _index())


class Migration(migrations.Migration):
    dependencies = [("minutes", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
