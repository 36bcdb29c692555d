"""How fast are the inclusion dashboards on England-scale data, and how close to hand-written SQL?

    DATABASE_URL=postgres://... .venv/bin/python manage.py import_published_statistics
    DATABASE_URL=postgres://... .venv/bin/python manage.py generate_synthetic --scale england
    DATABASE_URL=postgres://... .venv/bin/python -m benchmarks.dashboards --runs 20

Runs against the database in ``DATABASE_URL`` as it is (it must already hold the synthetic data:
loading 3 million rows takes minutes, so the benchmark does not do it). It creates one DfE
analyst user (``dashboards-benchmark@example.org``) to view the restricted pages, and leaves the
per-council summaries (``dashboards.summaries``) fresh. For each of the national view, a
regional view (``--region``) and a large council (``--la``, default 886 Kent) it times the whole
page (view, queries, template) with ``RequestFactory`` in three states:

- cold: no summaries at all (every row deleted before each request), so the page calculates
  every council's figures for its three reporting years from the operational tables;
- warm: every summary fresh, the normal state (writes are recalculated by a worker after
  their commit, and every night);
- after one write: before each request the large council's summaries are marked stale (what a
  write to its data does), so the page recalculates that one council for three years first.

and prints the median and 95th percentile in milliseconds, and the ratios to two hand-written
SQL queries of the same numbers for the same three reporting years: ``HAND_SQL`` and
``HAND_BREAKDOWN_SQL`` over the operational tables (what the issue compares with), and
``HAND_SUMMARY_SQL``, which sums the summary table's JSON per area (what the warm page reads).
With ``--check`` it also runs the calibration check (every council's figures against the
published ones).
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
                   AND NOT c.twenty_week_exception AND c.final_issued_on - c.received_on <= 140),
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


HAND_SUMMARY_SQL = """
SELECT s.reporting_year, s.local_authority_id = ANY(%(las)s) AS in_area, kv.key,
       sum((kv.value)::numeric)
FROM dashboards_councilyearsummary s, jsonb_each_text(s.counts) kv
WHERE s.reporting_year = ANY(%(years)s)
GROUP BY 1, 2, 3
UNION ALL
SELECT s.reporting_year, true, g.key || ':' || kv.key, sum((kv.value)::numeric)
FROM dashboards_councilyearsummary s, jsonb_each(s.breakdowns) g, jsonb_each_text(g.value) kv
WHERE s.reporting_year = %(year)s AND s.local_authority_id = ANY(%(las)s)
GROUP BY 1, 2, 3
"""


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(fn, runs, before=None):
    """Median and 95th percentile of ``fn`` in milliseconds (``before`` runs untimed first)."""
    if before:
        before()
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), percentile(samples, 0.95)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="Runs of warm and after-write pages")
    parser.add_argument(
        "--cold-runs", type=int, default=3, help="Runs of cold pages and of SQL on operational data"
    )
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
    from django.db import connection
    from django.test import RequestFactory

    from dashboards import calibration, summaries, views
    from dashboards.models import CouncilYearSummary
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
    every_la = list(Organisation.objects.filter(kind="la").values_list("pk", flat=True))
    region_las = list(
        Organisation.objects.filter(kind="la", region__code=args.region).values_list(
            "pk", flat=True
        )
    )
    pages = {
        "National (England)": ("national", views.england, {}, every_la),
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
            cursor.execute(HAND_BREAKDOWN_SQL, {"census": years[-1].census, "las": las})
            cursor.fetchall()

    def hand_summary_sql(las):
        with connection.cursor() as cursor:
            cursor.execute(
                HAND_SUMMARY_SQL,
                {"years": [y.year for y in years], "year": args.year, "las": las},
            )
            cursor.fetchall()

    def no_summaries():
        CouncilYearSummary.objects.all().delete()

    def one_write():
        summaries.invalidate([council.pk])

    print(
        f"{args.runs} runs warm and after one write, {args.cold_runs} cold and of SQL on the "
        "operational tables; times in milliseconds"
    )
    print(
        "| Dashboard | cold p50 | cold p95 | warm p50 | warm p95 | after one write p50 | "
        "after one write p95 | SQL (operational) p50 | cold / SQL | warm / SQL | "
        "SQL (summaries) p50 | warm / summary SQL |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, (kind, view, kwargs, las) in pages.items():
        if args.only and kind not in args.only:
            continue

        def page(view=view, kwargs=kwargs):
            request_page(view, kwargs)

        cold = timed(page, args.cold_runs, before=no_summaries)
        warm = timed(page, args.runs)
        written = timed(page, args.runs, before=one_write)
        sql = timed(lambda las=las: hand_sql(las), args.cold_runs)
        summary_sql = timed(lambda las=las: hand_summary_sql(las), args.runs)
        print(
            f"| {label} | {cold[0]:,.0f} | {cold[1]:,.0f} | {warm[0]:,.0f} | {warm[1]:,.0f} | "
            f"{written[0]:,.0f} | {written[1]:,.0f} | {sql[0]:,.0f} | {cold[0] / sql[0]:.2f} | "
            f"{warm[0] / sql[0]:.4f} | {summary_sql[0]:,.1f} | {warm[0] / summary_sql[0]:.1f} |",
            flush=True,
        )
    summaries.refresh_stale()
    if args.check:
        councils = list(Organisation.objects.filter(kind="la"))
        report = calibration.check(councils)
        print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
