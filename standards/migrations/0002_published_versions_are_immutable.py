"""Database guard: a published or statutory National Standards version cannot be changed.

The services refuse such changes with a clear message; these triggers make the database refuse
them too, whatever code runs (admin, shell, a future bug). Deleting rows is not guarded, so that
test databases can be flushed; nothing in the portal deletes a published version.

SQLite drops a table's triggers when Django rebuilds the table: a later migration that alters
these tables must run ``create_triggers`` again (tests/standards/test_models.py would fail).
"""

from django.db import migrations

FROZEN = "('published', 'statutory')"
MESSAGE = "A published National Standards version cannot be changed"

SQLITE_CREATE = [
    f"""
    CREATE TRIGGER standards_entry_frozen_insert
    BEFORE INSERT ON standards_standardversion
    WHEN (SELECT status FROM standards_catalogueversion WHERE id = NEW.catalogue_version_id)
         IN {FROZEN}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER standards_entry_frozen_update
    BEFORE UPDATE ON standards_standardversion
    WHEN (SELECT status FROM standards_catalogueversion WHERE id = OLD.catalogue_version_id)
         IN {FROZEN}
      OR (SELECT status FROM standards_catalogueversion WHERE id = NEW.catalogue_version_id)
         IN {FROZEN}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER standards_version_frozen_update
    BEFORE UPDATE ON standards_catalogueversion
    WHEN OLD.status IN {FROZEN} AND (
        NEW.status NOT IN {FROZEN}
        OR NEW.number IS NOT OLD.number
        OR NEW.is_illustrative IS NOT OLD.is_illustrative
        OR NEW.summary_of_changes IS NOT OLD.summary_of_changes
        OR NEW.based_on_id IS NOT OLD.based_on_id
    )
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS standards_entry_frozen_insert",
    "DROP TRIGGER IF EXISTS standards_entry_frozen_update",
    "DROP TRIGGER IF EXISTS standards_version_frozen_update",
]

POSTGRES_CREATE = [
    f"""
    CREATE OR REPLACE FUNCTION standards_refuse_frozen_entry() RETURNS trigger AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM standards_catalogueversion
                 WHERE id = NEW.catalogue_version_id AND status IN {FROZEN})
         OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM standards_catalogueversion
                 WHERE id = OLD.catalogue_version_id AND status IN {FROZEN})) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER standards_entry_frozen
    BEFORE INSERT OR UPDATE ON standards_standardversion
    FOR EACH ROW EXECUTE FUNCTION standards_refuse_frozen_entry()
    """,
    f"""
    CREATE OR REPLACE FUNCTION standards_refuse_frozen_version() RETURNS trigger AS $$
    BEGIN
      IF OLD.status IN {FROZEN} AND (
           NEW.status NOT IN {FROZEN}
           OR NEW.number IS DISTINCT FROM OLD.number
           OR NEW.is_illustrative IS DISTINCT FROM OLD.is_illustrative
           OR NEW.summary_of_changes IS DISTINCT FROM OLD.summary_of_changes
           OR NEW.based_on_id IS DISTINCT FROM OLD.based_on_id) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER standards_version_frozen
    BEFORE UPDATE ON standards_catalogueversion
    FOR EACH ROW EXECUTE FUNCTION standards_refuse_frozen_version()
    """,
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS standards_entry_frozen ON standards_standardversion",
    "DROP FUNCTION IF EXISTS standards_refuse_frozen_entry()",
    "DROP TRIGGER IF EXISTS standards_version_frozen ON standards_catalogueversion",
    "DROP FUNCTION IF EXISTS standards_refuse_frozen_version()",
]

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRES_CREATE, POSTGRES_DROP),
}


def _run(schema_editor, index: int) -> None:
    statements = STATEMENTS.get(schema_editor.connection.vendor)
    if statements is None:
        return
    for sql in statements[index]:
        schema_editor.execute(sql)


def create_triggers(apps, schema_editor):
    _run(schema_editor, 0)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
