"""Amending the plan after a review (SEND Regulations 2014 reg 22): the proposed amendments
(a new version of the plan, through ``ehcp.services.plans``), section I naming the next school
or college, the amended plan issued after the family's 15 days, or the decision not to amend
after all (reg 22(4))."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ehcp import deadlines, section_i
from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import Plan
from ehcp.services import plans
from send_portal import audit, permissions
from send_portal.models import AuditEvent, Organisation, User

from .. import letters
from ..models import PhaseTransfer, PlanDecision, Review
from ._common import (
    check_decision_dates,
    event,
    expect,
    finish_keeping_the_plan,
    lateness,
    lock_review,
    long_date,
    not_before,
    record_decision,
    save_review,
    tell_setting,
)


def start_amendments(*, actor: User, review_id: int) -> Plan:
    """Prepare the proposed amendments (a new version of the plan, ``plans.propose_amendments``)
    so they can be sent with the decision, within 4 weeks of the meeting (Devon)."""
    with transaction.atomic():
        review = lock_review(review_id)
        permissions.require(actor, "reviews.manage", review)
        expect(
            review, Review.Stage.HELD, Review.Stage.REPORTED, action="prepare proposed amendments"
        )
        if review.proposed_plan_id:
            raise InvalidTransition(
                f"The proposed amendments are already being prepared (version "
                f"{review.proposed_plan.version})."
            )
        proposed = plans.propose_amendments(actor=actor, case_id=review.case_id)
        review.proposed_plan = proposed
        save_review(review, "proposed_plan")
    return proposed


def name_next_setting(
    *,
    actor: User,
    review_id: int,
    setting: Organisation | None,
    setting_type: str = "",
) -> Plan:
    """Section I of the proposed amendments: the next school or college (phase transfers)."""
    if setting is None and not setting_type.strip():
        raise DomainError("Choose the school or college, or its type", field="setting")
    if setting is not None and setting.kind != Organisation.Kind.SETTING:
        raise DomainError("Choose a school, college or early years setting", field="setting")
    if setting is None and section_i.problem(setting_id=None, setting_type=setting_type):
        raise DomainError(
            section_i.problem(setting_id=None, setting_type=setting_type), field="setting_type"
        )
    with transaction.atomic():
        review = lock_review(review_id)
        permissions.require(actor, "reviews.manage", review)
        proposed = review.proposed_plan
        if proposed is None:
            raise InvalidTransition("Start the proposed amendments first.")
        proposed = Plan.objects.select_for_update().get(pk=proposed.pk)
        if not proposed.is_editable:
            raise InvalidTransition("The proposed amendments were already sent and cannot change.")
        proposed.section_i_setting = setting
        proposed.section_i_type = (
            setting_type.strip() or (setting.setting_type if setting else "")
        )[:200]
        proposed.version_lock += 1
        proposed.save(update_fields=["section_i_setting", "section_i_type", "version_lock"])
        if review.phase_transfer_id:
            PhaseTransfer.objects.filter(pk=review.phase_transfer_id).update(
                next_setting=setting, next_setting_type=proposed.section_i_type
            )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=proposed,
            child_id=review.case.child_id,
            summary=f"{review.case.reference}: section I of the proposed amendments set to "
            f"{setting.name if setting else proposed.section_i_type}",
        )
    return proposed


def decide_not_to_amend(
    *, actor: User, review_id: int, decided_on: date, notice_sent_on: date, reasons: str
) -> PlanDecision:
    """After the family's representations on the proposed amendments, the council decides not to
    amend the plan after all: it tells the family, with its reasons, as soon as practicable and
    within 8 weeks of the amendment notice (SEND Regulations 2014 reg 22(4)). The plan stays as
    it is; the decision can be appealed (CFA 2014 s51(2)(e))."""
    if not reasons.strip():
        raise DomainError("Give the reasons: they go in the letter", field="reasons")
    check_decision_dates(decided_on, notice_sent_on)
    with transaction.atomic():
        review = lock_review(review_id)
        permissions.require(actor, "reviews.manage", review)
        expect(review, Review.Stage.AMENDING, action="decide not to amend the plan")
        proposed = review.proposed_plan
        if proposed is None or proposed.served_on is None:
            raise InvalidTransition("The proposed amendments were never sent to the family.")
        if proposed.status != Plan.Status.PROPOSED:
            raise InvalidTransition("These amendments have already been dealt with.")
        not_before(
            decided_on,
            proposed.served_on,
            "The date of the decision",
            "the date the proposed amendments were sent",
            "decided_on",
        )
        case = review.case
        due = deadlines.no_amendment_notice_due(amendment_notice_sent=proposed.served_on)
        Plan.objects.filter(pk=proposed.pk).update(status=Plan.Status.NOT_MADE)
        decision = record_decision(
            case, PlanDecision.Kind.MAINTAIN, decided_on=decided_on, actor=actor, reasons=reasons
        )
        letters.send_letter(
            decision,
            sent_on=notice_sent_on,
            actor=actor,
            paragraphs=[
                f"{case.local_authority.name} sent you proposed amendments to "
                f"{case.child.full_name}'s EHC plan on {long_date(proposed.served_on)}. After "
                "considering your views, it has decided not to make them: the plan stays as it "
                "is.",
                f"Our reasons: {reasons.strip()}",
            ],
        )
        finish_keeping_the_plan(
            review,
            decision,
            actor=actor,
            due=due,
            notice_sent_on=notice_sent_on,
            title="The proposed amendments will not be made: the plan stays as it is",
            key="not_amended",
            subject=f"{case.child.known_as}'s EHC plan will not be changed after all",
            what_happened=f"{case.local_authority.name} decided on {long_date(decided_on)} not "
            "to make the amendments it proposed. The letter explains why.",
        )
    return decision


def issue_amended_plan(
    *, actor: User, review_id: int, issued_on: date, notice_sent_on: date
) -> PlanDecision:
    """Issue the amended plan after the family's 15 days, within 8 weeks of the amendment notice
    and 12 weeks of the meeting (reg 22(3); Devon), with appeal rights (CFA s51(2)(c))."""
    with transaction.atomic():
        review = lock_review(review_id)
        permissions.require(actor, "reviews.manage", review)
        expect(review, Review.Stage.AMENDING, action="issue the amended plan")
        proposed = review.proposed_plan
        amended = plans.issue_amended_plan(
            actor=actor, plan_id=proposed.pk, issued_on=issued_on, notice_sent_on=notice_sent_on
        )
        case = review.case
        due = deadlines.amended_plan_due(
            amendment_notice_sent=proposed.served_on, meeting=review.meeting_held_on
        )
        decision = record_decision(
            case, PlanDecision.Kind.AMENDED_PLAN, decided_on=issued_on, actor=actor, reasons=""
        )
        named = amended.placement
        letters.send_letter(
            decision,
            sent_on=notice_sent_on,
            actor=actor,
            paragraphs=[
                f"{case.local_authority.name} has issued the amended EHC plan for "
                f"{case.child.full_name} (version {amended.version}) after the review. "
                f"Section I names: {named or 'no school or college'}.",
                "The council must secure the special educational provision in section F.",
            ],
        )
        review.amended_plan = amended
        review.decision = decision  # the appealable one; the amendment notice stays listed
        review.stage = Review.Stage.COMPLETED
        review.completed_on = issued_on
        save_review(review, "amended_plan", "decision", "stage", "completed_on")
        if review.phase_transfer_id:
            PhaseTransfer.objects.filter(pk=review.phase_transfer_id).update(
                named_on=issued_on,
                next_setting=amended.section_i_setting,
                next_setting_type=amended.section_i_type,
            )
        phase_note = ""
        if review.phase_transfer_id:
            pt = review.phase_transfer
            phase_note = (
                " Phase transfer: next setting named "
                + ("in time" if issued_on <= pt.deadline_on else "late")
                + f" (by {long_date(pt.deadline_on)})."
            )
        event(
            case,
            "review_completed",
            on=issued_on,
            actor=actor,
            title="Review finished: amended plan issued",
            detail=lateness(issued_on, due) + phase_note,
            basis=due.basis,
        )
        tell_setting(
            review,
            key=f"review:{review.pk}:amended",
            subject=f"Amended EHC plan for {case.child.full_name} issued",
            what_happened=f"The amended plan was issued on {long_date(issued_on)}, naming "
            f"{named or 'no school or college'} in section I.",
        )
    return decision
