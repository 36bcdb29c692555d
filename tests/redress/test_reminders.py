"""Reminders of compliance steps: due soon, due today, overdue (weekly), until done; once per
step per threshold per person, however often the task runs."""

from __future__ import annotations

from datetime import date

import pytest

from ehcp import selectors
from ehcp.models import Stage
from ehcp.redress.models import Matter
from ehcp.redress.reminders import due_compliance_reminders, send_compliance_reminders
from ehcp.redress.services import appeals, mediation
from ehcp.redress.tasks import send_compliance_reminders_task
from send_portal.models import Notification, Role
from tests.ehcp.factories import case_at
from tests.factories import la, person_with_role
from tests.redress.helpers import TODAY, Family, family_of, final_plan, mediator, not_assessed

pytestmark = pytest.mark.django_db

ORDERED = date(2026, 11, 20)  # a Friday: the step (2 weeks) is due Friday 4 December 2026


def ordered(fam: Family):
    appeal = appeals.register_appeal(
        actor=fam.worker,
        decision_id=fam.decision.pk,
        registered_on=date(2026, 11, 18),
        matters=[Matter.SECTION_I],
    )
    appeals.record_appeal_decision(
        actor=fam.worker, appeal_id=appeal.pk, outcome="allowed", decided_on=ORDERED
    )
    order = appeals.record_order(
        actor=fam.worker, appeal_id=appeal.pk, order_type="name_setting", made_on=ORDERED
    )
    return order.steps.get()


@pytest.fixture
def plan():
    return final_plan()


@pytest.mark.parametrize(
    ("today", "threshold"),
    [
        (date(2026, 11, 26), None),  # 6 working days before: not yet
        (date(2026, 11, 27), "due_soon"),  # 5 working days before
        (date(2026, 12, 4), "due_today"),
        (date(2026, 12, 5), "overdue-0"),
        (date(2026, 12, 10), "overdue-0"),
        (date(2026, 12, 12), "overdue-1"),
        (date(2027, 1, 2), "overdue-4"),
    ],
)
def test_thresholds(plan, today, threshold):
    step = ordered(plan)
    found = [(r.step.pk, r.threshold) for r in due_compliance_reminders(today)]
    assert found == ([] if threshold is None else [(step.pk, threshold)])


def test_the_caseworker_is_reminded_once_per_threshold(plan, monkeypatch):
    step = ordered(plan)
    assert send_compliance_reminders(date(2026, 11, 30)) == 1
    assert send_compliance_reminders(date(2026, 11, 30)) == 0
    assert send_compliance_reminders(date(2026, 12, 1)) == 0  # still "due soon"
    assert send_compliance_reminders(date(2026, 12, 4)) == 1
    assert send_compliance_reminders(date(2026, 12, 7)) == 1  # overdue
    assert send_compliance_reminders(date(2026, 12, 8)) == 0
    assert send_compliance_reminders(date(2026, 12, 14)) == 1  # a week more overdue
    notes = Notification.objects.filter(
        recipient=plan.worker, dedupe_key__startswith="redress:step"
    )
    assert [n.subject.split(":")[0] for n in notes.order_by("pk")] == [
        "Due 4 December 2026",
        "Due today",
        "Overdue by 3 days",
        "Overdue by 10 days",
    ]
    first = notes.order_by("pk").first()
    assert first.due_date == date(2026, 12, 4) and "reg 44" in first.legal_basis
    assert first.link == f"/cases/{plan.ref}/appeals/{step.appeal_id}/"
    assert not Notification.objects.filter(
        recipient=plan.parent, dedupe_key__startswith="redress:step"
    ).exists()


def test_reminders_stop_once_the_step_is_done(plan, monkeypatch):
    step = ordered(plan)
    monkeypatch.setattr(selectors, "today", lambda: date(2026, 12, 10))
    appeals.complete_step(actor=plan.worker, step_id=step.pk, completed_on=date(2026, 12, 9))
    assert due_compliance_reminders(date(2026, 12, 10)) == []


def test_without_a_caseworker_the_send_managers_are_reminded():
    worker = person_with_role(Role.CASEWORKER, la("881"))
    case = case_at(Stage.FINAL_ISSUED, actor=worker, received_on=date(2026, 8, 3), allocated=False)
    manager = person_with_role(Role.SEND_MANAGER, la("881"))
    fam = Family(
        case=case,
        worker=worker,
        parent=family_of(case),
        decision=case.decisions.get(kind="final_plan"),
    )
    ordered(fam)
    assert send_compliance_reminders(date(2026, 12, 4)) == 1
    assert Notification.objects.filter(recipient=manager, subject__startswith="Due today").exists()


def test_mediation_agreements_are_reminded_too():
    fam = not_assessed()
    m = mediation.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 10, 20)
    )
    mediation.record_mediation_choice(
        actor=fam.parent,
        mediation_id=m.pk,
        wishes_to_mediate=True,
        told_on=date(2026, 10, 20),
        issues=[Matter.REFUSAL_TO_ASSESS],
    )
    med = mediator()
    mediation.arrange_mediation(
        actor=fam.worker, mediation_id=m.pk, arranged_for=date(2026, 11, 5), mediator=med
    )
    mediation.record_session(
        actor=med, mediation_id=m.pk, held_on=date(2026, 11, 5), format="video"
    )
    mediation.conclude_mediation(
        actor=med, mediation_id=m.pk, concluded_on=date(2026, 11, 5), outcome="agreed"
    )
    mediation.add_agreement_action(actor=med, mediation_id=m.pk, description="EP visit")
    reminders = due_compliance_reminders(TODAY)  # due Thursday 19 November: overdue
    assert [(r.step.source, r.threshold) for r in reminders] == [("agreement", "overdue-0")]
    assert send_compliance_reminders_task.delay().get() == 1
    note = Notification.objects.get(recipient=fam.worker, subject__startswith="Overdue by 3 days")
    assert note.link == f"/cases/{fam.ref}/mediation/{m.pk}/"
