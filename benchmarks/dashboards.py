"""How fast are the inclusion dashboards on England-scale data, and how close to hand-written SQL?

    DATABASE_URL=postgres://... .venv/bin/python manage.py import_published_statistics
    DATABASE_URL=postgres://... .venv/bin/python manage.py generate_synthetic --scale england
    DATABASE_URL=postgres://... .venv/bin/python -m benchmarks.dashboards --runs 20

Runs against the database in ``DATABASE_URL`` as it is (it must already hold the synthetic data:
loading 3 million rows takes minutes, so the benchmark does not do it). It creates one DfE
analyst user (``dashboards-benchmark@example.org``) to view the restricted pages, and nothing
else. For each of the national view, a regional view (``--region``) and a large council
(``--la``, default 886 Kent) it times the whole page (view, queries, template) with
``RequestFactory``:

- cold: the figures are recalculated from the operational tables on every request
  (``DASHBOARDS_CACHE_SECONDS=0``);
- warm: the figures come from the cache, as they do for 5 minutes after a calculation.

and prints the median and 95th percentile in milliseconds, and the ratio of the cold median to
the median of a hand-written SQL aggregate of the same numbers (the same counts, for the same
three reporting years, and the same breakdowns). With ``--check`` it also runs the calibration
check (every council's figures against the published ones).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

HAND_SQL = """
WITH yr AS (SELECT %(start)s::date AS s, %(end)s::date AS e, %(census)s::date AS c)
SELECT 'cases', c.local_authority_id,
  count(*) FILTER (WHERE c.received_on BETWEEN yr.s AND yr.e AND NOT c.became_responsible),
  count(*) FILTER (WHERE c.received_on BETWEEN yr.s AND yr.e AND NOT c.became_responsible
                   AND c.assessment_decided_on IS NOT NULL AND c.stage <> 'not_assessed'),
  count(*) FILTER (WHERE c.final_issued_on BETWEEN yr.s AND yr.e AND NOT c.became_responsible),
  count(*) FILTER (WHERE c.final_issued_on BETWEEN yr.s AND yr.e AND NOT c.became_responsible
                   AND c.final_issued_on - c.received_on <= 140),
  count(*) FILTER (WHERE c.final_issued_on BETWEEN yr.s AND yr.e AND NOT c.became_responsible
                   AND NOT c.has_exception AND c.final_issued_on - c.received_on <= 140),
  sum(c.final_issued_on - c.received_on) FILTER (WHERE c.final_issued_on BETWEEN yr.s AND yr.e
                   AND NOT c.became_responsible)
FROM ehcp_case c, yr
WHERE c.received_on BETWEEN yr.s AND yr.e OR c.final_issued_on BETWEEN yr.s AND yr.e
GROUP BY c.local_authority_id
UNION ALL
SELECT 'plans:' || coalesce(ch.primary_need, '') || ':'
       || coalesce(o.setting_type, p.section_i_type),
  c.local_authority_id, count(*), 0, 0, 0, 0, 0
FROM ehcp_plan p JOIN ehcp_case c ON c.id = p.case_id JOIN ehcp_child ch ON ch.id = c.child_id
LEFT JOIN send_portal_organisation o ON o.id = p.section_i_setting_id, yr
WHERE p.status IN ('final', 'amended') AND p.issued_on <= yr.c AND c.final_issued_on <= yr.c
  AND NOT EXISTS (SELECT 1 FROM ehcp_plan p2 WHERE p2.case_id = p.case_id
                  AND p2.status IN ('final', 'amended') AND p2.version > p.version
                  AND p2.issued_on <= yr.c)
GROUP BY 1, 2
UNION ALL
SELECT 'refusals', c.local_authority_id, count(*), 0, 0, 0, 0, 0
FROM ehcp_decision d JOIN ehcp_case c ON c.id = d.case_id, yr
WHERE d.decided_on BETWEEN yr.s AND yr.e AND d.kind IN ('not_assess', 'not_issue')
GROUP BY 2
UNION ALL
SELECT 'mediation', c.local_authority_id, count(DISTINCT m.id),
  count(DISTINCT m.id) FILTER (WHERE a.id IS NOT NULL), 0, 0, 0, 0
FROM redress_mediationcase m JOIN ehcp_case c ON c.id = m.case_id
LEFT JOIN redress_tribunalappeal a ON a.mediation_id = m.id, yr
WHERE m.held_on BETWEEN yr.s AND yr.e
GROUP BY 2
UNION ALL
SELECT 'appeals:' || a.outcome, c.local_authority_id,
  count(*) FILTER (WHERE a.registered_on BETWEEN yr.s AND yr.e),
  count(*) FILTER (WHERE a.decided_on BETWEEN yr.s AND yr.e), 0, 0, 0, 0
FROM redress_tribunalappeal a JOIN ehcp_case c ON c.id = a.case_id, yr
WHERE a.registered_on BETWEEN yr.s AND yr.e OR a.decided_on BETWEEN yr.s AND yr.e
GROUP BY 1, 2
UNION ALL
SELECT 'complaints:' || s.stage, k.local_authority_id, count(*), 0, 0, 0, 0, 0
FROM redress_complaintstage s JOIN redress_complaint k ON k.id = s.complaint_id, yr
WHERE s.started_on BETWEEN yr.s AND yr.e
GROUP BY 1, 2
"""

HAND_BREAKDOWN_SQL = """
SELECT ch.ethnicity, ch.sex, date_part('year', age(%(census)s::date, ch.date_of_birth)) AS age,
       count(*)
FROM ehcp_plan p JOIN ehcp_case c ON c.id = p.case_id JOIN ehcp_child ch ON ch.id = c.child_id
WHERE p.status IN ('final', 'amended') AND p.issued_on <= %(census)s
  AND c.final_issued_on <= %(census)s AND c.local_authority_id = ANY(%(las)s)
  AND NOT EXISTS (SELECT 1 FROM ehcp_plan p2 WHERE p2.case_id = p.case_id
                  AND p2.status IN ('final', 'amended') AND p2.version > p.version
                  AND p2.issued_on <= %(census)s)
GROUP BY 1, 2, 3
"""


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(fn, runs):
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), percentile(samples, 0.95)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--region", default="E12000008", help="ONS region code (South East)")
    parser.add_argument("--la", default="886", help="DfE LA number (886 Kent)")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--check", action="store_true", help="Also run the calibration check")
    parser.add_argument(
        "--only", choices=["national", "regional", "council"], action="append", default=None
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_portal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import RequestFactory

    from dashboards import calibration, views
    from dashboards.periods import ReportingYear
    from ehcp.models import Case
    from send_portal.models import Organisation, Role, RoleAssignment, User

    if connection.vendor != "postgresql":
        print("Run this on PostgreSQL (DATABASE_URL).", file=sys.stderr)
        return 2
    plans = Case.objects.filter(final_issued_on__isnull=False).count()
    print(f"Database: {connection.settings_dict['NAME']}, {plans:,} cases with a plan issued")
    user, _ = User.objects.get_or_create(
        email="dashboards-benchmark@example.org",
        defaults={"username": "dashboards-benchmark@example.org"},
    )
    RoleAssignment.objects.get_or_create(
        user=user, role=Role.DFE_ANALYST, organisation=Organisation.objects.get(kind="dfe")
    )
    user = User.objects.get(pk=user.pk)
    factory = RequestFactory()
    council = Organisation.objects.get(kind="la", la_code=args.la)
    region_las = list(
        Organisation.objects.filter(kind="la", region__code=args.region).values_list(
            "pk", flat=True
        )
    )
    pages = {
        "National (England)": ("national", views.england, {}, None),
        f"Regional ({args.region})": ("regional", views.region, {"code": args.region}, region_las),
        f"Large council ({council.name})": (
            "council",
            views.council,
            {"la_code": args.la},
            [council.pk],
        ),
    }

    def request_page(view, kwargs):
        request = factory.get("/", {"year": args.year})
        request.user = user
        response = view(request, **kwargs)
        assert response.status_code == 200, response.status_code

    years = [ReportingYear(y) for y in (args.year - 2, args.year - 1, args.year)]

    def hand_sql(las):
        with connection.cursor() as cursor:
            for year in years:
                cursor.execute(
                    HAND_SQL,
                    {"start": year.activity_start, "end": year.activity_end, "census": year.census},
                )
                cursor.fetchall()
            cursor.execute(
                HAND_BREAKDOWN_SQL,
                {
                    "census": years[-1].census,
                    "las": las
                    or list(Organisation.objects.filter(kind="la").values_list("pk", flat=True)),
                },
            )
            cursor.fetchall()

    print(f"{args.runs} runs each; times in milliseconds")
    print("| Dashboard | cold p50 | cold p95 | warm p50 | warm p95 | SQL p50 | cold/SQL |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, (kind, view, kwargs, las) in pages.items():
        if args.only and kind not in args.only:
            continue
        settings.DASHBOARDS_CACHE_SECONDS = 0
        cold = timed(lambda view=view, kwargs=kwargs: request_page(view, kwargs), args.runs)
        settings.DASHBOARDS_CACHE_SECONDS = 300
        cache.clear()
        warm = timed(lambda view=view, kwargs=kwargs: request_page(view, kwargs), args.runs)
        sql = timed(lambda las=las: hand_sql(las), args.runs)
        print(
            f"| {label} | {cold[0]:.0f} | {cold[1]:.0f} | {warm[0]:.0f} | {warm[1]:.0f} | "
            f"{sql[0]:.0f} | {cold[0] / sql[0]:.2f} |"
        )
    if args.check:
        councils = list(Organisation.objects.filter(kind="la"))
        report = calibration.check(councils)
        print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
