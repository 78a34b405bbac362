"""Record once what a builder writes to the database, then write it back cheaply in each test.

Building the demo (``load_demo``) takes seconds: it submits and signs the seed protocol,
renders two PDFs with WeasyPrint and publishes it. Most tests only need the result.
``DatabaseSnapshot.record(build)`` runs the builder once, inside a transaction it rolls
back, and keeps

- every row the builder added, of every model — the council and minutes apps, their
  history tables (simple-history), auth users with their permission rows, … — with its
  primary key and every value exactly as written (timestamps included);
- the files it wrote to MEDIA_ROOT (the figures).

``restore()`` inserts those rows into the current test's transaction with plain INSERTs
(no ``save()``, no signals, so no extra history rows and no fresh timestamps), resets the
primary-key sequences past them, and writes the files into the test's MEDIA_ROOT. A
``db`` test rolls it all back at its end like anything else it wrote.

The recorded rows point to rows that were there before the build (content types and
permissions, which migrations create). Those come back with new keys when a transactional
test flushes the database, so a snapshot also remembers the shape of the database it was
recorded on (``database_shape``: row count and highest key per table), and callers restore
it only into a database of that shape.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connections, transaction
from django.test import override_settings

from minutes import lock

# Rows per INSERT statement: few round trips, well below PostgreSQL's 65,535 parameters
# and SQLite's 32,766 even for the widest table.
ROWS_PER_INSERT = 200


def model_tables():
    """Every model with a table of its own, including auto-created many-to-many tables and
    the history models."""
    from minutes.models import DERIVED_MODELS

    tables = set()
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.db_table in tables or model in DERIVED_MODELS:
            continue  # (derived rows are written again by the triggers when their sources are restored)
        tables.add(opts.db_table)
        yield model


def _rows(model, using: str) -> dict:
    """The model's rows by primary key, as Python values (bytes instead of memoryviews)."""
    fields = model._meta.local_concrete_fields
    rows = model._base_manager.using(using).order_by().values_list(*[f.attname for f in fields])
    pk_index = fields.index(model._meta.pk)
    return {row[pk_index]: tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in rows.iterator()}


def database_shape(using: str = "default") -> tuple:
    """Row count and highest primary key of every table, in one query: the shape that must
    not have changed for a snapshot's keys to fit."""
    connection = connections[using]
    qn = connection.ops.quote_name

    def highest(model) -> str:
        column = qn(model._meta.pk.column)
        if model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField", "SmallAutoField", "IntegerField"):
            return f"MAX({column})"
        return f"MAX(CAST({column} AS VARCHAR(255)))"  # e.g. the task queue's UUIDs: no MAX(uuid)

    parts = [
        f"SELECT {i}, COUNT(*), CAST({highest(m)} AS VARCHAR(255)) FROM {qn(m._meta.db_table)}"
        for i, m in enumerate(model_tables())
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return tuple(sorted(cursor.fetchall()))


@dataclass
class _Table:
    model: type
    fields: list
    rows: list[tuple]


@dataclass
class DatabaseSnapshot:
    shape: tuple  # database_shape() before the build
    tables: list[_Table]
    files: dict[str, bytes]  # MEDIA_ROOT-relative path → content

    @classmethod
    def record(cls, build: Callable[[], object], *, using: str = "default", **settings_overrides) -> DatabaseSnapshot:
        """Run ``build()`` in a transaction that is rolled back, and keep what it wrote.

        ``settings_overrides`` apply while it runs; MEDIA_ROOT is a temporary folder, read
        back and deleted afterwards. The builder may add rows but must not change or delete
        rows that were there before: a snapshot could not restore that, so it refuses.
        """
        media = Path(tempfile.mkdtemp(prefix="ratsprotokoll-snapshot-"))
        try:
            with override_settings(**{**settings_overrides, "MEDIA_ROOT": media}), transaction.atomic(using=using):
                shape = database_shape(using)
                models = list(model_tables())
                before = {model: _rows(model, using) for model in models}
                build()
                tables = []
                for model in models:
                    old, new = before[model], _rows(model, using)
                    changed = [pk for pk, row in old.items() if new.get(pk) != row]
                    if changed:
                        raise RuntimeError(
                            f"{model._meta.label}: the build changed or deleted rows that were there before "
                            f"(primary keys {changed[:5]}); a snapshot can only add rows."
                        )
                    added = [row for pk, row in new.items() if pk not in old]
                    if added:
                        tables.append(_Table(model, model._meta.local_concrete_fields, added))
                transaction.set_rollback(True, using=using)
            files = {str(p.relative_to(media)): p.read_bytes() for p in sorted(media.rglob("*")) if p.is_file()}
        finally:
            shutil.rmtree(media, ignore_errors=True)
        return cls(shape=shape, tables=tables, files=files)

    def restore(self, using: str = "default") -> None:
        """Insert the recorded rows (keys included) and write the recorded files to MEDIA_ROOT."""
        connection = connections[using]
        qn = connection.ops.quote_name
        # The rows may belong to signed protocols, which the PostgreSQL triggers guard:
        # open the lock as the workflow services do (transaction-local).
        with lock.unlocked(using), connection.cursor() as cursor:
            for table in self.tables:
                columns = ", ".join(qn(f.column) for f in table.fields)
                row_sql = "(" + ", ".join(["%s"] * len(table.fields)) + ")"
                for start in range(0, len(table.rows), ROWS_PER_INSERT):
                    chunk = table.rows[start : start + ROWS_PER_INSERT]
                    params = [
                        field.get_db_prep_save(value, connection)
                        for row in chunk
                        for field, value in zip(table.fields, row, strict=True)
                    ]
                    cursor.execute(
                        f"INSERT INTO {qn(table.model._meta.db_table)} ({columns}) "
                        f"VALUES {', '.join([row_sql] * len(chunk))}",
                        params,
                    )
            # Explicit keys leave the sequences behind: the next row a test creates must not collide.
            for sql in connection.ops.sequence_reset_sql(no_style(), [t.model for t in self.tables]):
                cursor.execute(sql)
        media = Path(settings.MEDIA_ROOT)
        for name, content in self.files.items():
            path = media / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
