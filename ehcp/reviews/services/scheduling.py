"""Scheduling the review of an issued plan: 12 months from the plan or its last review
(CFA 2014 s44(1)), earlier for a phase transfer (SEND Regulations 2014 reg 18), after a move
between councils (reg 15(5)), with 3 to 6 months suggested for under-5s (CoP 9.178)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ehcp import deadlines
from ehcp.deadlines.wording import rule_period_words
from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import Case, Plan, Stage
from send_portal import permissions
from send_portal.models import Organisation, User
from send_portal.text import in_sentence

from ..models import Cessation, PhaseTransfer, Review
from ..selectors import issued_plan
from ._common import event, family_link, lock_case, long_date, tell_family, tell_setting, today
from .timetable import last_reviewed_on, next_due


def _review_due(case: Case, kind: str, phase_transfer: PhaseTransfer | None):
    """(key, due date, basis) of the date the review must be finished by."""
    last = last_reviewed_on(case)
    if last is None:
        raise InvalidTransition("The plan has no issue date, so its review cannot be scheduled.")
    transfer = case.plan_transfers.order_by("-transferred_on").first()
    if kind == Review.Kind.AFTER_MOVE and transfer is not None:
        usual = deadlines.transfer_review_due(
            last_review=last, transferred_on=transfer.transferred_on
        )
    else:
        usual = deadlines.review_due(last_issue_or_review=last)
    if phase_transfer is not None and phase_transfer.deadline_on < usual.due:
        rule = deadlines.RULES[deadlines.PHASE_TRANSFERS[phase_transfer.transfer]]
        return (
            deadlines.PHASE_TRANSFERS[phase_transfer.transfer],
            phase_transfer.deadline_on,
            rule.basis,
            last,
        )
    key = "transfer_review_due" if usual.key == "transfer_review_due" else "review_due"
    return key, usual.due, usual.basis, last


def _reviewable_plan(case: Case) -> Plan:
    """The plan in force, when the case can have a new review."""
    if case.stage != Stage.FINAL_ISSUED:
        raise InvalidTransition("Only a case with an issued EHC plan can be reviewed.")
    if Cessation.objects.filter(case=case, stage=Cessation.Stage.CEASED).exists():
        raise InvalidTransition("The council no longer maintains this plan.")
    plan = issued_plan(case)
    if plan is None:
        raise InvalidTransition("Only an issued EHC plan can be reviewed.")
    if Review.objects.filter(case=case, stage__in=list(Review.OPEN_STAGES)).exists():
        raise InvalidTransition("This plan already has a review in progress.")
    return plan


def _phase_transfer(case: Case, phase_transfer_id: int | None) -> PhaseTransfer | None:
    if phase_transfer_id is None:
        return None
    transfer = PhaseTransfer.objects.filter(pk=phase_transfer_id, case=case).first()
    if transfer is None:
        raise DomainError("That phase transfer is not this child's")
    return transfer


def schedule_review(
    *,
    actor: User | None,
    case_id: int,
    kind: str = Review.Kind.ANNUAL,
    phase_transfer_id: int | None = None,
    setting: Organisation | None = None,
    check_permission: bool = True,
) -> Review:
    """Put the next review of the issued plan in the council's list, with the date it must be
    finished by: 12 months from the plan or its last review (CFA 2014 s44(1)), earlier for a
    phase transfer (reg 18), and 3 to 6 months suggested for under-5s (CoP 9.178)."""
    with transaction.atomic():
        case = lock_case(case_id)
        if check_permission:
            permissions.require(actor, "reviews.manage", case)
        plan = _reviewable_plan(case)
        transfer = _phase_transfer(case, phase_transfer_id)
        if transfer is not None:
            kind = Review.Kind.PHASE_TRANSFER
        key, due_on, basis, last = _review_due(case, kind, transfer)
        suggested = None
        if case.child.age_on(last) < 5:
            suggested = deadlines.review_suggested_under_5(last_issue_or_review=last).due
        if setting is not None and setting.kind != Organisation.Kind.SETTING:
            raise DomainError("Choose a school, college or early years setting", field="setting")
        review = Review(
            case=case,
            plan=plan,
            kind=kind,
            phase_transfer=transfer,
            due_on=due_on,
            due_key=key,
            due_basis=basis,
            suggested_on=suggested,
            setting=setting or plan.section_i_setting or case.child.current_setting,
            created_by=actor,
        )
        due = next_due(review)
        review.next_due_key, review.next_due_on = due.key, due.due
        review.save()
        _record_scheduled(review, actor=actor, suggested=suggested)
    return review


def _record_scheduled(review: Review, *, actor: User | None, suggested: date | None) -> None:
    """The timeline event, and the family and the school or college told."""
    case = review.case
    key, due_on, basis = review.due_key, review.due_on, review.due_basis
    event(
        case,
        "review_scheduled",
        on=today(),
        actor=actor,
        title=f"{review.get_kind_display()} scheduled",
        detail=f"The review must be finished by {long_date(due_on)}."
        + (
            f" Guidance suggests reviewing by {long_date(suggested)} (under 5)."
            if suggested
            else ""
        ),
        basis=basis,
    )
    due = deadlines.Deadline(key=key, due=due_on, label=deadlines.RULES[key].label, basis=basis)
    tell_family(
        case,
        on=today(),
        key=f"review:{review.pk}:scheduled",
        subject=f"{case.child.known_as}'s EHC plan will be reviewed",
        what_happened=f"{case.local_authority.name} has scheduled the "
        f"{in_sentence(review.get_kind_display())} of the EHC plan. You will be invited to the "
        f"review meeting at least {rule_period_words('review_meeting_notice_by')} before it.",
        what_to_do="You can tell us now what is going well and what should change.",
        due=due,
        link=family_link(review),
    )
    if review.setting is not None:
        tell_setting(
            review,
            key=f"review:{review.pk}:scheduled",
            subject=f"EHC plan review for {case.child.full_name} to arrange",
            what_happened=f"{case.local_authority.name} asks your school or college to hold "
            f"the {in_sentence(review.get_kind_display())} of "
            f"{case.child.full_name}'s EHC plan.",
            what_to_do="Arrange the meeting with at least "
            f"{rule_period_words('review_meeting_notice_by')}' notice, then record it "
            "in the portal.",
            due=due,
        )
