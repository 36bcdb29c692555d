"""Database guard: only a draft plan version's sections and commitments can change, and a
published version stays published (it can only be replaced by a newer one).

The services refuse such changes with a clear message; these triggers make the database refuse
them too. Deletes are not guarded, so that test databases can be flushed. SQLite drops a table's
triggers when Django rebuilds the table: a later migration that alters these tables must run
``create_triggers`` again (tests/partnerships/test_models.py would fail).
"""

from django.db import migrations

MESSAGE = "Only a draft version of a local inclusion plan can be changed"
PUBLISHED_MESSAGE = "A published local inclusion plan version cannot be changed"
CHILD_TABLES = ("partnerships_plansection", "partnerships_commitment")


def _sqlite_create() -> list[str]:
    statements = []
    for table in CHILD_TABLES:
        for event, row in (("INSERT", "NEW"), ("UPDATE", "OLD")):
            statements.append(
                f"""
                CREATE TRIGGER {table}_frozen_{event.lower()}
                BEFORE {event} ON {table}
                WHEN (SELECT status FROM partnerships_planversion WHERE id = {row}.version_id)
                     <> 'draft'
                  OR (SELECT status FROM partnerships_planversion WHERE id = NEW.version_id)
                     <> 'draft'
                BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
                """
            )
    statements.append(
        f"""
        CREATE TRIGGER partnerships_planversion_published
        BEFORE UPDATE ON partnerships_planversion
        WHEN (OLD.status = 'published' AND NEW.status NOT IN ('published', 'superseded'))
          OR (OLD.status = 'superseded' AND NEW.status <> 'superseded')
          OR (OLD.status IN ('published', 'superseded') AND (
                NEW.plan_id IS NOT OLD.plan_id OR NEW.number IS NOT OLD.number
                OR NEW.published_at IS NOT OLD.published_at))
        BEGIN SELECT RAISE(ABORT, '{PUBLISHED_MESSAGE}'); END
        """
    )
    return statements


def _sqlite_drop() -> list[str]:
    statements = [
        f"DROP TRIGGER IF EXISTS {table}_frozen_{event}"
        for table in CHILD_TABLES
        for event in ("insert", "update")
    ]
    statements.append("DROP TRIGGER IF EXISTS partnerships_planversion_published")
    return statements


def _postgres_create() -> list[str]:
    statements = [
        f"""
        CREATE OR REPLACE FUNCTION partnerships_refuse_frozen_child() RETURNS trigger AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM partnerships_planversion
                     WHERE id = NEW.version_id AND status <> 'draft')
             OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM partnerships_planversion
                     WHERE id = OLD.version_id AND status <> 'draft')) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
        """,
        f"""
        CREATE OR REPLACE FUNCTION partnerships_refuse_published_change() RETURNS trigger AS $$
        BEGIN
          IF (OLD.status = 'published' AND NEW.status NOT IN ('published', 'superseded'))
             OR (OLD.status = 'superseded' AND NEW.status <> 'superseded')
             OR (OLD.status IN ('published', 'superseded') AND (
                   NEW.plan_id IS DISTINCT FROM OLD.plan_id
                   OR NEW.number IS DISTINCT FROM OLD.number
                   OR NEW.published_at IS DISTINCT FROM OLD.published_at)) THEN
            RAISE EXCEPTION '{PUBLISHED_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
        """,
        """
        CREATE TRIGGER partnerships_planversion_published
        BEFORE UPDATE ON partnerships_planversion
        FOR EACH ROW EXECUTE FUNCTION partnerships_refuse_published_change()
        """,
    ]
    for table in CHILD_TABLES:
        statements.append(
            f"""
            CREATE TRIGGER {table}_frozen
            BEFORE INSERT OR UPDATE ON {table}
            FOR EACH ROW EXECUTE FUNCTION partnerships_refuse_frozen_child()
            """
        )
    return statements


def _postgres_drop() -> list[str]:
    statements = [f"DROP TRIGGER IF EXISTS {table}_frozen ON {table}" for table in CHILD_TABLES]
    statements += [
        "DROP TRIGGER IF EXISTS partnerships_planversion_published ON partnerships_planversion",
        "DROP FUNCTION IF EXISTS partnerships_refuse_frozen_child()",
        "DROP FUNCTION IF EXISTS partnerships_refuse_published_change()",
    ]
    return statements


STATEMENTS = {
    "sqlite": (_sqlite_create, _sqlite_drop),
    "postgresql": (_postgres_create, _postgres_drop),
}


def _run(schema_editor, index: int) -> None:
    builders = STATEMENTS.get(schema_editor.connection.vendor)
    if builders is None:
        return
    for sql in builders[index]():
        schema_editor.execute(sql)


def create_triggers(apps, schema_editor):
    _run(schema_editor, 0)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
