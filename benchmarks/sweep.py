"""How long does one deadline reminder sweep take with England-scale data?

    .venv/bin/python -m benchmarks.sweep                    # SQLite (the default settings)
    DATABASE_URL=postgres://... .venv/bin/python -m benchmarks.sweep
    .venv/bin/python -m benchmarks.sweep --scale 0.1 --runs 5 --day 2026-11-24

Creates a throwaway test database (the Django test runner's ``setup_databases``) and fills it
with England's numbers (``--scale`` 1.0): about 640,000 EHC plans, nearly all closed cases with
no statutory date left, and a year's worth of requests (about 150,000) of which the ones still
open have their next statutory date spread over the 20 weeks as the services would store it
(some overdue, as nationally about half of plans are late), with advice requests, appeal
deadlines of recent decisions, caseworkers with about 200 open cases each, SEND managers and
families. Rows go in with COPY on PostgreSQL and ``executemany`` on SQLite.

Then it runs the sweep (``send_portal.reminders.run_sweep``) for ``--day``: once (the first run
sends every reminder due that day), ``--runs`` more times (each must create nothing: that median
is the figure), and once for the next working day (a normal day's new reminders). E-mails go to
an in-memory broker, as ``.delay()`` would to Redis. It prints seconds, due items and
notifications created, the query plans of the sources' queries, and drops the database.

Run on demand only: timings depend on the machine. :func:`bulk_due_cases` is shared with the
tests (tests/send_portal/test_reminders.py and the reliability tests).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta

#: England, 2025: about 640,000 EHC plans and 150,000 initial requests a year (SEN2).
PLANS = 640_000
REQUESTS_PER_YEAR = 150_000
#: Open cases per caseworker (the issue: "caseworkers carry around 200 cases each").
CASES_PER_CASEWORKER = 200
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Patel", "Khan", "Okafor", "Evans", "Hughes"]
FIRST_NAMES = ["Oliver", "Amelia", "Noah", "Isla", "Leo", "Ava", "Muhammad", "Freya", "Arthur"]


def bulk_due_cases(*, local_authority, caseworker, count: int, due: date, first: int = 90000):
    """``count`` open cases of ``local_authority`` (children and cases, ``bulk_create``) at the
    "considering" stage whose decision to assess is due on ``due``, allocated to ``caseworker``.
    Used by tests that need many due reminders quickly."""
    from ehcp.models import Case, Child, Stage

    received = due - timedelta(weeks=6)
    children = Child.objects.bulk_create(
        [
            Child(
                local_authority=local_authority,
                first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
                last_name=SURNAMES[i % len(SURNAMES)],
                date_of_birth=date(2016, 5, 14),
            )
            for i in range(count)
        ],
        batch_size=500,
    )
    return Case.objects.bulk_create(
        [
            Case(
                reference=f"EHC-{local_authority.la_code}-{received.year}-{first + i:05d}",
                child=child,
                local_authority=local_authority,
                stage=Stage.CONSIDERING,
                request_source="1",
                received_on=received,
                caseworker=caseworker,
                next_due_key="decision_to_assess",
                next_due_on=due,
            )
            for i, child in enumerate(children)
        ],
        batch_size=500,
    )


# ---- England-scale data -------------------------------------------------------------------------


class Inserter:
    """Insert rows with explicit ids: COPY on PostgreSQL, executemany elsewhere. Columns not
    given get the field's default (computed once), so the rows stay valid as models grow."""

    def __init__(self, connection):
        self.connection = connection
        self.now = datetime.now(UTC)
        self.next_ids: dict[str, int] = {}

    def ids(self, model, count: int) -> range:
        table = model._meta.db_table
        if table not in self.next_ids:
            with self.connection.cursor() as cursor:
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608
                self.next_ids[table] = cursor.fetchone()[0] + 1
        start = self.next_ids[table]
        self.next_ids[table] += count
        return range(start, start + count)

    def insert(self, model, columns: list[str], rows) -> int:
        fields = {f.column: f for f in model._meta.concrete_fields}
        missing = [c for c in fields if c not in columns]
        constants = []
        for column in missing:
            field = fields[column]
            if field.null and not field.has_default():
                value = None
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = self._dt(self.now)
            elif field.has_default() or field.empty_strings_allowed:
                value = field.get_db_prep_save(field.get_default(), self.connection)
            else:
                raise ValueError(f"{model.__name__}.{column} needs a value")
            constants.append(value)
        all_columns = [*columns, *missing]
        table = model._meta.db_table
        names = ", ".join(f'"{c}"' for c in all_columns)
        count = 0
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row((*row, *constants))
                        count += 1
            else:
                marks = ", ".join("?" for _ in all_columns)
                batch = []
                sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608
                for row in rows:
                    batch.append(tuple(self._sqlite(v) for v in (*row, *constants)))
                    if len(batch) >= 5000:
                        cursor.cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.cursor.executemany(sql, batch)
                    count += len(batch)
        return count

    def _dt(self, value: datetime):
        if self.connection.vendor == "postgresql":
            return value
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")

    def _sqlite(self, value):
        if isinstance(value, datetime):
            return self._dt(value)
        if isinstance(value, date):
            return value.isoformat()
        return value

    def fix_sequences(self, *models) -> None:
        if self.connection.vendor != "postgresql":
            return
        with self.connection.cursor() as cursor:
            for model in models:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                    f'(SELECT MAX(id) FROM "{table}"))'
                )


def _open_case(received: date, today: date, rng: random.Random):
    """Stage and next statutory date of a request received on ``received``, as the services
    would store them; None when the case is closed. Later stages are often late."""
    from ehcp import deadlines

    age = (today - received).days
    if age < 42 or (age < 80 and rng.random() < 0.3):
        return "considering", deadlines.decision_to_assess(received=received)
    if rng.random() < 0.22:  # decided not to assess (closed)
        return None
    if age < 112 or (age < 160 and rng.random() < 0.5):
        stage = rng.choice(["assessing", "panel"])
        return stage, deadlines.no_plan_notice(received=received)
    if age < 140 or rng.random() < 0.45:  # nationally about half of plans are late
        stage = rng.choice(["drafting", "draft_served", "consulting"])
        return stage, deadlines.final_plan(received=received)
    return None


def build(today: date, scale: float, seed: int = 2026) -> dict:
    """Insert England-scale data for ``today``; returns what was made."""
    from django.db import connection

    from ehcp import deadlines
    from ehcp.models import AdviceRequest, Case, Child, ChildRelationship, Decision
    from send_portal.models import Organisation, RoleAssignment, User

    rng = random.Random(seed)
    ins = Inserter(connection)
    councils = list(
        Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY)
        .exclude(la_code="")
        .values_list("pk", "la_code")
    )
    plans = int(PLANS * scale)
    requests = int(REQUESTS_PER_YEAR * scale * 200 / 365)  # received in the last 200 days

    # Open requests first (to size the caseworkers), then the closed plans.
    open_rows, closed_requests = [], 0
    for _ in range(requests):
        received = today - timedelta(days=rng.randint(0, 199))
        state = _open_case(received, today, rng)
        if state is None:
            closed_requests += 1
            continue
        open_rows.append((received, *state))
    n_workers = max(1, len(open_rows) // CASES_PER_CASEWORKER)
    n_advisers = max(1, n_workers // 3)
    n_users = n_workers + 2 * len(councils) + n_advisers

    user_ids = ins.ids(User, n_users)
    workers = list(user_ids[:n_workers])
    managers = list(user_ids[n_workers : n_workers + 2 * len(councils)])
    advisers = list(user_ids[n_workers + 2 * len(councils) :])
    roles = (
        [(uid, "caseworker", councils[i % len(councils)][0]) for i, uid in enumerate(workers)]
        + [(uid, "send_manager", councils[i // 2][0]) for i, uid in enumerate(managers)]
        + [(uid, "ep", councils[i % len(councils)][0]) for i, uid in enumerate(advisers)]
    )
    ins.insert(
        User,
        ["id", "password", "username", "email", "first_name", "last_name"],
        (
            (
                uid,
                "!",
                f"user{uid}@bench.example.org",
                f"user{uid}@bench.example.org",
                "Bench",
                str(uid),
            )
            for uid in user_ids
        ),
    )
    worker_council = {uid: org for uid, role, org in roles if role == "caseworker"}
    ins.insert(
        RoleAssignment,
        ["id", "user_id", "role", "organisation_id"],
        (
            (rid, uid, role, org)
            for rid, (uid, role, org) in zip(
                ins.ids(RoleAssignment, len(roles)), roles, strict=True
            )
        ),
    )
    # Families of open cases and of recent decisions (their appeal window is open).
    total_cases = plans + len(open_rows) + closed_requests
    child_ids = ins.ids(Child, total_cases)
    case_ids = ins.ids(Case, total_cases)
    council_of_child = [councils[i % len(councils)] for i in range(total_cases)]
    ins.insert(
        Child,
        ["id", "local_authority_id", "first_name", "last_name", "date_of_birth"],
        (
            (
                cid,
                council_of_child[i][0],
                FIRST_NAMES[i % len(FIRST_NAMES)],
                SURNAMES[(i // 7) % len(SURNAMES)],
                today - timedelta(days=2 * 365 + (i * 37) % (16 * 365)),
            )
            for i, cid in enumerate(child_ids)
        ),
    )
    cases, decisions, advice, families = [], [], [], []
    decision_ids = iter(ins.ids(Decision, total_cases))
    by_council_workers: dict[int, list[int]] = {}
    for uid, org in worker_council.items():
        by_council_workers.setdefault(org, []).append(uid)
    appeal_basis = deadlines.RULES["appeal_deadline"].basis
    for i in range(total_cases):
        cid, case_id = child_ids[i], case_ids[i]
        org, code = council_of_child[i]
        team = by_council_workers.get(org) or workers
        worker = team[i % len(team)] if rng.random() > 0.03 else None
        if i < len(open_rows):
            received, stage, due = open_rows[i]
            cases.append((case_id, f"EHC-{code}-{received.year}-{i:07d}", cid, org, stage, "1",
                          received, worker, due.key, due.due))  # fmt: skip
            families.append(cid)
            if stage in ("assessing", "panel"):
                requested = received + timedelta(days=42)
                advice_due = deadlines.advice_due(requested=requested).due
                for kind in ("educational", "health", "ep", "social_care"):
                    status = "requested" if rng.random() < 0.5 else "received"
                    advice.append((case_id, kind, advisers[i % len(advisers)], requested,
                                   advice_due, status))  # fmt: skip
            continue
        if i < len(open_rows) + closed_requests:  # decided not to assess in the last 200 days
            received = today - timedelta(days=rng.randint(42, 199))
            sent = received + timedelta(days=rng.randint(30, 42))
            stage, kind = "not_assessed", "not_assess"
        else:  # a plan issued in the last eight years
            sent = today - timedelta(days=rng.randint(1, 8 * 365))
            received = sent - timedelta(days=140)
            stage, kind = "final_issued", "final_plan"
        cases.append((case_id, f"EHC-{code}-{received.year}-{i:07d}", cid, org, stage, "1",
                      received, worker, "", None))  # fmt: skip
        appeal = deadlines.appeal_deadline(decision_sent=sent).due
        decisions.append((next(decision_ids), case_id, kind, sent, sent, appeal, appeal_basis))
        if appeal >= today:
            families.append(cid)
        if rng.random() < 0.3:  # some historical advice, received long ago
            advice.append((case_id, "educational", advisers[i % len(advisers)],
                           received + timedelta(days=42), received + timedelta(days=84),
                           "received"))  # fmt: skip
    ins.insert(
        Case,
        [
            "id",
            "reference",
            "child_id",
            "local_authority_id",
            "stage",
            "request_source",
            "received_on",
            "caseworker_id",
            "next_due_key",
            "next_due_on",
        ],  # fmt: skip
        cases,
    )
    ins.insert(
        Decision,
        [
            "id",
            "case_id",
            "kind",
            "decided_on",
            "notice_sent_on",
            "appeal_deadline",
            "appeal_deadline_basis",
        ],  # fmt: skip
        decisions,
    )
    ins.insert(
        AdviceRequest,
        ["id", "case_id", "advice_type", "adviser_id", "requested_on", "due_on", "status"],
        ((aid, *row) for aid, row in zip(ins.ids(AdviceRequest, len(advice)), advice, strict=True)),
    )
    parent_ids = ins.ids(User, len(families))
    ins.insert(
        User,
        ["id", "password", "username", "email", "first_name", "last_name"],
        (
            (
                uid,
                "!",
                f"parent{uid}@bench.example.org",
                f"parent{uid}@bench.example.org",
                "Parent",
                str(uid),
            )
            for uid in parent_ids
        ),  # fmt: skip
    )
    ins.insert(
        ChildRelationship,
        ["id", "child_id", "user_id", "kind"],
        (
            (rid, cid, uid, "parent")
            for rid, cid, uid in zip(
                ins.ids(ChildRelationship, len(families)), families, parent_ids, strict=True
            )
        ),
    )
    ins.fix_sequences(User, RoleAssignment, Child, Case, Decision, AdviceRequest, ChildRelationship)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "cases": len(cases),
        "open cases": len(open_rows),
        "closed plans": plans,
        "decisions": len(decisions),
        "advice requests": len(advice),
        "caseworkers": n_workers,
        "families": len(families),
    }


# ---- the sweep ----------------------------------------------------------------------------------


def explain_sources(today: date) -> list[tuple[str, str]]:
    """EXPLAIN of each source's main query (PostgreSQL), to check that indexes are used."""
    from django.db import connection

    from ehcp.models import OPEN_STAGES, AdviceRequest, Case, Decision
    from ehcp.redress.models import ComplianceStep, MediationCase
    from send_portal.models import Notification
    from send_portal.reminders import _Policies

    until = _Policies(today).until
    queries = {
        "ehcp.case_next_due": Case.objects.filter(
            stage__in=[s.value for s in OPEN_STAGES], next_due_on__lte=until
        ).exclude(next_due_key=""),
        "ehcp.advice_due": AdviceRequest.objects.filter(status="requested", due_on__lte=until),
        "ehcp.family_dates (decisions)": Decision.objects.filter(
            appeal_deadline__gte=today, appeal_deadline__lte=until
        ),
        "redress.compliance_steps": ComplianceStep.objects.filter(
            completed_on=None, not_required=False, due_on__lte=until
        ),
        "redress.mediation_dates": MediationCase.objects.exclude(status="certificate_issued"),
        "existing reminders (per chunk)": Notification.objects.filter(
            dedupe_key__in=["reminder:x:1", "reminder:x:2"]
        ),
    }
    plans = []
    for name, queryset in queries.items():
        sql, params = queryset.order_by().query.sql_with_params()
        with connection.cursor() as cursor:
            prefix = "EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            cursor.execute(prefix + sql, params)
            rows = cursor.fetchall()
        plan = " / ".join(str(r[-1]).strip() for r in rows if "cost=" in str(r[-1]) or
                          connection.vendor != "postgresql")  # fmt: skip
        plans.append((name, plan[:400]))
    return plans


def timed_sweep(day: date):
    from send_portal.reminders import run_sweep

    start = time.perf_counter()
    result = run_sweep(day)
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = England")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--day", type=date.fromisoformat, default=date(2026, 11, 24))
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_portal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
        teardown_test_environment,
    )

    from ehcp import deadlines
    from send_portal.celery import app

    # E-mails are queued on an in-memory broker, as .delay() would queue them on Redis.
    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://localhost/"
    setup_test_environment(debug=False)
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        if connection.vendor == "postgresql":
            major, minor = divmod(connection.pg_version, 10000)
            vendor = f"PostgreSQL {major}.{minor}"
        else:
            vendor = f"SQLite {connection.Database.sqlite_version}"
        print(f"Database: {vendor} ({settings.DATABASES['default']['NAME']} -> test database)")
        start = time.perf_counter()
        made = build(args.day, args.scale)
        print(f"Inserted in {time.perf_counter() - start:.1f} s: {made}")
        first, first_result = timed_sweep(args.day)
        print(
            f"First sweep on {args.day}: {first:.2f} s, {first_result.due_items} due items, "
            f"{first_result.reminders} reminders created"
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for name, plan in explain_sources(args.day):
            print(f"  plan {name}: {plan}")
        times = []
        for _ in range(args.runs):
            seconds, result = timed_sweep(args.day)
            assert result.created == 0, f"a repeated sweep created {result.created} notifications"
            times.append(seconds)
        print(
            f"Repeated sweeps on {args.day} ({args.runs} runs, none created anything): "
            f"median {statistics.median(times):.2f} s, min {min(times):.2f} s, "
            f"max {max(times):.2f} s, {result.due_items} due items"
        )
        next_day = deadlines.add_working_days(args.day, 1)
        seconds, result = timed_sweep(next_day)
        print(
            f"Next working day ({next_day}): {seconds:.2f} s, {result.due_items} due items, "
            f"{result.reminders} new reminders"
        )
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()
    return 0


if __name__ == "__main__":
    sys.exit(main())
