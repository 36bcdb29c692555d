"""How long does bringing a big council's caseload in from its SEN2 return take, and does the
importer's memory grow with the file?

    .venv/bin/python -m benchmarks.sen2_import                  # SQLite: 20,000 and 5,000 persons
    .venv/bin/python -m benchmarks.sen2_import --persons 20000 --compare 5000 --traced 1000 4000
    DATABASE_URL=postgres://... .venv/bin/python -m benchmarks.sen2_import

Creates a throwaway test database (the Django test runner's ``setup_databases``: a temporary
SQLite file, so that the database's pages are not counted as the process's memory, or
``test_<name>`` on PostgreSQL), writes SEN2 files (valid under ``ehcp.returns.validation``: most
persons with an issued plan in force, its placement, review and needs, some refused requests and
some still undecided) and imports each with ``ehcp.returns.importer.import_sen2`` into a council
that holds nothing yet:

1. ``--persons`` (20,000) then ``--compare`` (5,000) persons: wall time, persons a second, the
   growth of the process's peak resident memory (``resource.getrusage`` ``ru_maxrss``) during the
   import, and the Python memory blocks alive (``sys.getallocatedblocks`` after a collection) at
   every 1,000th person: flat from the first thousand to the last, whatever the file's size;
2. ``--traced`` (1,000 and 4,000) persons under ``tracemalloc``: the peak of Python memory
   allocated during each import (``tracemalloc`` makes the import about four times slower, so
   it runs on smaller files). Equal peaks for a file four times the size show that memory does
   not grow with the file: the importer reads it as a stream and holds one person at a time.

Run on demand only: timings depend on the machine, so the test suite never asserts them. The
figures are in benchmarks/README.md. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

YEAR = 2025
FIRST = ("Oliver", "Amelia", "George", "Isla", "Noah", "Ava", "Arthur", "Mia", "Leo", "Ivy")
LAST = ("Smith", "Jones", "Taylor", "Brown", "Patel", "Khan", "Okafor", "Ahmed", "Evans", "Hall")
NEEDS = ("ASD", "SEMH", "SLCN", "MLD", "SPLD", "SLD", "PD", "HI", "VI", "PMLD", "MSI", "OTH")
ETHNICITIES = ("WBRI", "WOTH", "MWBC", "AIND", "APKN", "BAFR", "BCRB", "CHNE", "OOTH", "NOBT")


def _person(n: int, la_code: str, rng: random.Random):
    from dashboards.synthetic import synthetic_upn
    from ehcp.returns.sen2 import Person

    census = date(YEAR, 1, 16)
    born = date(2005, 1, 1) + timedelta(days=rng.randrange(365 * 16))
    received = date(2019, 1, 1) + timedelta(days=rng.randrange(365 * 4))
    items = {
        "Surname": f"{rng.choice(LAST)}-{n}",  # unique: no two persons match by name
        "Forename": rng.choice(FIRST),
        "PersonBirthDate": born.isoformat(),
        "Sex": rng.choice("MF"),
        "Ethnicity": rng.choice(ETHNICITIES),
        "PostCode": f"CM{1 + n % 9} {n % 10}AB",
        "UPN": synthetic_upn(la_code, n),
    }
    kind = n % 10  # 0: refused, 1: undecided, otherwise a plan in force
    request = {
        "items": {
            "ReceivedDate": received.isoformat(),
            "RequestSource": str(1 + n % 5),
            "RYA": "0",
            "RequestMediation": "0",
            "RequestTribunal": "0",
        },
        "assessment": None,
        "active_plans": None,
    }
    if kind == 0:
        decided = received + timedelta(days=40)
        request["items"].update(RequestOutcome="N", RequestOutcomeDate=decided.isoformat())
    elif kind == 1:
        request["items"]["ReceivedDate"] = (census - timedelta(days=20)).isoformat()
        request["items"]["RequestOutcome"] = "A"
    else:
        issued = received + timedelta(days=rng.randrange(100, 200))
        request["items"]["RequestOutcome"] = "H"
        urn = str(100000 + n % 5000)
        request["assessment"] = {
            "items": {"AssessmentOutcome": "H", "Week20": "0"},
            "named_plan": {
                "items": {"StartDate": issued.isoformat(), "PB": "0", "OA": "0", "DP": "0"},
                "plan_details": [{"URN": urn, "PlacementRank": "1"}],
            },
        }
        meeting = census - timedelta(days=rng.randrange(30, 330))  # in 2024, after the plan
        request["active_plans"] = {
            "items": {
                "ReviewMeeting": meeting.isoformat(),
                "ReviewOutcome": "M",
                "LastReview": (meeting + timedelta(days=20)).isoformat(),
            },
            "placements": [{"URN": urn, "PlacementRank": "1", "EntryDate": issued.isoformat()}],
            "needs": [{"SENtype": NEEDS[n % len(NEEDS)], "SENtypeRank": "1"}],
        }
    return Person(child_id=None, name="", items=items, requests=[request])


def write_file(path: Path, la_code: str, persons: int) -> None:
    """A SEN2 return of ``persons`` persons, written one person at a time."""
    from ehcp.returns.sen2 import write_xml

    rng = random.Random(persons)
    header = {
        "Collection": "SEN2",
        "Year": str(YEAR),
        "ReferenceDate": f"{YEAR}-01-16",
        "SourceLevel": "L",
        "LEA": la_code,
        "SoftwareCode": "benchmark",
        "Release": "1",
        "SerialNo": "1",
        "DateTime": f"{YEAR}-01-20T09:00:00",
    }
    with path.open("wb") as stream:
        write_xml(stream, header, {}, (_person(n, la_code, rng) for n in range(1, persons + 1)))


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def import_file(path: Path, la_code: str, *, trace: bool) -> dict:
    from ehcp.returns import importer
    from send_portal.models import Organisation

    council = Organisation.objects.get(kind=Organisation.Kind.LOCAL_AUTHORITY, la_code=la_code)
    blocks: list[int] = []

    def progress(n: int) -> None:  # every 1,000th person
        if not trace:
            gc.collect()
            blocks.append(sys.getallocatedblocks())
        if n % 5000 == 0:
            print(f"  {n:,} persons", flush=True)

    gc.collect()
    rss_before = _maxrss_mb()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    with path.open("rb") as stream:
        report = importer.import_sen2(actor=None, council=council, stream=stream, progress=progress)
    seconds = time.perf_counter() - start
    peak = None
    if trace:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert report.applied, report.refusals[:5]
    return {
        "persons": report.persons,
        "seconds": seconds,
        "rate": report.persons / seconds,
        "rss_growth_mb": _maxrss_mb() - rss_before,
        "peak_mb": peak / 2**20 if peak is not None else None,
        "blocks": blocks,
        "file_mb": path.stat().st_size / 2**20,
        "summary": report.summary(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=20000)
    parser.add_argument("--compare", type=int, default=5000)
    parser.add_argument("--traced", type=int, nargs=2, default=[1000, 4000])
    args = parser.parse_args(argv)

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

    folder = Path(tempfile.mkdtemp(prefix="sen2-import-"))
    if connection.vendor == "sqlite":
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(folder / "test.db")
    setup_test_environment(debug=False)  # as in production: no query log
    old_config = setup_databases(verbosity=0, interactive=False)
    results = []
    runs = [
        (args.persons, "881", False),
        (args.compare, "882", False),
        (args.traced[0], "883", True),
        (args.traced[1], "886", True),
    ]
    try:
        if connection.vendor == "postgresql":
            major, minor = divmod(connection.pg_version, 10000)
            vendor = f"PostgreSQL {major}.{minor}"
        else:
            vendor = f"{connection.vendor} {connection.Database.sqlite_version}"
        print(f"Database: {vendor} ({settings.DATABASES['default']['NAME']} -> test database)")
        for persons, la_code, trace in runs:
            path = folder / f"sen2-{la_code}.xml"
            write_file(path, la_code, persons)
            label = f"{persons:,} persons" + (", tracemalloc" if trace else "")
            print(f"Importing {label} ({path.stat().st_size / 2**20:.1f} MB)", flush=True)
            results.append((label, import_file(path, la_code, trace=trace)))
            path.unlink()
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()
    print("\nSEN2 import")
    print(f"{'Run':<28} {'file MB':>8} {'seconds':>8} {'per s':>7} {'RSS +MB':>8} {'peak MB':>8}")
    for label, r in results:
        peak = f"{r['peak_mb']:.1f}" if r["peak_mb"] is not None else "-"
        print(
            f"{label:<28} {r['file_mb']:>8.1f} {r['seconds']:>8.1f} {r['rate']:>7.0f} "
            f"{r['rss_growth_mb']:>8.1f} {peak:>8}"
        )
        if r["blocks"]:
            low, high = min(r["blocks"]), max(r["blocks"])
            print(
                f"  Python blocks alive at each 1,000th person: {low:,} to {high:,} "
                f"(first {r['blocks'][0]:,}, last {r['blocks'][-1]:,})"
            )
        print(f"  {r['summary']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
