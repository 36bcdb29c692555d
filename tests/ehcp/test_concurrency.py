"""Two officers taking the same step at the same moment: the case row lock lets exactly one
through, and the other is told the step has already happened.

Full-stack only: these need PostgreSQL's row locks (``select_for_update``), so they run in the
full-stack run of ``scripts/test.sh``, where DATABASE_URL points at PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection

from ehcp import selectors
from ehcp.errors import InvalidTransition
from ehcp.models import Case, Decision, Plan, RequestSource, Stage
from ehcp.services import workflow
from tests.ehcp.factories import PLACEMENT_TYPE, TODAY, ChildFactory, case_at, caseworker, fresh

pytestmark = [pytest.mark.fullstack, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_and_today(monkeypatch):
    assert connection.vendor == "postgresql", (
        "the concurrency tests need PostgreSQL: run them in the full-stack run "
        "(DATABASE_URL=postgres://...)"
    )
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def race(*steps: Callable[[], object]) -> list[tuple[str, object]]:
    """Run the steps in threads released together; each result is ("ok", value) or
    ("error", exception)."""
    barrier = threading.Barrier(len(steps))
    results: list[tuple[str, object] | None] = [None] * len(steps)

    def run(index: int, step: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = ("ok", step())
        except Exception as exc:  # noqa: BLE001 - the race's loser is reported, not raised
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, step)) for i, step in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a step hung (deadlock?)"
    return results  # type: ignore[return-value]


def one_winner(results) -> object:
    winners = [value for outcome, value in results if outcome == "ok"]
    losers = [value for outcome, value in results if outcome == "error"]
    assert len(winners) == 1, results
    assert len(losers) == len(results) - 1
    for error in losers:
        assert isinstance(error, InvalidTransition), repr(error)
    return winners[0]


def test_two_concurrent_decisions_whether_to_assess_leave_exactly_one_decision():
    case = case_at(Stage.CONSIDERING)
    first, second = fresh(case.caseworker), caseworker()
    decided = date(2026, 4, 6)

    winner = one_winner(
        race(
            lambda: workflow.decide_whether_to_assess(
                actor=first,
                case_id=case.pk,
                assess=True,
                decided_on=decided,
                notice_sent_on=decided,
            ),
            lambda: workflow.decide_whether_to_assess(
                actor=second,
                case_id=case.pk,
                assess=False,
                decided_on=decided,
                notice_sent_on=decided,
                reasons="The school can meet the needs.",
            ),
        )
    )

    case.refresh_from_db()
    assert Decision.objects.filter(case=case).count() == 1
    assert Decision.objects.get(case=case).pk == winner.pk
    expected_stage = Stage.ASSESSING if winner.kind == Decision.Kind.ASSESS else Stage.NOT_ASSESSED
    assert case.stage == expected_stage
    assert case.events.filter(kind__startswith="decided_").count() == 1


def test_two_concurrent_final_plans_leave_exactly_one_final_plan():
    case = case_at(Stage.DRAFT_SERVED)
    first, second = fresh(case.caseworker), caseworker()
    issued = date(2026, 6, 15)

    def issue(actor):
        return lambda: workflow.issue_final_plan(
            actor=actor,
            case_id=case.pk,
            issued_on=issued,
            notice_sent_on=issued,
            setting_type=PLACEMENT_TYPE,
        )

    plan = one_winner(race(issue(first), issue(second)))

    case.refresh_from_db()
    assert case.stage == Stage.FINAL_ISSUED
    assert list(Plan.objects.filter(case=case, status=Plan.Status.FINAL)) == [plan]
    assert Decision.objects.filter(case=case, kind=Decision.Kind.FINAL_PLAN).count() == 1
    assert case.events.filter(kind="final_issued").count() == 1


def test_requests_received_at_once_by_one_council_get_different_references():
    worker = caseworker()
    children = [ChildFactory() for _ in range(6)]

    results = race(
        *[
            lambda child=child: workflow.receive_request(
                actor=worker, child=child, received_on=TODAY, source=RequestSource.FAMILY
            )
            for child in children
        ]
    )

    assert [outcome for outcome, _ in results] == ["ok"] * 6, results
    assert sorted(Case.objects.values_list("reference", flat=True)) == [
        f"EHC-881-2026-{n:05d}" for n in range(1, 7)
    ]
