"""Two people change the same section of a draft at the same moment, through the API, each in
its own database transaction on PostgreSQL: the plan's row lock and ``version_lock`` let exactly
one change through; the other gets 409 with the message, and no update is lost or half-made.

Full-stack only (PostgreSQL row locks): runs in the full-stack run of scripts/test.sh.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from ehcp import selectors
from ehcp.models import Plan, PlanNeed
from send_portal.models import Role
from tests.ehcp.factories import TODAY
from tests.ehcp.view_helpers import build_world

pytestmark = [pytest.mark.fullstack, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql(monkeypatch):
    assert connection.vendor == "postgresql", "needs PostgreSQL (the full-stack run)"
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a request hung (deadlock?)"
    return results


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_two_concurrent_changes_to_one_need_one_wins_the_other_is_told():
    world = build_world()
    item = world.plan_items["need"]
    lock = Plan.objects.values_list("version_lock", flat=True).get(pk=world.draft.pk)
    address = f"/api/v1/cases/{world.ref}/plans/2/needs/{item.pk}/"
    writers = [
        _client(world.people[Role.CASEWORKER]),
        _client(world.people[Role.SEND_MANAGER]),
    ]

    def change(client, words):
        return lambda: client.put(
            address,
            {"version_lock": lock, "section": "B", "area": "semh", "description": words},
            format="json",
        )

    responses = _race(
        change(writers[0], "From the caseworker."), change(writers[1], "From the manager.")
    )

    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 409], [r.content for r in responses]
    winner = next(r for r in responses if r.status_code == 200)
    loser = next(r for r in responses if r.status_code == 409)
    assert loser.json()["detail"].startswith("Someone else changed this plan")
    saved = PlanNeed.objects.get(pk=item.pk).description
    assert saved == winner.json()["description"]
    assert Plan.objects.values_list("version_lock", flat=True).get(pk=world.draft.pk) == lock + 1


def test_two_concurrent_additions_from_the_same_copy_add_exactly_one():
    world = build_world()
    lock = Plan.objects.values_list("version_lock", flat=True).get(pk=world.draft.pk)
    before = PlanNeed.objects.filter(plan=world.draft).count()
    address = f"/api/v1/cases/{world.ref}/plans/2/needs/"

    def add(user, words):
        client = _client(user)
        return lambda: client.post(
            address,
            {"version_lock": lock, "section": "B", "area": "cognition", "description": words},
            format="json",
        )

    responses = _race(
        add(world.people[Role.CASEWORKER], "Slow processing."),
        add(world.people[Role.SEND_MANAGER], "Working memory."),
    )
    assert sorted(r.status_code for r in responses) == [201, 409]
    assert PlanNeed.objects.filter(plan=world.draft).count() == before + 1
