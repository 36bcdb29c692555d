"""The demo, built once per test process and restored for each test that wants it (issue 16).

Building the demo (``seed_demo``: the workflow services, the settings directory, the published
statistics, tens of thousands of synthetic records and the letters' PDFs) takes 10 to 80 seconds
on a 2-core machine, and browser tests (transactional: the database is emptied after each) used to
build it once per test. Now the first test that asks for the demo builds it exactly as before,
the database and the private files are copied aside, and later tests get that copy back:

- SQLite (embedded default; the test database lives in memory): SQLite's online backup, into a
  second in-memory database and back;
- PostgreSQL (full stack): each table copied into a schema of its own (``CREATE TABLE ... AS``),
  and restored by emptying the tables and ``INSERT ... SELECT`` in one transaction (the foreign
  keys Django creates are checked at the commit), then the id sequences set past the ids.

The copy is taken straight after the build, before the test does anything, so every test starts
from the same demo it would have built. A copy is kept per kind of demo and per day (the demo's
dates are relative to today).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction

_snapshots: dict[tuple[str, date], Snapshot] = {}


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


class Snapshot:
    """A copy of the whole test database and of the private files (``MEDIA_ROOT``)."""

    def __init__(self, key: str):
        self.key = key
        self.media = Path(tempfile.mkdtemp(prefix=f"demo-snapshot-{key}-"))
        self.sqlite: sqlite3.Connection | None = None
        self.schema = f"demo_snapshot_{key}"
        self.filled: list[str] = []

    # -- taking --------------------------------------------------------------------------------

    def take(self) -> None:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self.sqlite = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self.sqlite)
        elif connection.vendor == "postgresql":
            quote = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {quote(self.schema)} CASCADE")
                cursor.execute(f"CREATE SCHEMA {quote(self.schema)}")
                for table in _tables():
                    cursor.execute(
                        f"CREATE UNLOGGED TABLE {quote(self.schema)}.{quote(table)} "
                        f"AS TABLE {quote(table)}"
                    )
                    if cursor.rowcount:
                        self.filled.append(table)
        else:  # pragma: no cover - the two databases the portal supports
            raise RuntimeError(f"No way to copy a {connection.vendor} database")
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            shutil.copytree(media, self.media, dirs_exist_ok=True)

    # -- restoring -----------------------------------------------------------------------------

    def restore(self) -> None:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            self.sqlite.backup(connection.connection)
        else:
            quote = connection.ops.quote_name
            with transaction.atomic(), connection.cursor() as cursor:
                for sql in connection.ops.sql_flush(no_style(), _tables(), allow_cascade=True):
                    cursor.execute(sql)
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                # The rows go back as they were, not through the steps that made them: the
                # database's own triggers (e.g. "a published National Standards version cannot
                # be changed") are off while they do, and on again before the commit.
                cursor.execute(
                    "SELECT DISTINCT c.relname FROM pg_trigger t "
                    "JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace"
                )
                guarded = [name for (name,) in cursor.fetchall()]
                for table in guarded:
                    cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER USER")
                for table in self.filled:
                    cursor.execute(
                        f"INSERT INTO {quote(table)} "  # noqa: S608 - table names, quoted
                        f"SELECT * FROM {quote(self.schema)}.{quote(table)}"
                    )
                # Every row is back: check the foreign keys now, then the triggers can return.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for table in guarded:
                    cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER USER")
                models = list(apps.get_models(include_auto_created=True))
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
        # Ids in the copy may differ from those cached since the last flush.
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        shutil.copytree(self.media, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)


def demo(key: str, build: Callable[[], None]) -> None:
    """Give the current (transactional) test the demo built by ``build``: built here the first
    time in this process (and copied aside), restored from the copy after that."""
    from ehcp.selectors import today

    day = today()
    snapshot = _snapshots.get((key, day))
    if snapshot is not None:
        snapshot.restore()
        return
    build()
    snapshot = Snapshot(key)
    snapshot.take()
    _snapshots[(key, day)] = snapshot
