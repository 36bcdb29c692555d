"""How fast is building a child's tailored list over an England-sized settings directory?

    .venv/bin/python -m benchmarks.tailored_list                  # SQLite (the default settings)
    DATABASE_URL=postgres://... .venv/bin/python -m benchmarks.tailored_list
    .venv/bin/python -m benchmarks.tailored_list --settings 25000 --runs 30

Creates a throwaway test database, imports the real partial GIAS extract (6,022 schools, with
their own coordinates) through ``import_settings_directory``'s code, then tops the directory up to
``--settings`` (England has about 25,000) with copies of real schools placed at real postcode
district centroids (2,323 districts, ONS), keeping each copy's type, ages and category. Special
schools, resourced provision and SEN units get needs, provision and places (about one in six
mainstream schools has resourced provision or a unit, as in England). Then, for a child in
Chelmsford (CM1) and one in central London (SW1A, the densest area), it times

- ``candidates``: the read and ranking (``matching.build_candidates``), and
- ``build_list``: the whole service a caseworker's click runs (permission, area check, reading the
  plan's sections B and F, ranking, writing the version and its entries, audit),

``--runs`` times each and prints the median and 95th percentile in milliseconds and the number of
queries. Target: median under 200 ms on PostgreSQL. Run on demand only; timings depend on the
machine, so the test suite never asserts them.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

NEED_SETS = (
    ["ASD", "SLCN"],
    ["SLD", "PMLD", "PD"],
    ["MLD", "SPLD"],
    ["SEMH"],
    ["ASD", "SEMH"],
    ["HI"],
    ["VI", "MSI"],
)
PROVISION_SETS = (
    ["salt", "sensory", "small_classes"],
    ["physio", "ot", "nursing", "hydrotherapy"],
    ["small_classes"],
    ["signing"],
    [],
)


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def top_up(total: int, *, seed: int = 2026) -> int:
    """Add copies of real settings at real postcode-district centroids until there are
    ``total`` settings. Returns the number added."""
    from send_portal.models import Organisation
    from tailored_lists import directory
    from tailored_lists.models import SettingProfile, needs_key_for

    rng = random.Random(seed)
    real = list(SettingProfile.objects.select_related("setting"))
    districts = list(directory.district_centroids().items())
    councils = list(Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY))
    missing = max(0, total - len(real))
    orgs, profiles = [], []
    for n in range(missing):
        source = rng.choice(real)
        district, (lat, lon) = rng.choice(districts)
        orgs.append(
            Organisation(
                kind=Organisation.Kind.SETTING,
                name=f"{source.setting.name} ({district})",
                urn=str(800000 + n),
                setting_type=source.setting.setting_type,
                phase=source.setting.phase,
                postcode=f"{district} 1AA",
                local_authority=rng.choice(councils),
            )
        )
        profiles.append(
            SettingProfile(
                gias_type_code=source.gias_type_code,
                type_group=source.type_group,
                category=source.category,
                is_specialist=source.is_specialist,
                low_age=source.low_age,
                high_age=source.high_age,
                latitude=lat + rng.uniform(-0.02, 0.02),
                longitude=lon + rng.uniform(-0.03, 0.03),
                location_source="postcode_district",
            )
        )
    Organisation.objects.bulk_create(orgs, batch_size=1000)
    created = {o.urn: o.pk for o in Organisation.objects.filter(urn__in=[o.urn for o in orgs])}
    for org, profile in zip(orgs, profiles, strict=True):
        profile.setting_id = created[org.urn]
    SettingProfile.objects.bulk_create(profiles, batch_size=1000)
    # SEN provision: every specialist setting, and one mainstream school in six.
    changed = []
    for profile in SettingProfile.objects.all().iterator(chunk_size=2000):
        mainstream_unit = not profile.is_specialist and rng.random() < 1 / 6
        if not (profile.is_specialist or mainstream_unit):
            continue
        profile.needs = list(rng.choice(NEED_SETS))
        profile.needs_key = needs_key_for(profile.needs)
        profile.provision = list(rng.choice(PROVISION_SETS))
        profile.resourced_provision = mainstream_unit and rng.random() < 0.7
        profile.sen_unit = mainstream_unit and not profile.resourced_provision
        profile.places = rng.randint(8, 200)
        profile.vacancies = rng.randint(0, 6)
        changed.append(profile)
    SettingProfile.objects.bulk_update(
        changed,
        [
            "needs",
            "needs_key",
            "provision",
            "resourced_provision",
            "sen_unit",
            "places",
            "vacancies",
        ],
        batch_size=1000,
    )
    return missing


def _time(fn, runs: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm up
    with CaptureQueriesContext(connection) as queries:
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times, len(queries)


def run(total: int, runs: int) -> list[dict]:
    from django.db import connection

    from ehcp.selectors import today
    from send_portal.models import Organisation
    from tailored_lists import directory, services
    from tests.tailored_lists.helpers import child_case, pilot_area

    start = time.perf_counter()
    directory.import_shared_schools()
    added = top_up(total)
    count = Organisation.objects.filter(kind=Organisation.Kind.SETTING).count()
    print(
        f"Directory: {count} settings (6,022 real + {added} copies) in "
        f"{time.perf_counter() - start:.1f} s"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a live database would have
    pilot_area("881")
    results = []
    for label, postcode in (("Chelmsford (CM1)", "CM1 1AA"), ("Central London (SW1A)", "SW1A 1AA")):
        case = child_case(postcode=postcode)
        plan = services.latest_plan(case)
        starts = services.next_school_year_start(today())
        needs = services.child_needs(case, plan, school_year_starts=starts)

        def candidates(needs=needs):
            return services.build_candidates(needs)

        def build(case=case):
            return services.build_list(actor=case.caseworker, case_id=case.pk, on=today())

        entries = len(candidates())
        for what, fn in (("candidates", candidates), ("build_list", build)):
            times, n_queries = _time(fn, runs)
            results.append(
                {
                    "child": label,
                    "what": what,
                    "entries": entries,
                    "median_ms": statistics.median(times),
                    "p95_ms": _p95(times),
                    "queries": n_queries,
                }
            )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", type=int, default=25000)
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

    setup_test_environment(debug=False)
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        if connection.vendor == "postgresql":
            major, minor = divmod(connection.pg_version, 10000)
            vendor = f"PostgreSQL {major}.{minor}"
        else:
            vendor = f"{connection.vendor} {connection.Database.sqlite_version}"
        print(f"Database: {vendor} ({settings.DATABASES['default']['NAME']} -> test database)")
        results = run(args.settings, args.runs)
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()
    print(f"\nTailored list over {args.settings} settings, {args.runs} runs each (times in ms)")
    print(f"{'Child':<24} {'What':<12} {'entries':>8} {'median':>8} {'p95':>8} {'queries':>8}")
    for r in results:
        print(
            f"{r['child']:<24} {r['what']:<12} {r['entries']:>8} {r['median_ms']:>8.1f} "
            f"{r['p95_ms']:>8.1f} {r['queries']:>8}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
