"""Load test: gunicorn on PostgreSQL, mixed traffic from each role (Locust), against a minimal
Django view on the same server.

    bash -c 'source scripts/services.sh; sp_pg_start || exit 1; trap sp_pg_stop EXIT
             DATABASE_URL="$SP_PG_DATABASE_URL" .venv/bin/python -m benchmarks.load.run'

Loads the demo data (``seed_demo``; with ``--england``, England-scale synthetic data for all 153
councils first), prepares a signed-in session (two-factor verified for staff) for each demo
person, starts gunicorn and runs Locust headless:

1. the mixed traffic, closed loop (each person waits 0.1-0.5 s after a response): saturation;
2. only ``/healthz/``, the same way: the minimal view's saturation, for the ratio;
3. with ``--open-loop``, the mixed traffic again at a fixed arrival rate of half the mixed
   saturation rate of step 1 (Locust's constant throughput, spread over ``--open-users``
   people so a slow response delays no one's next request).

For each endpoint it prints requests, failures, throughput, median and 95th percentile, and
the server's median CPU milliseconds and queries per request (``benchmarks/load/measure.py``),
plus the load average before and after each step.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = ROOT / ".venv/bin/python"
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.load.settings", "PYTHONPATH": str(ROOT)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(path: Path, *, england: bool, load_data: bool = True) -> None:
    if load_data:
        load(england=england)
    sign_in(path)


def load(*, england: bool) -> None:
    subprocess.run([PY, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=ENV, check=True)
    if england:
        # Every council's synthetic records first (about 640,000 plans); seed_demo then adds the
        # demo people and cases and keeps these records (it skips its own synthetic load).
        subprocess.run(
            [PY, "manage.py", "generate_synthetic", "--scale", "england"],
            cwd=ROOT,
            env=ENV,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    subprocess.run(
        [PY, "manage.py", "seed_demo"], cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL
    )


def sign_in(path: Path) -> None:
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


def locust(
    host: str,
    sessions: Path,
    out: Path,
    *,
    users: int,
    seconds: int,
    baseline: bool,
    rate_per_user: float = 0.0,
):
    env = {
        **ENV,
        "LOAD_SESSIONS": str(sessions),
        "LOAD_BASELINE": "1" if baseline else "0",
        "LOAD_RATE_PER_USER": str(rate_per_user or ""),
        "LOAD_MEASURES": f"{out}_measures.json",
    }
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
    try:
        with open(f"{out}_measures.json", encoding="utf-8") as handle:
            measures = json.load(handle)
    except FileNotFoundError:
        measures = {}
    for row in rows:
        seen = measures.get(row["Name"])
        if row["Name"] == "Aggregated":
            seen = {
                "cpu_us": [v for m in measures.values() for v in m["cpu_us"]],
                "queries": [v for m in measures.values() for v in m["queries"]],
            }
        row["cpu_ms"] = f"{statistics.median(seen['cpu_us']) / 1000:.1f}" if seen else "-"
        row["cpu_mean_ms"] = f"{statistics.mean(seen['cpu_us']) / 1000:.1f}" if seen else "-"
        row["queries"] = (
            f"{min(seen['queries'])}-{max(seen['queries'])}"
            if seen and min(seen["queries"]) != max(seen["queries"])
            else (str(seen["queries"][0]) if seen else "-")
        )
    return rows


def table(label: str, rows: list[dict]) -> float:
    print(f"\n{label}\n")
    print(
        "| Traffic | Requests | Failures | Requests/s | Median ms | p95 ms | CPU ms (median) "
        "| Queries |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    total = 0.0
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "**All**"
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['cpu_ms']} | "
            f"{row['queries']} |"
        )
        if row["Name"] == "Aggregated":
            total = float(row["Requests/s"])
            print(f"\nMean CPU per request: {row['cpu_mean_ms']} ms")
    return total


def start_server(workers: int, threads: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [
            ROOT / ".venv/bin/gunicorn",
            "send_portal.wsgi",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            # Behind the reverse proxy that keeps its connections to gunicorn open (gunicorn's
            # docs: "behind a load balancer, it often makes sense to set this to a higher
            # value"); the default 2 s closed the open loop's idle connections between two of a
            # person's requests, and a request sent as one closed failed with status 0.
            "--keep-alive",
            "75",
        ],
        cwd=ROOT,
        env=ENV,
    )
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    return server, f"http://127.0.0.1:{port}"


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


def ready(host: str) -> None:
    for _ in range(300):
        try:
            with urllib.request.urlopen(host + "/healthz/", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the server did not answer /healthz/")


def first_loads(sessions: Path, runs: int) -> None:
    """Issue 22: a council's public and restricted dashboards as the first page a new worker
    serves once it answers its health check (one worker, started afresh for each request),
    wall-clock milliseconds."""
    people = json.loads(sessions.read_text(encoding="utf-8"))
    manager = people["send_manager"][0]["sessionid"]
    pages = {
        "Public council dashboard (/dashboards/public/councils/881/)": (
            "/dashboards/public/councils/881/",
            None,
        ),
        "Restricted council dashboard, SEND manager (/dashboards/councils/881/)": (
            "/dashboards/councils/881/",
            manager,
        ),
    }
    print("\nFirst page of a new worker after its health check (wall ms)\n")
    print("| Page | Runs | Median | Max |")
    print("|---|---:|---:|---:|")
    for label, (address, session) in pages.items():
        times = []
        for _ in range(runs):
            server, host = start_server(1, 4)
            try:
                # Ready as a load balancer sees it: the port opens before the worker has loaded
                # the portal (about 2.5 s), and no traffic is sent until /healthz/ answers.
                ready(host)
                request = urllib.request.Request(host + address)  # noqa: S310 - our own http server
                if session:
                    request.add_header("Cookie", f"sessionid={session}")
                start = time.perf_counter()
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                    response.read()
                    assert response.status == 200, (address, response.status)
                times.append((time.perf_counter() - start) * 1000)
            finally:
                stop_server(server)
        print(f"| {label} | {runs} | {statistics.median(times):.0f} | {max(times):.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--england", action="store_true", help="England-scale synthetic data")
    parser.add_argument("--open-loop", action="store_true", help="then half saturation, open loop")
    parser.add_argument("--open-users", type=int, default=100)
    parser.add_argument(
        "--first-loads", type=int, default=0, help="runs of the dashboards' first load"
    )
    parser.add_argument(
        "--skip-prepare", action="store_true", help="the database is already loaded"
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (see the module docstring).")
    work = Path(tempfile.mkdtemp(prefix="send_portal_load."))
    sessions = work / "sessions.json"
    prepare(sessions, england=args.england, load_data=not args.skip_prepare)
    if args.first_loads:
        first_loads(sessions, args.first_loads)
    server, host = start_server(args.workers, args.threads)
    try:
        # Warm-up, not counted: each worker's first requests compile templates and fill
        # caches (measured apart: tests/dashboards/test_first_view.py, the README's table).
        locust(host, sessions, work / "warm", baseline=False, users=args.users, seconds=15)
        load = {"before": os.getloadavg()}
        run = {"users": args.users, "seconds": args.seconds}
        mixed = locust(host, sessions, work / "mixed", baseline=False, **run)
        load["after the mixed traffic"] = os.getloadavg()
        minimal = locust(host, sessions, work / "minimal", baseline=True, **run)
        load["after /healthz/"] = os.getloadavg()
        print(
            f"\nLoad test: {args.users} users, {args.seconds}s each, gunicorn "
            f"{args.workers} workers x {args.threads} threads, PostgreSQL, "
            f"{'England-scale synthetic data and ' if args.england else ''}the demo data"
        )
        saturation = table("Mixed traffic, closed loop (saturation)", mixed)
        healthz = table("Minimal view /healthz/, closed loop", minimal)
        print(f"\nThroughput ratio, mixed traffic to the minimal view: {saturation / healthz:.2f}")
        if args.open_loop:
            rate = saturation / 2
            opened = locust(
                host,
                sessions,
                work / "open",
                baseline=False,
                users=args.open_users,
                seconds=args.seconds,
                rate_per_user=rate / args.open_users,
            )
            load["after the open loop"] = os.getloadavg()
            table(f"Mixed traffic, open loop at {rate:.1f} requests/s (half saturation)", opened)
        # The machine may be shared: say how busy it was (1, 5 and 15 minute load averages).
        print()
        for moment, (one, five, fifteen) in load.items():
            print(f"Load average {moment}: {one:.1f} {five:.1f} {fifteen:.1f}")
    finally:
        stop_server(server)


if __name__ == "__main__":
    main()
