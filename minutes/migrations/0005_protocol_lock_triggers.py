"""The lock on non-draft protocols, in the database itself (PostgreSQL only).

Every door of the application checks the lock (services, workspace, admin, the model
layer). These triggers are the last one: whatever writes to the tables — a management
command, a bulk ``QuerySet.update()``, a raw SQL session — cannot insert, change or
delete the content of a meeting that has left the draft state, nor change a meeting's
status, a signature or a frozen document. The workflow services open the lock for their
own writes with the transaction-local setting ``ratsprotokoll.unlock`` (minutes/lock.py).

SQLite (the local trial database) has no such triggers; there the model layer guards.
"""

from django.db import migrations

GUARD_FUNCTION = r"""
CREATE OR REPLACE FUNCTION ratsprotokoll_guard_protocol() RETURNS trigger AS $$
DECLARE
    mode text := TG_ARGV[0];
    candidate jsonb;
    rows jsonb[] := ARRAY[]::jsonb[];
    meeting bigint;
BEGIN
    IF coalesce(current_setting('ratsprotokoll.unlock', true), 'off') = 'on' THEN
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
    FOREACH candidate IN ARRAY rows LOOP
        IF mode = 'meeting_id' THEN
            meeting := (candidate->>'meeting_id')::bigint;
        ELSE
            SELECT meeting_id INTO meeting FROM minutes_agendaitem WHERE id = (candidate->>'item_id')::bigint;
        END IF;
        IF EXISTS (SELECT 1 FROM minutes_meeting WHERE id = meeting AND status <> 'draft') THEN
            RAISE EXCEPTION 'ratsprotokoll: % on % refused: meeting % is not a draft',
                TG_OP, TG_TABLE_NAME, meeting USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END LOOP;
    RETURN coalesce(NEW, OLD);
END;
$$ LANGUAGE plpgsql;
"""

# table → how a row finds its meeting
GUARDED_TABLES = {
    "minutes_meeting": "meeting",
    "minutes_minutetaker": "meeting_id",
    "minutes_attendance": "meeting_id",
    "minutes_agendaitem": "meeting_id",
    "minutes_signatureline": "meeting_id",
    "minutes_presenter": "item_id",
    "minutes_contribution": "item_id",
    "minutes_decision": "item_id",
    "minutes_figure": "item_id",
    "minutes_signature": "frozen",
    "minutes_protocoldocument": "frozen",
}


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(GUARD_FUNCTION, params=None)  # its “%” are RAISE placeholders
    for table, mode in GUARDED_TABLES.items():
        schema_editor.execute(
            f"CREATE TRIGGER ratsprotokoll_guard BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION ratsprotokoll_guard_protocol('{mode}')"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in GUARDED_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS ratsprotokoll_guard ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS ratsprotokoll_guard_protocol()")


class Migration(migrations.Migration):
    dependencies = [("minutes", "0004_approval_workflow")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
