"""The search table (minutes.models.SearchEntry) and, on PostgreSQL, what keeps it.

PostgreSQL: a German tsvector column ``document`` with a GIN index, and triggers that
write a row for every contribution and keep it in step with its agenda item (public,
meeting) and its meeting (date, body, status) — whatever writes them: the services, the
admin, bulk inserts of generate_large_city, raw SQL. Existing contributions are copied in.
The generated column of 0003 (``minutes_contribution.search_document``) is dropped: the
search reads this table now.

SQLite (the local trial) has no tsvector and no such triggers: the table stays empty
there and the search reads the contributions (minutes/portal/search.py).
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "minutes_searchentry"
INDEX = "search_entry_document"

CONTRIBUTION_ROWS = """
    SELECT 'contribution', c.id, i.id, m.id, m.body_id, m.date, m.status = 'published', i.public, c.speaker_id,
           to_tsvector('german'::regconfig, COALESCE(c.text, ''))
    FROM minutes_contribution c
    JOIN minutes_agendaitem i ON i.id = c.item_id
    JOIN minutes_meeting m ON m.id = i.meeting_id
"""
COLUMNS = "kind, object_id, item_id, meeting_id, body_id, date, published, public, speaker_id, document"

FORWARD = [
    f"ALTER TABLE {TABLE} ADD COLUMN document tsvector NOT NULL DEFAULT ''::tsvector",
    f"CREATE INDEX {INDEX} ON {TABLE} USING gin (document)",
    f"""
    CREATE FUNCTION minutes_search_contribution() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM {TABLE} WHERE kind = 'contribution' AND object_id = OLD.id;
            RETURN NULL;
        END IF;
        INSERT INTO {TABLE} ({COLUMNS})
        SELECT 'contribution', NEW.id, i.id, m.id, m.body_id, m.date, m.status = 'published', i.public,
               NEW.speaker_id, to_tsvector('german'::regconfig, COALESCE(NEW.text, ''))
        FROM minutes_agendaitem i JOIN minutes_meeting m ON m.id = i.meeting_id
        WHERE i.id = NEW.item_id
        ON CONFLICT (kind, object_id) DO UPDATE SET
            item_id = EXCLUDED.item_id, meeting_id = EXCLUDED.meeting_id, body_id = EXCLUDED.body_id,
            date = EXCLUDED.date, published = EXCLUDED.published, public = EXCLUDED.public,
            speaker_id = EXCLUDED.speaker_id, document = EXCLUDED.document;
        RETURN NULL;
    END $$""",
    """
    CREATE TRIGGER minutes_search_contribution
    AFTER INSERT OR DELETE OR UPDATE OF text, speaker_id, item_id ON minutes_contribution
    FOR EACH ROW EXECUTE FUNCTION minutes_search_contribution()""",
    f"""
    CREATE FUNCTION minutes_search_agendaitem() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {TABLE} e SET public = NEW.public, meeting_id = m.id, body_id = m.body_id, date = m.date,
                             published = m.status = 'published'
        FROM minutes_meeting m WHERE m.id = NEW.meeting_id AND e.item_id = NEW.id;
        RETURN NULL;
    END $$""",
    """
    CREATE TRIGGER minutes_search_agendaitem
    AFTER UPDATE OF public, meeting_id ON minutes_agendaitem
    FOR EACH ROW WHEN (OLD.public IS DISTINCT FROM NEW.public OR OLD.meeting_id IS DISTINCT FROM NEW.meeting_id)
    EXECUTE FUNCTION minutes_search_agendaitem()""",
    f"""
    CREATE FUNCTION minutes_search_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {TABLE} SET body_id = NEW.body_id, date = NEW.date, published = NEW.status = 'published'
        WHERE meeting_id = NEW.id;
        RETURN NULL;
    END $$""",
    """
    CREATE TRIGGER minutes_search_meeting
    AFTER UPDATE OF status, date, body_id ON minutes_meeting
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.date IS DISTINCT FROM NEW.date
                       OR OLD.body_id IS DISTINCT FROM NEW.body_id)
    EXECUTE FUNCTION minutes_search_meeting()""",
    f"INSERT INTO {TABLE} ({COLUMNS}) {CONTRIBUTION_ROWS}",
    f"ANALYZE {TABLE}",
    "DROP INDEX IF EXISTS contribution_text_search",
    "ALTER TABLE minutes_contribution DROP COLUMN IF EXISTS search_document",
]

BACKWARD = [
    "ALTER TABLE minutes_contribution ADD COLUMN search_document tsvector "
    "GENERATED ALWAYS AS (to_tsvector('german'::regconfig, COALESCE(text, ''))) STORED",
    "CREATE INDEX contribution_text_search ON minutes_contribution USING gin (search_document)",
    "DROP TRIGGER IF EXISTS minutes_search_meeting ON minutes_meeting",
    "DROP TRIGGER IF EXISTS minutes_search_agendaitem ON minutes_agendaitem",
    "DROP TRIGGER IF EXISTS minutes_search_contribution ON minutes_contribution",
    "DROP FUNCTION IF EXISTS minutes_search_meeting()",
    "DROP FUNCTION IF EXISTS minutes_search_agendaitem()",
    "DROP FUNCTION IF EXISTS minutes_search_contribution()",
    f"DROP INDEX IF EXISTS {INDEX}",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS document",
]


def keep_search_table(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def drop_search_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0002_protocol_rules"),
        ("minutes", "0008_archive_log_and_record_data"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(choices=[("contribution", "Contribution")], max_length=20, verbose_name="kind"),
                ),
                ("object_id", models.BigIntegerField(verbose_name="object")),
                ("date", models.DateField(verbose_name="date")),
                ("published", models.BooleanField(verbose_name="published")),
                ("public", models.BooleanField(verbose_name="public")),
                (
                    "body",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="council.body",
                        verbose_name="body",
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="minutes.agendaitem",
                        verbose_name="agenda item",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="minutes.meeting",
                        verbose_name="meeting",
                    ),
                ),
                (
                    "speaker",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="council.person",
                        verbose_name="speaker",
                    ),
                ),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "indexes": [
                    models.Index(
                        models.OrderBy(models.F("date"), descending=True),
                        models.OrderBy(models.F("id"), descending=True),
                        name="search_entry_newest",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="one_search_entry_per_object")
                ],
            },
        ),
        migrations.RunPython(keep_search_table, drop_search_triggers),
    ]
