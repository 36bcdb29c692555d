"""Exceptions after the plan are recorded like the others and never move a date: the plan after
a re-assessment (SEND Regulations 2014 reg 27(3)) and a Tribunal order (reg 44(3))."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ehcp.deadlines import ExceptionReason
from ehcp.errors import DomainError, InvalidTransition
from ehcp.redress.models import Matter, TribunalAppeal
from ehcp.redress.services import appeals
from ehcp.reviews import services
from ehcp.reviews.models import Reassessment
from ehcp.services import workflow
from tests.redress.helpers import final_plan
from tests.reviews.helpers import world

pytestmark = pytest.mark.django_db


def test_reg_27_3_an_exception_to_the_14_weeks_after_a_reassessment_never_moves_the_date():
    """Reg 27(3): the 14 weeks of reg 27(2) need not be met if "(c) exceptional personal
    circumstances affect the child or his parent, or the young person during that time period"."""
    w = world()
    with pytest.raises(InvalidTransition, match="no re-assessment in progress"):
        workflow.record_exception(
            actor=w.worker,
            case_id=w.case.pk,
            reason=ExceptionReason.PERSONAL_CIRCUMSTANCES,
            applies_to="reassessment_final_plan",
            starts_on=date(2026, 11, 3),
            evidence="Hospital stay.",
        )
    item = services.request_reassessment(
        actor=w.worker,
        case_id=w.case.pk,
        requested_by="council",
        requested_on=date(2026, 11, 1),
        reasons="Needs have changed.",
    )
    services.decide_reassessment(
        actor=w.worker,
        reassessment_id=item.pk,
        reassess=True,
        decided_on=date(2026, 11, 2),
        notice_sent_on=date(2026, 11, 2),
    )
    due_before = Reassessment.objects.get(pk=item.pk).final_due_on
    exception = workflow.record_exception(
        actor=w.worker,
        case_id=w.case.pk,
        reason=ExceptionReason.PERSONAL_CIRCUMSTANCES,
        applies_to="reassessment_final_plan",
        starts_on=date(2026, 11, 3),
        evidence="Hospital stay.",
    )
    assert exception.basis == "SEND Regulations 2014 reg 27(3)(c)"
    assert Reassessment.objects.get(pk=item.pk).final_due_on == due_before
    w.case.refresh_from_db()
    assert w.case.has_exception and not w.case.twenty_week_exception_applies


def test_reg_44_3_an_exception_to_a_tribunal_order_is_recorded_and_an_advice_reason_is_not():
    fam = final_plan()
    appeal = appeals.register_appeal(
        actor=fam.worker,
        decision_id=fam.decision.pk,
        registered_on=date(2026, 11, 18),
        matters=[Matter.SECTION_I],
    )
    appeals.record_appeal_decision(
        actor=fam.worker,
        appeal_id=appeal.pk,
        outcome=TribunalAppeal.Outcome.ALLOWED,
        decided_on=date(2026, 11, 20),
    )
    order = appeals.record_order(
        actor=fam.worker, appeal_id=appeal.pk, order_type="name_setting", made_on=date(2026, 11, 20)
    )
    step = order.steps.get()
    with pytest.raises(DomainError, match="the law allows for this time limit"):
        workflow.record_exception(
            actor=fam.worker,
            case_id=fam.case.pk,
            reason=ExceptionReason.ADVICE_MISSED_APPOINTMENT,
            applies_to="tribunal_order",
            starts_on=date(2026, 11, 21),
            evidence="Missed appointment.",
        )
    exception = workflow.record_exception(
        actor=fam.worker,
        case_id=fam.case.pk,
        reason=ExceptionReason.ORDER_ABSENT_FROM_AREA,
        applies_to="tribunal_order",
        starts_on=date(2026, 11, 21),
        ends_on=date(2026, 11, 21) + timedelta(weeks=2),
        evidence="The family was abroad for a funeral.",
    )
    assert exception.basis == "SEND Regulations 2014 reg 44(3)"
    step.refresh_from_db()
    assert step.due_on == date(2026, 12, 4)  # 2 weeks (reg 44(2)(f)): unchanged
