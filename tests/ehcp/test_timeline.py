"""What a case page says about time and next steps: each statutory date with its status (done in
time, done late, overdue...) and the steps the person looking can take now."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ehcp import selectors
from ehcp.models import Stage
from ehcp.services import workflow
from ehcp.timeline import case_deadlines, stage_actions
from tests.ehcp.factories import TODAY, case_at, caseworker, fresh, manager, parent_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def statuses(case, on) -> dict[str, str]:
    return {row.deadline.key: row.status for row in case_deadlines(case, today=on)}


# Default case: request received Monday 2 March 2026. Decision due 13 April, draft target
# 8 June, no-plan notice 22 June, final plan 20 July 2026.


@pytest.mark.parametrize(
    "on, status",
    [
        (date(2026, 3, 10), "on_track"),
        (date(2026, 4, 7), "due_soon"),  # within 5 working days
        (date(2026, 4, 13), "due_today"),
        (date(2026, 4, 14), "overdue"),
    ],
)
def test_an_undecided_request_counts_down_to_the_6_week_decision(on, status):
    case = case_at(Stage.CONSIDERING)
    assert statuses(case, on)["decision_to_assess"] == status


def test_a_decision_notified_within_6_weeks_is_met():
    case = case_at(Stage.ASSESSING)  # letter sent 6 April
    rows = statuses(case, TODAY)
    assert rows["decision_to_assess"] == "met"
    assert rows["final_plan"] == "overdue"  # 20 July has passed with no final plan


def test_a_decision_notified_after_6_weeks_is_met_late():
    case = case_at(Stage.CONSIDERING)
    workflow.decide_whether_to_assess(
        actor=case.caseworker,
        case_id=case.pk,
        assess=True,
        decided_on=date(2026, 4, 13),
        notice_sent_on=date(2026, 4, 14),
    )
    row = next(
        r for r in case_deadlines(case, today=TODAY) if r.deadline.key == "decision_to_assess"
    )
    assert (row.status, row.met_on, row.status_label) == (
        "met_late",
        date(2026, 4, 14),
        "Done late",
    )


def test_a_final_plan_in_time_meets_the_20_weeks_and_the_16_week_no_plan_date_does_not_apply():
    case = case_at(Stage.FINAL_ISSUED)
    rows = statuses(case, date(2026, 8, 1))
    assert rows == {
        "decision_to_assess": "met",
        "draft_plan_target": "met",
        "no_plan_notice": "not_applicable",
        "final_plan": "met",
        "representations_close": "not_applicable",
        "appeal_deadline": "on_track",  # 1 September 2026
    }
    assert statuses(case, TODAY)["appeal_deadline"] == "not_applicable"


def test_deadline_rows_are_in_date_order():
    case = case_at(Stage.FINAL_ISSUED)
    dues = [row.deadline.due for row in case_deadlines(case, today=TODAY)]
    assert dues == sorted(dues)


def test_after_a_decision_not_to_assess_only_the_decision_and_the_appeal_remain():
    case = case_at(Stage.NOT_ASSESSED)
    assert statuses(case, date(2026, 5, 1)) == {
        "decision_to_assess": "met",
        "draft_plan_target": "not_applicable",
        "no_plan_notice": "not_applicable",
        "final_plan": "not_applicable",
        "appeal_deadline": "on_track",
    }


def test_after_a_decision_not_to_issue_the_16_week_notice_is_met_and_no_final_plan_is_due():
    case = case_at(Stage.NOT_ISSUED)  # letter sent 13 May, within 16 weeks (22 June)
    rows = statuses(case, TODAY)
    assert rows["no_plan_notice"] == "met"
    assert rows["final_plan"] == "not_applicable"
    assert rows["draft_plan_target"] == "not_applicable"


def test_a_withdrawn_request_before_a_decision_has_no_deadlines_left():
    case = case_at(Stage.WITHDRAWN)
    assert set(statuses(case, TODAY).values()) == {"not_applicable"}


@pytest.mark.parametrize(
    "on, status",
    [
        (date(2026, 5, 25), "on_track"),  # served that day
        (date(2026, 6, 8), "due_today"),  # the 15th day
        (date(2026, 6, 9), "not_applicable"),  # closed: over, not "overdue"
    ],
)
def test_the_familys_representations_window_is_shown_while_open_and_never_as_overdue(on, status):
    case = case_at(Stage.DRAFT_SERVED)
    assert statuses(case, on)["representations_close"] == status


def test_an_overdue_final_plan_is_overdue_from_the_day_after_20_weeks():
    case = case_at(Stage.CONSULTING)
    assert statuses(case, date(2026, 7, 20))["final_plan"] == "due_today"
    assert statuses(case, date(2026, 7, 21))["final_plan"] == "overdue"


# ---- stage actions ------------------------------------------------------------------------------

COMMON_OPEN = ["Record an exception to a time limit", "Record that the request was withdrawn"]
ALWAYS = ["Messages with the family", "Add a task", "Add a note"]
PLAN = "See the plan, revise the draft or compare versions"
BY_STAGE = {
    Stage.REQUEST_RECEIVED: (
        ["Tell people the council is considering an assessment"],
        "case-consider",
    ),
    Stage.CONSIDERING: (
        ["Decide whether to assess", "Ask the multi-agency panel whether to assess"],
        "case-decide-assessment",
    ),
    Stage.ASSESSING: (
        ["Ask for advice", "Use advice the family already has", "Refer to the multi-agency panel"],
        "case-advice-new",
    ),
    Stage.PANEL: (["Decide whether to issue a plan"], "case-decide-plan"),
    Stage.DRAFTING: (["Write the draft plan", "Send the draft plan"], "plan-versions"),
    Stage.DRAFT_SERVED: (
        [
            "Issue the final plan",
            PLAN,
            "Record the family's views",
            "Record a school or college the family asked for",
        ],
        "case-issue-final",
    ),
    Stage.CONSULTING: (
        [
            "Issue the final plan",
            PLAN,
            "Record the family's views",
            "Record a school or college the family asked for",
        ],
        "case-issue-final",
    ),
}


@pytest.mark.parametrize("stage", list(BY_STAGE))
def test_the_caseworker_is_offered_the_next_statutory_step_of_each_open_stage(stage):
    case = case_at(stage)
    steps, url_name = BY_STAGE[stage]
    actions = stage_actions(case, fresh(case.caseworker))
    assert [a.text for a in actions] == steps + COMMON_OPEN + ALWAYS
    primary = [a for a in actions if a.primary]
    assert len(primary) == 1
    assert primary[0].href == reverse(url_name, args=[case.reference])


@pytest.mark.parametrize(
    "stage", [Stage.FINAL_ISSUED, Stage.NOT_ASSESSED, Stage.NOT_ISSUED, Stage.WITHDRAWN]
)
def test_a_closed_case_offers_only_messages_notes_and_tasks_and_an_issued_plan(stage):
    case = case_at(stage)
    plan = ["See the plan, compare versions or propose amendments"]
    expected = (plan if stage == Stage.FINAL_ISSUED else []) + ALWAYS
    assert [a.text for a in stage_actions(case, fresh(case.caseworker))] == expected


def test_allocation_is_offered_on_an_unallocated_case_and_to_a_manager_on_any_open_case():
    unallocated = case_at(Stage.REQUEST_RECEIVED, allocated=False)
    assert "Allocate a caseworker" in [
        a.text for a in stage_actions(unallocated, fresh(caseworker()))
    ]
    allocated = case_at(Stage.ASSESSING)
    assert "Allocate a caseworker" not in [
        a.text for a in stage_actions(allocated, fresh(caseworker()))
    ]
    assert "Allocate a caseworker" in [a.text for a in stage_actions(allocated, fresh(manager()))]


@pytest.mark.parametrize("stage", [Stage.REQUEST_RECEIVED, Stage.DRAFT_SERVED])
def test_a_parent_and_staff_of_another_council_are_offered_no_workflow_steps(stage):
    case = case_at(stage)
    assert stage_actions(case, parent_of(case.child)) == []
    assert stage_actions(case, fresh(caseworker("883"))) == []
