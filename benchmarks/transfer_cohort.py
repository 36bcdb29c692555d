"""How fast is the phase transfer cohort page with a large council's cohort?

    .venv/bin/python -m benchmarks.transfer_cohort                 # SQLite (the default settings)
    DATABASE_URL=postgres://... .venv/bin/python -m benchmarks.transfer_cohort
    .venv/bin/python -m benchmarks.transfer_cohort --plans 3000 --runs 20

Creates a throwaway test database (the Django test runner's ``setup_databases``), inserts
``--plans`` children in year 6 with issued plans, their phase transfers and reviews in several
states (``ehcp.reviews.demo.bulk_transfer_cohort``, which the query-count test in
tests/reviews/test_views.py uses too), then renders the cohort page with the test client
``--runs`` times for a few typical views and prints the median and 95th percentile times in
milliseconds and the number of database queries per page. The database is dropped at the end.

Run on demand only: timings depend on the machine, so the test suite never asserts them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date

#: The pages timed: (what, query string); ``{year}`` is the cohort's year.
PAGES = [
    ("Whole cohort (first page of 200 rows)", "?year={year}"),
    ("Whole cohort, last page", "?year={year}&page=last"),
    ("Only transfers at risk", "?year={year}&risk=at_risk"),
    ("Only transfers done", "?year={year}&risk=done"),
    ("Searching a child", "?year={year}&q=Pupil01234"),
]


def _time_page(client, path: str, runs: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm up
    assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    n_queries = len(queries)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times, n_queries


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def run(plans: int, runs: int, today: date) -> list[dict]:
    from django.db import connection
    from django.test import Client

    from ehcp.reviews.demo import bulk_transfer_cohort
    from ehcp.reviews.views.council import COHORT_PAGE_SIZE
    from send_portal.models import Organisation, Role, RoleAssignment, User

    essex = Organisation.objects.get(kind=Organisation.Kind.LOCAL_AUTHORITY, la_code="881")
    user = User.objects.create(
        username="caseworker@bench.example.org", email="caseworker@bench.example.org"
    )
    RoleAssignment.objects.create(user=user, role=Role.CASEWORKER, organisation=essex)
    year = today.year + 1
    start = time.perf_counter()
    bulk_transfer_cohort(essex, year=year, count=plans, today=today)
    print(f"Inserted {plans} plans with phase transfers in {time.perf_counter() - start:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    client.force_login(user)
    last = max(1, -(-plans // COHORT_PAGE_SIZE))
    results = []
    for label, query in PAGES:
        path = "/reviews/phase-transfers/" + query.format(year=year).replace(
            "page=last", f"page={last}"
        )
        times, n_queries = _time_page(client, path, runs)
        results.append(
            {
                "page": label,
                "median_ms": statistics.median(times),
                "p95_ms": _p95(times),
                "queries": n_queries,
            }
        )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=20)
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

    from ehcp.selectors import today

    setup_test_environment(debug=False)
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        if connection.vendor == "postgresql":
            major, minor = divmod(connection.pg_version, 10000)
            vendor = f"PostgreSQL {major}.{minor}"
        else:
            vendor = f"{connection.vendor} {connection.Database.sqlite_version}"
        print(f"Database: {vendor} ({settings.DATABASES['default']['NAME']} -> test database)")
        results = run(args.plans, args.runs, today())
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()
    print(f"\nPhase transfer cohort page, {args.plans} plans, {args.runs} runs each (times in ms)")
    print(f"{'Page':<40} {'median':>8} {'p95':>8} {'queries':>8}")
    for r in results:
        print(f"{r['page']:<40} {r['median_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['queries']:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
