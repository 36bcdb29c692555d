"""How fast is the caseworker's caseload page with a council's worth of cases?

    .venv/bin/python -m benchmarks.caseload                 # SQLite (the default settings)
    DATABASE_URL=postgres://... .venv/bin/python -m benchmarks.caseload
    .venv/bin/python -m benchmarks.caseload --cases 5000 --runs 30

Creates a throwaway test database (the Django test runner's ``setup_databases``: in-memory SQLite
by default, ``test_<name>`` on PostgreSQL), inserts ``--cases`` cases for one council with
``bulk_create``, then renders the caseload page with the test client ``--runs`` times for each
of a few typical views and prints the median and 95th percentile times in milliseconds and the
number of database queries per page. The database is dropped at the end.

Run on demand only: timings depend on the machine, so the test suite never asserts them. The
query count is pinned in tests/ehcp/test_views_caseworker.py, which uses :func:`bulk_cases` too.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta

FIRST_NAMES = [
    "Oliver", "Amelia", "George", "Isla", "Noah", "Ava", "Arthur", "Mia", "Leo", "Ivy",
    "Muhammad", "Freya", "Harry", "Lily", "Oscar", "Florence", "Archie", "Willow", "Henry", "Rosie",
]  # fmt: skip
LAST_NAMES = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Khan", "Okafor", "Ahmed", "Clarke", "Hughes", "Lewis", "Morris",
]  # fmt: skip

#: (stage, share of cases, days since the request: lowest, highest). Roughly a council's mix:
#: most cases open, spread over the 20 weeks; some closed.
STAGE_MIX = [
    ("request_received", 0.06, 0, 10),
    ("considering", 0.14, 3, 60),
    ("assessing", 0.20, 40, 120),
    ("panel", 0.06, 80, 130),
    ("drafting", 0.08, 85, 140),
    ("draft_served", 0.07, 95, 150),
    ("consulting", 0.07, 100, 170),
    ("final_issued", 0.22, 120, 700),
    ("not_assessed", 0.06, 40, 700),
    ("not_issued", 0.03, 110, 700),
    ("withdrawn", 0.01, 5, 700),
]


def _next_due(stage: str, received: date):
    """What the services would store as the case's next date at this stage."""
    from ehcp import deadlines

    if stage in ("request_received", "considering"):
        due = deadlines.decision_to_assess(received=received)
    elif stage in ("assessing", "panel"):
        due = deadlines.no_plan_notice(received=received)
    elif stage == "drafting":
        due = deadlines.draft_plan_target(received=received)
    elif stage in ("draft_served", "consulting"):
        due = deadlines.final_plan(received=received)
    else:
        return "", None
    return due.key, due.due


def bulk_cases(
    *, local_authority, caseworkers, count: int, today: date, seed: int = 2026, first: int = 50000
) -> int:
    """Insert ``count`` children and cases of ``local_authority`` with ``bulk_create`` (no
        services, no events: only what the caseload page reads), allocated round-robin to
        ``caseworkers`` (``None`` in the list leaves a case unallocated), numbered from ``first`` in
    the services' reference format. Returns ``count``."""
    from ehcp.models import Case, Child

    rng = random.Random(seed + first)
    stages = [s for s, *_ in STAGE_MIX]
    weights = [w for _, w, *_ in STAGE_MIX]
    spans = {s: (lo, hi) for s, _, lo, hi in STAGE_MIX}
    children = Child.objects.bulk_create(
        [
            Child(
                local_authority=local_authority,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                date_of_birth=today - timedelta(days=rng.randint(2 * 365, 19 * 365)),
                sex=rng.choice("MF"),
                primary_need=rng.choice(["ASD", "SLCN", "SEMH", "MLD", "SPLD", "PD", "HI"]),
            )
            for _ in range(count)
        ],
        batch_size=500,
    )
    cases = []
    for i, child in enumerate(children):
        stage = rng.choices(stages, weights)[0]
        low, high = spans[stage]
        received = today - timedelta(days=rng.randint(low, high))
        key, due = _next_due(stage, received)
        cases.append(
            Case(
                reference=f"EHC-{local_authority.la_code}-{received.year}-{first + i:05d}",
                child=child,
                local_authority=local_authority,
                stage=stage,
                request_source=rng.choice("12345"),
                received_on=received,
                caseworker=caseworkers[i % len(caseworkers)],
                next_due_key=key,
                next_due_on=due,
                has_exception=rng.random() < 0.03,
                closed_on=None if key else received + timedelta(days=low),
            )
        )
    Case.objects.bulk_create(cases, batch_size=500)
    return count


#: The pages timed: (what, query string).
PAGES = [
    ("My cases, by next deadline", "?scope=mine&sort=due"),
    ("All cases, by next deadline, first page", "?scope=all&sort=due"),
    ("All cases, by next deadline, last page", "?scope=all&sort=due&page=last"),
    ("Team's open cases, overdue only", "?scope=team&due=overdue&sort=due"),
    ("All cases at one stage, sorted by name", "?scope=all&stage=considering&sort=name"),
    ("All cases, searching a surname", "?scope=all&q=Okafor&sort=due"),
]


def _time_page(client, path: str, runs: int) -> tuple[list[float], int]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm up (templates, caches)
    assert response.status_code == 200, (path, response.status_code)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    n_queries = len(queries)  # now: the next request clears the query log
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times, n_queries


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def run(cases: int, runs: int) -> list[dict]:
    from django.db import connection
    from django.test import Client

    from ehcp.selectors import today
    from send_portal.models import Organisation, Role, RoleAssignment, User

    essex = Organisation.objects.get(kind=Organisation.Kind.LOCAL_AUTHORITY, la_code="881")
    team = []
    for n in range(10):
        user = User.objects.create(
            username=f"caseworker{n}@bench.example.org",
            email=f"caseworker{n}@bench.example.org",
            first_name="Case",
            last_name=f"Worker {n}",
        )
        RoleAssignment.objects.create(user=user, role=Role.CASEWORKER, organisation=essex)
        team.append(user)
    start = time.perf_counter()
    bulk_cases(local_authority=essex, caseworkers=[*team, None], count=cases, today=today())
    print(f"Inserted {cases} cases in {time.perf_counter() - start:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a live database would have
    client = Client()
    client.force_login(team[0])
    results = []
    last_page = max(1, -(-cases // 50))
    for label, query in PAGES:
        path = "/cases/" + query.replace("page=last", f"page={last_page}")
        times, n_queries = _time_page(client, path, runs)
        results.append(
            {
                "page": label,
                "path": path,
                "median_ms": statistics.median(times),
                "p95_ms": _p95(times),
                "queries": n_queries,
            }
        )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv)
    if args.runs < 2:
        parser.error("--runs must be at least 2")

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

    setup_test_environment(debug=False)  # as in production: no query log, no template debug
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        if connection.vendor == "postgresql":
            major, minor = divmod(connection.pg_version, 10000)
            vendor = f"PostgreSQL {major}.{minor}"
        else:
            vendor = f"{connection.vendor} {connection.Database.sqlite_version}"
        print(f"Database: {vendor} ({settings.DATABASES['default']['NAME']} -> test database)")
        results = run(args.cases, args.runs)
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()
    print(f"\nCaseload page, {args.cases} cases, {args.runs} runs each (times in ms)")
    print(f"{'Page':<44} {'median':>8} {'p95':>8} {'queries':>8}")
    for r in results:
        print(f"{r['page']:<44} {r['median_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['queries']:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
