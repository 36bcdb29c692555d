"""Load test: gunicorn on PostgreSQL, mixed traffic from each role (Locust), against a minimal
Django view on the same server.

    bash -c 'source scripts/services.sh; sp_pg_start || exit 1; trap sp_pg_stop EXIT
             DATABASE_URL="$SP_PG_DATABASE_URL" .venv/bin/python -m benchmarks.load.run'

Loads the demo data (``seed_demo``), prepares a signed-in session (two-factor verified for
staff) for each demo person, starts gunicorn, runs Locust headless twice - the mixed traffic,
then only ``/healthz/`` - and prints throughput, median and 95th percentile and failures.
"""

from __future__ import annotations

import argparse
import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = ROOT / ".venv/bin/python"
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.load.settings", "PYTHONPATH": str(ROOT)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(path: Path) -> None:
    subprocess.run([PY, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=ENV, check=True)
    subprocess.run(
        [PY, "manage.py", "seed_demo"], cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL
    )
    code = f"""
import json, time
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from ehcp import selectors
from ehcp.models import Plan
from send_portal.models import ADVISER_ROLES, Role, User
from send_portal.security.middleware import SIGNED_IN_AT

groups = {{
    "caseworker": [Role.CASEWORKER], "send_manager": [Role.SEND_MANAGER],
    "parent": [Role.PARENT, Role.YOUNG_PERSON], "adviser": list(ADVISER_ROLES),
    "board": [Role.BOARD_MEMBER, Role.BOARD_CHAIR],
}}
out = {{}}
for group, roles in groups.items():
    people = []
    demo = User.objects.filter(email__endswith="@demo.example.org")
    for user in demo.filter(role_assignments__role__in=roles).distinct():
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store[SIGNED_IN_AT] = int(time.time())
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device:
            store[DEVICE_ID_SESSION_KEY] = device.persistent_id
        store.create()
        cases = list(selectors.cases_visible_to(user).values_list("reference", flat=True)[:30])
        plans = list(
            Plan.objects.filter(case__reference__in=cases)
            .values_list("case__reference", flat=True).distinct()
        )
        people.append({{"email": user.email, "sessionid": store.session_key,
                        "cases": cases or ["none"], "plans": plans or cases or ["none"]}})
    out[group] = people
json.dump(out, open({str(path)!r}, "w"))
print({{k: len(v) for k, v in out.items()}})
"""
    subprocess.run([PY, "manage.py", "shell", "-c", code], cwd=ROOT, env=ENV, check=True)


def locust(host: str, sessions: Path, out: Path, *, users: int, seconds: int, baseline: bool):
    env = {**ENV, "LOAD_SESSIONS": str(sessions), "LOAD_BASELINE": "1" if baseline else "0"}
    subprocess.run(
        [
            ROOT / ".venv/bin/locust",
            "-f",
            str(ROOT / "benchmarks/load/locustfile.py"),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--host",
            host,
            "--csv",
            str(out),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        check=False,
    )
    with open(f"{out}_stats.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (see the module docstring).")
    work = Path(tempfile.mkdtemp(prefix="send_portal_load."))
    sessions = work / "sessions.json"
    prepare(sessions)
    port = free_port()
    server = subprocess.Popen(
        [
            ROOT / ".venv/bin/gunicorn",
            "send_portal.wsgi",
            "-w",
            str(args.workers),
            "--threads",
            str(args.threads),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        host = f"http://127.0.0.1:{port}"
        results = {}
        load = {"before": os.getloadavg()}
        for label, baseline in (("mixed traffic", False), ("minimal view /healthz/", True)):
            rows = locust(
                host,
                sessions,
                work / label.split()[0],
                users=args.users,
                seconds=args.seconds,
                baseline=baseline,
            )
            results[label] = rows
            load[f"after the {label}"] = os.getloadavg()
        print(
            f"\nLoad test: {args.users} users, {args.seconds}s each, gunicorn "
            f"{args.workers} workers x {args.threads} threads, PostgreSQL\n"
        )
        print("| Traffic | Requests | Failures | Requests/s | Median ms | p95 ms |")
        print("|---|---:|---:|---:|---:|---:|")
        totals = {}
        for label, rows in results.items():
            for row in rows:
                if label == "mixed traffic" or row["Name"] == "Aggregated":
                    name = row["Name"] if row["Name"] != "Aggregated" else f"**{label}**"
                    print(
                        f"| {name} | {row['Request Count']} | {row['Failure Count']} | "
                        f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} |"
                    )
                if row["Name"] == "Aggregated":
                    totals[label] = float(row["Requests/s"])
        ratio = totals["mixed traffic"] / totals["minimal view /healthz/"]
        print(f"\nThroughput ratio, mixed traffic to the minimal view: {ratio:.2f}")
        # The machine may be shared: say how busy it was (1, 5 and 15 minute load averages).
        for moment, (one, five, fifteen) in load.items():
            print(f"Load average {moment}: {one:.1f} {five:.1f} {fifteen:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
