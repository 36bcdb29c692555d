"""Backups: scripts/backup.sh dumps the database and scripts/restore.sh restores it into an
empty database, where every case is intact (docs/backups.md).

Full-stack only (pg_dump and pg_restore against PostgreSQL): runs in the full-stack run.
"""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from ehcp.models import Case, Stage
from tests.ehcp.factories import case_at

pytestmark = [pytest.mark.fullstack, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]

CASES_QUERY = (
    "SELECT reference, child_id, local_authority_id, stage, received_on, draft_served_on, "
    "final_issued_on, next_due_on FROM ehcp_case ORDER BY reference"
)


def _url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgresql://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{name}"


def _cases(url: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(CASES_QUERY).fetchall()


def test_a_backup_restores_into_an_empty_database_with_every_case_intact(tmp_path):
    assert connection.vendor == "postgresql", "needs PostgreSQL (the full-stack run)"
    for stage in (Stage.CONSIDERING, Stage.DRAFT_SERVED, Stage.FINAL_ISSUED):
        case_at(stage)
    source = _url(connection.settings_dict["NAME"])
    expected = _cases(source)
    assert len(expected) == Case.objects.count() == 3

    dump = tmp_path / "backup.dump"
    env = {"DATABASE_URL": source, "PATH": "/usr/bin:/bin"}
    subprocess.run([ROOT / "scripts/backup.sh", str(dump)], check=True, env=env)
    assert dump.stat().st_mode & 0o077 == 0, "the backup must be readable by its owner only"

    target_name = f"restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{target_name}"')
    try:
        subprocess.run(
            [ROOT / "scripts/restore.sh", str(dump)],
            check=True,
            env={"TARGET_URL": _url(target_name), "PATH": "/usr/bin:/bin"},
        )
        assert _cases(_url(target_name)) == expected
        with psycopg.connect(_url(target_name)) as conn:
            tables = {
                "ehcp_caseevent": "SELECT count(*) FROM ehcp_caseevent",
                "ehcp_plan": "SELECT count(*) FROM ehcp_plan",
                "send_portal_auditevent": "SELECT count(*) FROM send_portal_auditevent",
            }
            for table, query in tables.items():
                with connection.cursor() as cursor:
                    cursor.execute(query)
                    assert conn.execute(query).fetchone() == cursor.fetchone(), table
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
