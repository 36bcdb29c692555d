"""Marking a setting's councils stale is an indexed lookup on PostgreSQL, whatever the planner's
statistics say (issue 16).

What hung CI for 70 minutes: the demo rebuilt in one transaction, each setting saved marked its
plans' councils with ``... FROM ehcp_plan JOIN ehcp_case WHERE section_i_setting_id = ...``,
and the planner, told by statistics gathered when the tables held only dead rows that they were
empty, nested a walk through every plan inside a walk through every case: 30 to 57 s a setting.
Here the statistics are made that bad on purpose (rows loaded and rolled back, ANALYZE, rows
loaded again in the open transaction), and the statement ``mark`` runs must still reach the plans
through the index on ``section_i_setting_id`` and each case by its primary key.

Full-stack only (PostgreSQL's planner): runs in the full-stack run of scripts/test.sh.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection, transaction

from dashboards import summaries
from ehcp.reviews.demo import bulk_transfer_cohort
from send_portal.models import Organisation

pytestmark = [pytest.mark.fullstack, pytest.mark.django_db(transaction=True)]

TABLES = ("ehcp_plan", "ehcp_case", "ehcp_child")
PLANS = 6000


class Rollback(Exception):
    pass


def _school(urn: str) -> Organisation:
    essex = Organisation.objects.get(kind="la", la_code="881")
    return Organisation.objects.create(
        kind=Organisation.Kind.SETTING,
        urn=urn,
        name=f"School {urn}",
        setting_type="Community school",
        local_authority=essex,
        region=essex.region,
    )


def _cohort(setting, prefix: str):
    essex = Organisation.objects.get(kind="la", la_code="881")
    bulk_transfer_cohort(
        essex,
        year=2027,
        count=PLANS,
        today=date(2026, 11, 22),
        setting=setting,
        prefix=prefix,
        analyze=False,  # statistics that know nothing of these rows, on purpose
    )


def _analyze():
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(TABLES)}")


def _statistics() -> dict[str, tuple[int, float]]:
    with connection.cursor() as cursor:
        cursor.execute(
            # This schema's tables only: the browser tests' demo copy (tests/demo_snapshot.py)
            # keeps tables of the same names in a schema of its own.
            "SELECT relname, relpages, reltuples FROM pg_class WHERE relname = ANY(%s) "
            "AND relnamespace = current_schema()::regnamespace",
            [list(TABLES)],
        )
        return {name: (pages, tuples) for name, pages, tuples in cursor.fetchall()}


def _nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


@pytest.fixture
def stale_statistics():
    """The tables' statistics say "no rows" over pages of dead rows: what ANALYZE (or autovacuum)
    records after a test's rows were rolled back."""
    assert connection.vendor == "postgresql", "needs PostgreSQL (the full-stack run)"
    try:
        with transaction.atomic():
            _cohort(_school("990001"), "DEAD")
            raise Rollback
    except Rollback:
        pass
    _analyze()
    for name, (pages, tuples) in _statistics().items():
        assert pages > 0 and tuples == 0, f"{name}: {pages} pages, {tuples} rows"
    # The database is emptied after the test with TRUNCATE, which resets the statistics.


def test_marking_a_settings_councils_uses_the_indexes_even_with_stale_statistics(
    stale_statistics,
):
    with transaction.atomic():
        busy, quiet = _school("990002"), _school("990003")
        _cohort(busy, "LIVE")  # rows the statistics know nothing about
        assert _statistics()["ehcp_plan"][1] == 0
        for setting in (busy, quiet):
            sql, params = summaries.invalidation_statement("settings", [setting.pk])
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
                explained = cursor.fetchone()[0]
            if isinstance(explained, str):
                explained = json.loads(explained)
            plan = explained[0]
            nodes = list(_nodes(plan["Plan"]))
            scans = {
                (n["Node Type"], n.get("Relation Name"), n.get("Index Name"))
                for n in nodes
                if n.get("Relation Name") in TABLES or n.get("Index Name")
            }
            assert not [s for s in scans if s[0] == "Seq Scan"], scans
            assert not [n for n in nodes if n.get("Join Filter")], "a join tried every pair"
            plan_scans = [s for s in scans if "section_i_setting" in (s[2] or "")]
            case_scans = [s for s in scans if s[2] == "ehcp_case_pkey"]
            assert plan_scans, f"plans not found through section_i_setting_id: {scans}"
            if setting is busy:
                assert case_scans, f"cases not found by primary key: {scans}"
            assert plan["Execution Time"] < 1000, plan["Execution Time"]
        transaction.set_rollback(True)
