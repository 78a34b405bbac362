"""The lock in the database itself: PostgreSQL triggers under every protocol table.

Every door of the application checks the lock (services, workspace, admin, the model
layer). These triggers are the last one: whatever writes to the tables — a management
command, a bulk ``QuerySet.update()``, a raw SQL session — cannot insert, change or
delete the content of a meeting that has left the draft state, nor change a meeting's
status, a signature or a frozen document. The workflow services open the lock for their
own writes with the transaction-local setting ``ratsprotokoll.unlock`` (lock.py). Stored
files (``IMMUTABLE_MODELS``) are never updated, by anyone.

One trigger function, attached to the table of every protocol-content model with the
way from a row to its meeting (``ProtocolContent.meeting_chain``, derived from its
``meeting_path``), and to the frozen tables that never change once written. They are
(re)installed after every ``migrate`` (apps.py), so a new content model is guarded
without anyone remembering to; ``tests/workflow/test_lock.py`` checks every table.

SQLite (the local trial database) has no such triggers; there the model layer guards.
"""

from django.apps import apps
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from .lock import UNLOCK_SETTING
from .models import FROZEN_MODELS, IMMUTABLE_MODELS, ProtocolContent

TRIGGER_NAME = "ratsprotokoll_guard"
FUNCTION_NAME = "ratsprotokoll_guard_protocol"

GUARD_FUNCTION = rf"""
CREATE OR REPLACE FUNCTION {FUNCTION_NAME}() RETURNS trigger AS $$
DECLARE
    mode text := TG_ARGV[0];
    candidate jsonb;
    rows jsonb[] := ARRAY[]::jsonb[];
    ref text;
    hop int;
BEGIN
    IF mode = 'immutable' THEN
        IF TG_OP = 'UPDATE' THEN
            RAISE EXCEPTION 'ratsprotokoll: UPDATE on % refused: a stored file never changes', TG_TABLE_NAME
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN coalesce(NEW, OLD);
    END IF;
    IF coalesce(current_setting('{UNLOCK_SETTING}', true), 'off') = 'on' THEN
        RETURN coalesce(NEW, OLD);
    END IF;
    IF mode = 'frozen' THEN
        RAISE EXCEPTION 'ratsprotokoll: % on % refused: signatures and signed documents never change',
            TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        rows := array_append(rows, to_jsonb(OLD));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        rows := array_append(rows, to_jsonb(NEW));
    END IF;
    IF mode = 'meeting' THEN
        IF TG_OP = 'UPDATE' AND (to_jsonb(NEW)->>'status') IS DISTINCT FROM (to_jsonb(OLD)->>'status') THEN
            RAISE EXCEPTION 'ratsprotokoll: the status of meeting % changes only through the workflow', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        FOREACH candidate IN ARRAY rows LOOP
            IF candidate->>'status' <> 'draft' THEN
                RAISE EXCEPTION 'ratsprotokoll: meeting % is not a draft; its protocol cannot be changed',
                    candidate->>'id' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
        END LOOP;
        RETURN coalesce(NEW, OLD);
    END IF;
    -- mode 'content': TG_ARGV[1] is the row's column that points towards the meeting,
    -- then pairs (table, column) to follow until the meeting's id.
    FOREACH candidate IN ARRAY rows LOOP
        ref := candidate->>TG_ARGV[1];
        hop := 2;
        WHILE hop < TG_NARGS AND ref IS NOT NULL LOOP
            EXECUTE format('SELECT %I::text FROM %I WHERE id = $1', TG_ARGV[hop + 1], TG_ARGV[hop])
                INTO ref USING ref::bigint;
            hop := hop + 2;
        END LOOP;
        IF EXISTS (SELECT 1 FROM minutes_meeting WHERE id = ref::bigint AND status <> 'draft') THEN
            RAISE EXCEPTION 'ratsprotokoll: % on % refused: meeting % is not a draft',
                TG_OP, TG_TABLE_NAME, ref USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END LOOP;
    RETURN coalesce(NEW, OLD);
END;
$$ LANGUAGE plpgsql;
"""


def guarded_tables() -> dict[str, list[str]]:
    """Every guarded table with its trigger arguments (see GUARD_FUNCTION)."""
    tables = {}
    for model in apps.get_app_config("minutes").get_models():
        if not issubclass(model, ProtocolContent):
            continue
        if model.meeting_path == "":
            tables[model._meta.db_table] = ["meeting"]
            continue
        (_own_table, own_column), *hops = model.meeting_chain()
        tables[model._meta.db_table] = ["content", own_column] + [part for hop in hops for part in hop]
    for model in FROZEN_MODELS:
        tables[model._meta.db_table] = ["frozen"]
    for model in IMMUTABLE_MODELS:
        tables[model._meta.db_table] = ["immutable"]
    return tables


TRIGGER_MIGRATION = ("minutes", "0005_protocol_lock_triggers")


def install_triggers(using: str = "default", **kwargs) -> None:
    """(Re)create the guard function and one trigger per guarded table; PostgreSQL only.

    Run by the trigger migration (0005) and, connected to ``post_migrate``, after every
    later ``migrate`` (and test-database flush), when the tables of newer models exist
    too — unless the database was migrated back before the trigger migration.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    if "schema_editor" not in kwargs and TRIGGER_MIGRATION not in MigrationRecorder(connection).applied_migrations():
        return
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        cursor.execute(GUARD_FUNCTION)
        for table, arguments in guarded_tables().items():
            if table not in existing:
                continue
            quoted = ", ".join("'" + argument.replace("'", "''") + "'" for argument in arguments)
            cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER_NAME} ON "{table}"')
            cursor.execute(
                f'CREATE TRIGGER {TRIGGER_NAME} BEFORE INSERT OR UPDATE OR DELETE ON "{table}" '
                f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION_NAME}({quoted})"
            )


def drop_triggers(using: str = "default", **kwargs) -> None:
    """Remove every guard trigger and the function (the trigger migration, backwards)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in guarded_tables_in_database(using):
            cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER_NAME} ON "{table}"')
        cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION_NAME}()")


def guarded_tables_in_database(using: str = "default") -> set[str]:
    """The tables that carry the guard trigger right now (for the tests)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s AND NOT t.tgisinternal",
            [TRIGGER_NAME],
        )
        return {row[0] for row in cursor.fetchall()}
