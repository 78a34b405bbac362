"""The lock on non-draft protocols, in the database itself (PostgreSQL only).

The trigger function and the list of guarded tables live in minutes/triggers.py,
derived from the models (``ProtocolContent.meeting_path``); this migration installs them,
and ``post_migrate`` keeps them up to date for models added later. Backwards it removes
them all. SQLite (the local trial database) has no triggers; there the model layer guards.
"""

from django.db import migrations


def create_triggers(apps, schema_editor):
    from minutes import triggers

    triggers.install_triggers(schema_editor.connection.alias, schema_editor=schema_editor)


def drop_triggers(apps, schema_editor):
    from minutes import triggers

    triggers.drop_triggers(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("minutes", "0004_approval_workflow")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
