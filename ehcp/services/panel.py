"""The panel and the decision whether to issue a plan: referring the case to a panel meeting,
recording the panel's recommendation, and the council's decision (a decision not to issue is
notified within 16 weeks, SEND Regulations 2014 reg 10(1), with appeal information)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from ehcp.deadlines.wording import rule_period_words
from send_portal import permissions
from send_portal.models import User
from send_portal.text import in_sentence

from .. import deadlines
from ..errors import DomainError, InvalidTransition
from ..models import (
    OPEN_STAGES,
    AdviceRequest,
    Case,
    CaseEvent,
    Decision,
    PanelAgendaItem,
    PanelMeeting,
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
from .dates import not_before, not_in_future
from .family import tell_family
from .reserved import require_manager_if_reserved


def refer_to_panel(
    *, actor: User, case_id: int, meeting_id: int, summary: str, on: date
) -> PanelAgendaItem:
    """Put the case on the agenda of a panel that has not met yet, at the decision point its
    stage is at: whether to assess (while the council considers the request; the case stays
    where it is) or, once all advice is in, whether to issue a plan (the case goes to panel)."""
    if not summary.strip():
        raise DomainError("Enter the case summary for the panel", field="summary")
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        expect(case, Stage.CONSIDERING, Stage.ASSESSING, action="refer the case to panel")
        not_in_future(on, "The referral date", "on")
        meeting = PanelMeeting.objects.filter(
            pk=meeting_id, local_authority=case.local_authority
        ).first()
        if meeting is None:
            raise DomainError("Choose a panel meeting of the child's council", field="meeting")
        if meeting.meets_on < on:
            raise DomainError(
                f"The panel on {meeting.meets_on:%-d %B %Y} has already met: choose a panel "
                f"meeting on or after {on:%-d %B %Y}",
                field="meeting",
            )
        if case.stage == Stage.CONSIDERING:
            point = PanelAgendaItem.DecisionPoint.REQUEST
            not_before(
                on, case.received_on, "The referral date", "the date the request was received", "on"
            )
        else:
            point = PanelAgendaItem.DecisionPoint.PLANNING
            not_before(
                on, case.assessment_decided_on, "The referral date", "the decision to assess", "on"
            )
            outstanding = case.advice_requests.filter(status=AdviceRequest.Status.REQUESTED)
            if not case.advice_requests.exclude(status=AdviceRequest.Status.CANCELLED).exists():
                raise InvalidTransition("Ask for advice before referring the case to panel.")
            if outstanding.exists():
                names = ", ".join(a.get_advice_type_display() for a in outstanding)
                raise InvalidTransition(f"Advice is still outstanding: {names}.")
        if case.panel_items.filter(decision_point=point, recommendation="").exists():
            raise InvalidTransition(
                "The case is already on a panel's agenda for this decision, waiting for its "
                "recommendation."
            )
        item = PanelAgendaItem.objects.create(
            meeting=meeting, case=case, summary=summary, decision_point=point
        )
        if point == PanelAgendaItem.DecisionPoint.PLANNING:
            case.stage = Stage.PANEL
            save_case(case, "stage")
        else:
            save_case(case)
        record_event(
            case,
            CaseEvent.Kind.REFERRED_TO_PANEL,
            on=on,
            actor=actor,
            title=f"Referred to the panel on {meeting.meets_on:%-d %B %Y}",
            detail=f"Question for the panel: {in_sentence(item.get_decision_point_display())}. "
            "The panel recommends; the council decides.",
        )
    return item


def record_panel_recommendation(
    *, actor: User, item_id: int, recommendation: str, reasons: str, on: date
) -> PanelAgendaItem:
    """The panel's recommendation, from the answers open at the item's decision point, recorded
    on or after the day the panel met."""
    if not reasons.strip():
        raise DomainError("Enter the panel's reasons", field="reasons")
    with transaction.atomic():
        item = PanelAgendaItem.objects.select_for_update().select_related("meeting").get(pk=item_id)
        case = lock_case(item.case_id)
        permissions.require(actor, "ehcp.record_panel_recommendation", item.meeting)
        if recommendation not in dict(item.recommendation_choices):
            raise DomainError(
                "Select the panel's recommendation: "
                + ", ".join(in_sentence(label) for _, label in item.recommendation_choices),
                field="recommendation",
            )
        if item.recommendation:
            raise InvalidTransition("The panel's recommendation has already been recorded.")
        if item.decision_point == PanelAgendaItem.DecisionPoint.PLANNING:
            expect(case, Stage.PANEL, action="record the panel's recommendation")
        elif not case.is_open:
            expect(case, *OPEN_STAGES, action="record the panel's recommendation")
        not_in_future(on, "The date of the recommendation", "on")
        if not item.meeting.is_held_by(on):
            raise InvalidTransition(
                f"The panel meets on {item.meeting.meets_on:%-d %B %Y}: its recommendation can be "
                "recorded once it has met."
            )
        item.recommendation = recommendation
        item.recommendation_reasons = reasons
        item.recorded_by = actor
        item.recorded_at = timezone.now()
        item.save()
        record_event(
            case,
            CaseEvent.Kind.PANEL_RECOMMENDATION,
            on=on,
            actor=actor,
            title=f"Panel recommendation: {item.get_recommendation_display()}",
            detail=reasons,
            family=False,
        )
    return item


def decide_whether_to_issue(
    *,
    actor: User,
    case_id: int,
    issue: bool,
    decided_on: date,
    notice_sent_on: date,
    reasons: str = "",
) -> Decision:
    """After the assessment: issue a plan, or notify a decision not to (within 16 weeks,
    SEND Regulations 2014 reg 10(1), with appeal and mediation information)."""
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        require_manager_if_reserved(actor, case, ReservedKind.ISSUE)
        expect(case, Stage.PANEL, action="decide whether to issue a plan")
        if (
            not case.panel_items.filter(decision_point=PanelAgendaItem.DecisionPoint.PLANNING)
            .exclude(recommendation="")
            .exists()
        ):
            raise InvalidTransition("Record the panel's recommendation before deciding.")
        check_decision_dates(
            decided_on=decided_on,
            notice_sent_on=notice_sent_on,
            after=case.assessment_decided_on,
            after_what="the decision to assess",
        )
        if not issue and not reasons.strip():
            raise DomainError("Enter the reasons for deciding not to issue a plan", field="reasons")
        decision = record_decision(
            case,
            Decision.Kind.ISSUE if issue else Decision.Kind.NOT_ISSUE,
            actor=actor,
            decided_on=decided_on,
            notice_sent_on=notice_sent_on,
            reasons=reasons,
        )
        case.plan_decided_on = decided_on
        if issue:
            _start_drafting(case, actor=actor, decision=decision)
        else:
            _close_without_plan(case, actor=actor, decision=decision)
    return decision


def _start_drafting(case: Case, *, actor: User, decision: Decision) -> None:
    """The case moves to writing the draft plan; the family hears a draft follows."""
    decided_on, notice_sent_on = decision.decided_on, decision.notice_sent_on
    case.stage = Stage.DRAFTING
    save_case(case, "stage", "plan_decided_on")
    record_event(
        case,
        CaseEvent.Kind.DECIDED_TO_ISSUE,
        on=decided_on,
        actor=actor,
        title="Decided to issue an EHC plan",
        detail=f"Letter sent {notice_sent_on:%-d %B %Y}. A draft plan follows.",
        basis="Children and Families Act 2014 s37(1)",
    )
    tell_family(
        case,
        on=notice_sent_on,
        key="decided_to_issue",
        subject=f"We will issue an EHC plan for {case.child.known_as}",
        what_happened=f"{case.local_authority.name} decided on "
        f"{decided_on:%-d %B %Y} to issue an EHC plan. We will send you a draft.",
        what_to_do="When you get the draft, you will have at least "
        f"{rule_period_words('representations_close')} to "
        "comment and ask for a school or college.",
        due=deadlines.final_plan(received=case.received_on),
    )


def _close_without_plan(case: Case, *, actor: User, decision: Decision) -> None:
    """The case closes; the family hears the reasons and how to appeal (reg 10(1))."""
    close_on_refusal(
        case,
        decision,
        actor=actor,
        stage=Stage.NOT_ISSUED,
        decided_field="plan_decided_on",
        kind=CaseEvent.Kind.DECIDED_NOT_TO_ISSUE,
        title="Decided not to issue an EHC plan",
        basis=deadlines.no_plan_notice(received=case.received_on).basis,
        subject=f"Decision: no EHC plan for {case.child.known_as}",
        what_happened=f"{case.local_authority.name} decided on "
        f"{decision.decided_on:%-d %B %Y} not to issue an EHC plan. Reasons: {decision.reasons}",
        what_to_do="You can appeal to the SEND Tribunal. Before appealing, "
        "contact a mediation adviser (mediation itself is optional).",
    )
