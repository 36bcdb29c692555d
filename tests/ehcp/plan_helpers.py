"""Helpers for the plan tests: a draft written through the plan services."""

from __future__ import annotations

from ehcp.models import Plan, Stage
from ehcp.services import plans, workflow
from tests.ehcp.factories import case_at, day


def lock(plan: Plan) -> int:
    return Plan.objects.values_list("version_lock", flat=True).get(pk=plan.pk)


def add(plan: Plan, kind: str, actor=None, **data):
    """Add one item to a draft through the service, with the current lock."""
    return plans.save_item(
        actor=actor or plan.case.caseworker,
        plan_id=plan.pk,
        expected_lock=lock(plan),
        kind=kind,
        data=data,
    )


def written_draft(case=None, **case_kwargs):
    """A case at "writing the draft plan" with a draft that has something in the main
    sections: two needs in B (the second without provision), an outcome and a provision in F
    linked to the first need, and section A with the child's own words and the parents'."""
    case = case or case_at(Stage.DRAFTING, **case_kwargs)
    worker = case.caseworker
    plan = plans.start_draft(actor=worker, case_id=case.pk)
    plans.save_views(
        actor=worker,
        plan_id=plan.pk,
        expected_lock=lock(plan),
        data={
            "child_strengths": "I am good at drawing.",
            "child_important": "Knowing what happens next.",
            "parent_views": "He is happiest when he knows the plan for the day.",
        },
    )
    talking = add(
        plan,
        "need",
        section="B",
        area="communication",
        description="Finds it hard to follow spoken instructions.",
        evidence="EP advice, appendix K1",
    )
    worry = add(
        plan,
        "need",
        section="B",
        area="semh",
        description="Anxious at the start of the school day.",
        evidence="Attendance records",
    )
    outcome = add(
        plan,
        "outcome",
        description="Will follow a three-step instruction in class without help.",
        by_when="July 2027",
        needs=[talking.pk],
    )
    therapy = add(
        plan,
        "provision",
        section="F",
        description="Individual speech and language therapy on understanding instructions.",
        delivered_by="Speech and language therapist",
        expertise="HCPC-registered speech and language therapist",
        group_size="1:1",
        frequency="Once a week, 39 weeks a year",
        duration="45 minutes",
        needs=[talking.pk],
        outcomes=[outcome.pk],
    )
    plan.refresh_from_db()
    return plan, {"talking": talking, "worry": worry, "outcome": outcome, "therapy": therapy}


def serve(plan: Plan) -> Plan:
    case = plan.case
    workflow.serve_draft_plan(
        actor=case.caseworker, case_id=case.pk, served_on=day(case, "draft_served")
    )
    plan.refresh_from_db()
    return plan
