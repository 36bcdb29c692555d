"""Mixed traffic from each role against a running portal (run by benchmarks/load/run.py).

Each simulated person uses a signed-in session prepared by the runner (sessions.json: the
session cookie, their case and plan), so what is measured is the steady state of people working,
not sign-in. Weights approximate a council's day: caseworkers most, families next, then
advisers, managers, partnership boards and the public. ``Baseline`` hits the minimal Django view
(/healthz/) for the ratio.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections import defaultdict

import gevent
from locust import HttpUser, between, events, task

SESSIONS = json.loads(open(os.environ["LOAD_SESSIONS"], encoding="utf-8").read())  # noqa: SIM115
ONLY_BASELINE = os.environ.get("LOAD_BASELINE") == "1"
#: Open loop (issue 22): each simulated person's requests arrive at LOAD_RATE_PER_USER a second
#: whatever the last one took, so with enough people the arrival rate is fixed (people x rate)
#: and a slow server makes queues, not fewer requests. Unset: closed loop, a short think time
#: between a response and the next request, as before.
RATE = float(os.environ.get("LOAD_RATE_PER_USER") or 0)


def poisson_arrivals(rate: float):
    """A wait time giving each simulated person Poisson arrivals at ``rate`` a second: the
    next request is due an exponential interval after the last one was *due* (not after it
    finished), so the arrivals do not slow down when the server does, and many people together
    arrive as one Poisson stream, bursts included (open loop)."""

    def wait_time(user) -> float:
        now = time.monotonic()
        due = getattr(user, "_next_due", None) or now
        user._next_due = due + random.expovariate(rate)
        return max(0.0, user._next_due - now)

    return wait_time


WAIT = poisson_arrivals(RATE) if RATE else between(0.1, 0.5)

#: Per endpoint: the server's CPU microseconds and queries of each request, from the headers of
#: ``benchmarks/load/measure.py``; written to LOAD_MEASURES when the run stops.
MEASURES: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"cpu_us": [], "queries": []})


@events.request.add_listener
def _measure(name, response=None, exception=None, **kwargs):
    if response is None or exception is not None:
        return
    headers = response.headers or {}
    if "X-Bench-CPU-us" in headers:
        MEASURES[name]["cpu_us"].append(int(headers["X-Bench-CPU-us"]))
        MEASURES[name]["queries"].append(int(headers["X-Bench-Queries"]))


@events.quitting.add_listener
def _write_measures(environment, **kwargs):
    if os.environ.get("LOAD_MEASURES"):
        with open(os.environ["LOAD_MEASURES"], "w", encoding="utf-8") as handle:
            json.dump(MEASURES, handle)


def _random_start() -> None:
    """Open loop: start each person at a random moment of their first interval, so that people
    started together do not arrive together."""
    if RATE:
        gevent.sleep(random.expovariate(RATE))


class _Signed(HttpUser):
    abstract = True
    role = ""
    wait_time = WAIT

    def on_start(self):
        _random_start()
        me = random.choice(SESSIONS[self.role])
        self.me = me
        self.client.cookies.set("sessionid", me["sessionid"])

    def page(self, address, name=None):
        with self.client.get(address, name=name or address, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {address}")


if not ONLY_BASELINE:

    class Caseworker(_Signed):
        role = "caseworker"
        weight = 6

        @task(3)
        def caseload(self):
            self.page("/cases/")

        @task(3)
        def case(self):
            self.page(f"/cases/{random.choice(self.me['cases'])}/", name="/cases/[ref]/")

        @task(2)
        def plan(self):
            ref = random.choice(self.me["plans"])
            self.page(f"/cases/{ref}/plan/", name="/cases/[ref]/plan/")

        @task(2)
        def api_cases(self):
            self.page("/api/v1/cases/?page_size=50", name="/api/v1/cases/?page_size=50")

        @task(1)
        def api_deadlines(self):
            ref = random.choice(self.me["cases"])
            self.page(f"/api/v1/cases/{ref}/deadlines/", name="/api/v1/cases/[ref]/deadlines/")

    class Manager(_Signed):
        role = "send_manager"
        weight = 1

        @task
        def caseload(self):
            self.page("/cases/?scope=all", name="/cases/?scope=all")

        @task
        def notifications(self):
            self.page("/notifications/")

    class Family(_Signed):
        role = "parent"
        weight = 3

        @task(2)
        def my_cases(self):
            self.page("/my-cases/")

        @task(2)
        def my_case(self):
            self.page(f"/my-cases/{random.choice(self.me['cases'])}/", name="/my-cases/[ref]/")

        @task(1)
        def api(self):
            self.page("/api/v1/cases/", name="/api/v1/cases/ (family)")

    class Adviser(_Signed):
        role = "adviser"
        weight = 2

        @task
        def inbox(self):
            self.page("/advice/")

        @task
        def api(self):
            self.page("/api/v1/advice-requests/")

    class Board(_Signed):
        role = "board"
        weight = 1

        @task
        def plans(self):
            self.page("/plans/")

        @task
        def standards(self):
            self.page("/national-standards/")

    class Public(HttpUser):
        weight = 2
        wait_time = WAIT

        def on_start(self):
            _random_start()

        @task(2)
        def timescales(self):
            self.client.get("/api/v1/timescales/?received=2026-01-05", name="/api/v1/timescales/")

        @task(1)
        def standards(self):
            self.client.get("/national-standards/")

        @task(1)
        def plans(self):
            self.client.get("/local-inclusion-plans/")

        @task(1)
        def dashboard(self):
            # Issue 22: a council's public dashboard, read from the per-council summaries.
            self.client.get("/dashboards/public/councils/881/", name="/dashboards/public/[la]/")

else:

    class Baseline(HttpUser):
        wait_time = WAIT

        @task
        def healthz(self):
            self.client.get("/healthz/")
