"""The decision whether to carry out an EHC needs assessment, notified within 6 weeks of the
request (SEND Regulations 2014 reg 5(1)); a decision not to assess closes the case with appeal
and mediation information (reg 5(3))."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ehcp.deadlines.wording import rule_period_words
from send_portal import permissions
from send_portal.models import User

from .. import deadlines
from ..errors import DomainError
from ..models import (
    Case,
    CaseEvent,
    Decision,
    ReservedKind,
    Stage,
)
from ._case import (
    check_decision_dates,
    close_on_refusal,
    expect,
    lock_case,
    record_decision,
    record_event,
    save_case,
)
from .family import tell_family
from .reserved import require_manager_if_reserved


def decide_whether_to_assess(
    *,
    actor: User,
    case_id: int,
    assess: bool,
    decided_on: date,
    notice_sent_on: date,
    reasons: str = "",
) -> Decision:
    """The decision whether to assess, notified within 6 weeks (SEND Regulations 2014 reg 5(1));
    a decision not to assess carries appeal and mediation information (reg 5(3))."""
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        require_manager_if_reserved(actor, case, ReservedKind.ASSESS)
        expect(case, Stage.CONSIDERING, action="decide whether to assess")
        check_decision_dates(
            decided_on=decided_on,
            notice_sent_on=notice_sent_on,
            after=case.received_on,
            after_what="the date the request was received",
        )
        if not assess and not reasons.strip():
            raise DomainError("Enter the reasons for deciding not to assess", field="reasons")
        decision = record_decision(
            case,
            Decision.Kind.ASSESS if assess else Decision.Kind.NOT_ASSESS,
            actor=actor,
            decided_on=decided_on,
            notice_sent_on=notice_sent_on,
            reasons=reasons,
        )
        case.assessment_decided_on = decided_on
        if assess:
            _start_assessment(case, actor=actor, decision=decision)
        else:
            _close_without_assessment(case, actor=actor, decision=decision)
    return decision


def _start_assessment(case: Case, *, actor: User, decision: Decision) -> None:
    """The case moves to the assessment; the family hears when the final plan is due."""
    decided_on, notice_sent_on = decision.decided_on, decision.notice_sent_on
    due = deadlines.decision_to_assess(received=case.received_on)
    late = notice_sent_on > due.due
    case.stage = Stage.ASSESSING
    save_case(case, "stage", "assessment_decided_on")
    record_event(
        case,
        CaseEvent.Kind.DECIDED_TO_ASSESS,
        on=decided_on,
        actor=actor,
        title="Decided to carry out an EHC needs assessment",
        detail=f"Letter sent {notice_sent_on:%-d %B %Y}"
        + (
            f" (after the {rule_period_words('decision_to_assess', adjective=True)} time limit)."
            if late
            else "."
        ),
        basis=due.basis,
    )
    tell_family(
        case,
        on=notice_sent_on,
        key="decided_to_assess",
        subject=f"We will carry out an EHC needs assessment for {case.child.known_as}",
        what_happened=f"{case.local_authority.name} decided on "
        f"{decided_on:%-d %B %Y} to carry out an EHC needs assessment. We will "
        "ask professionals for advice and ask for your views.",
        what_to_do="Send us your views and any reports. If we issue a plan, the "
        "final plan must be issued by the date below.",
        due=deadlines.final_plan(received=case.received_on),
    )


def _close_without_assessment(case: Case, *, actor: User, decision: Decision) -> None:
    """The case closes; the family hears the reasons and how to appeal (reg 5(3))."""
    close_on_refusal(
        case,
        decision,
        actor=actor,
        stage=Stage.NOT_ASSESSED,
        decided_field="assessment_decided_on",
        kind=CaseEvent.Kind.DECIDED_NOT_TO_ASSESS,
        title="Decided not to carry out an EHC needs assessment",
        basis=deadlines.decision_to_assess(received=case.received_on).basis,
        subject=f"Decision: no EHC needs assessment for {case.child.known_as}",
        what_happened=f"{case.local_authority.name} decided on "
        f"{decision.decided_on:%-d %B %Y} not to carry out an EHC needs assessment. "
        f"Reasons: {decision.reasons}",
        what_to_do="You can appeal to the SEND Tribunal. Before appealing, "
        "contact a mediation adviser (mediation itself is optional). Free advice: "
        "your local SENDIASS.",
    )
