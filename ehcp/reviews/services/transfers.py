"""Moving to another council (SEND Regulations 2014 regs 15-17): the old council transfers the
plan, the new council maintains it, tells the family within 6 weeks whether it will assess, and
reviews it by the later of the usual date and 3 months from the transfer."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse

from ehcp import deadlines
from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import Case, Child, Stage
from send_portal import permissions
from send_portal.models import Organisation, User
from send_portal.selectors import council_managers

from .. import letters
from ..models import PlanDecision, PlanTransfer, Reassessment, Review
from ._common import (
    check_decision_dates,
    event,
    lateness,
    lock_case,
    lock_with_case,
    long_date,
    not_before,
    not_in_future,
    record_decision,
    save_review,
    tell,
    tell_family,
)
from .scheduling import schedule_review
from .timetable import last_reviewed_on


def _check_move(
    *, to_authority: Organisation, moved_on: date, old_council_aware_on: date, transferred_on: date
) -> None:
    for value, what, field in [
        (moved_on, "The date of the move", "moved_on"),
        (old_council_aware_on, "The date the council learned of the move", "old_council_aware_on"),
        (transferred_on, "The date of the transfer", "transferred_on"),
    ]:
        not_in_future(value, what, field)
    not_before(
        transferred_on,
        old_council_aware_on,
        "The date of the transfer",
        "the date the council learned of the move",
        "transferred_on",
    )
    if to_authority is None or to_authority.kind != Organisation.Kind.LOCAL_AUTHORITY:
        raise DomainError("Choose the new council", field="to_authority")


def transfer_plan(
    *,
    actor: User,
    case_id: int,
    to_authority: Organisation,
    moved_on: date,
    old_council_aware_on: date,
    transferred_on: date,
) -> PlanTransfer:
    """The old council transfers the plan to the new council: on the day of the move if it knew
    at least 15 working days before, otherwise within 15 working days beginning with the day it
    learned of it (reg 15(2)). The new council must maintain it, tell the family within 6 weeks
    whether it will assess (reg 15(4)), and review it before the later of the usual date and the
    end of 3 months beginning with the transfer (reg 15(5)). Access moves with the case: the
    old council no longer sees it."""
    _check_move(
        to_authority=to_authority,
        moved_on=moved_on,
        old_council_aware_on=old_council_aware_on,
        transferred_on=transferred_on,
    )
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "reviews.manage", case)
        if case.stage != Stage.FINAL_ISSUED:
            raise InvalidTransition("Only an issued EHC plan can be transferred to a new council.")
        old = case.local_authority
        if to_authority.pk == old.pk:
            raise DomainError(
                "Choose a different council from the current one", field="to_authority"
            )
        last = last_reviewed_on(case)
        due = deadlines.transfer_plan_sent(
            old_council_aware=old_council_aware_on, move_date=moved_on
        )
        reassess = deadlines.transfer_between_las(move_notified=transferred_on)
        review_due = deadlines.transfer_review_due(last_review=last, transferred_on=transferred_on)
        transfer = PlanTransfer.objects.create(
            case=case,
            from_authority=old,
            to_authority=to_authority,
            moved_on=moved_on,
            old_council_aware_on=old_council_aware_on,
            transfer_due_on=due.due,
            transferred_on=transferred_on,
            transferred_by=actor,
            reassess_decision_due_on=reassess.due,
            review_due_on=review_due.due,
        )
        _move_case(case, to_authority=to_authority, review_due=review_due)
        _record_transfer(
            transfer, case=case, actor=actor, due=due, reassess=reassess, review_due=review_due
        )
    return transfer


def _move_case(case: Case, *, to_authority: Organisation, review_due: deadlines.Deadline) -> None:
    """The case, the child and any open review go to the new council, with its review date."""
    case.local_authority = to_authority
    case.caseworker = None
    case.save(update_fields=["local_authority", "caseworker", "updated_at"])
    Child.objects.filter(pk=case.child_id).update(local_authority=to_authority)
    # An open review moves too, with the new council's date.
    Review.objects.filter(case=case, stage__in=list(Review.OPEN_STAGES)).update(
        due_on=review_due.due,
        due_key="transfer_review_due",
        due_basis=review_due.basis,
        kind=Review.Kind.AFTER_MOVE,
    )
    for review in Review.objects.filter(case=case, stage__in=list(Review.OPEN_STAGES)):
        save_review(review)


def _record_transfer(
    transfer: PlanTransfer,
    *,
    case: Case,
    actor: User,
    due: deadlines.Deadline,
    reassess: deadlines.Deadline,
    review_due: deadlines.Deadline,
) -> None:
    """The timeline event, a review scheduled when none is open, and both the new council and
    the family told."""
    old, new = transfer.from_authority, transfer.to_authority
    moved_on, transferred_on = transfer.moved_on, transfer.transferred_on
    event(
        case,
        "plan_transferred",
        on=transferred_on,
        actor=actor,
        title=f"EHC plan transferred from {old.name} to {new.name}",
        detail=f"Moved {long_date(moved_on)}. "
        + lateness(transferred_on, due)
        + f" {new.name} must tell the family by {long_date(reassess.due)} whether it "
        f"will assess, and review the plan by {long_date(review_due.due)}.",
        basis=due.basis,
    )
    if not Review.objects.filter(case=case, stage__in=list(Review.OPEN_STAGES)).exists():
        schedule_review(
            actor=actor, case_id=case.pk, kind=Review.Kind.AFTER_MOVE, check_permission=False
        )
    tell(
        council_managers(new.pk),
        case=case,
        key=f"transfer:{transfer.pk}",
        subject=f"EHC plan of {case.child.full_name} transferred to {new.name}",
        what_happened=f"{old.name} transferred the EHC plan on {long_date(transferred_on)}: "
        "the family moved to your area. Your council must now maintain the plan.",
        what_to_do="Allocate a caseworker and tell the family whether you will carry out an "
        "EHC needs assessment.",
        due=reassess,
        link=reverse("reviews-case", args=[case.reference]),
    )
    tell_family(
        case,
        on=transferred_on,
        key=f"transfer:{transfer.pk}",
        subject=f"{case.child.known_as}'s EHC plan has moved to {new.name}",
        what_happened=f"{old.name} transferred the EHC plan to {new.name} on "
        f"{long_date(transferred_on)}. The new council must keep it in place.",
        what_to_do=f"{new.name} will tell you whether it will carry out an "
        f"assessment, and must review the plan by {long_date(review_due.due)}.",
        due=reassess,
    )


def decide_after_transfer(
    *,
    actor: User,
    transfer_id: int,
    reassess: bool,
    decided_on: date,
    notice_sent_on: date,
    reasons: str = "",
) -> PlanDecision:
    """The new council tells the family within 6 weeks whether it will carry out an EHC needs
    assessment (regs 15-17)."""
    check_decision_dates(decided_on, notice_sent_on)
    with transaction.atomic():
        transfer, case = lock_with_case(PlanTransfer.objects.all(), transfer_id)
        permissions.require(actor, "reviews.manage", case)
        if case.local_authority_id != transfer.to_authority_id:
            raise InvalidTransition("Only the council the plan moved to can decide this.")
        if transfer.decision_id:
            raise InvalidTransition("This has already been decided.")
        kind = (
            PlanDecision.Kind.TRANSFER_REASSESS
            if reassess
            else PlanDecision.Kind.TRANSFER_NO_REASSESS
        )
        decision = record_decision(case, kind, decided_on=decided_on, actor=actor, reasons=reasons)
        due = deadlines.transfer_between_las(move_notified=transfer.transferred_on)
        review_due = deadlines.Deadline(
            key="transfer_review_due",
            due=transfer.review_due_on,
            label=deadlines.RULES["transfer_review_due"].label,
            basis=deadlines.RULES["transfer_review_due"].basis,
        )
        text = _decision_text(case, transfer, reassess=reassess)
        letters.send_letter(
            decision,
            sent_on=notice_sent_on,
            actor=actor,
            paragraphs=[text],
            extra_deadlines=[review_due],
        )
        transfer.decision = decision
        transfer.save(update_fields=["decision"])
        if reassess:
            _start_reassessment(case, decision=decision, notice_sent_on=notice_sent_on)
        event(
            case,
            "transfer_decided",
            on=decided_on,
            actor=actor,
            title="New council decided to assess" if reassess else "New council keeps the plan",
            detail=lateness(notice_sent_on, due),
            basis=due.basis,
        )
        tell_family(
            case,
            on=notice_sent_on,
            key=f"transfer:{transfer.pk}:decided",
            subject=f"{case.local_authority.name} has decided about {case.child.known_as}'s plan",
            what_happened=text,
            what_to_do="The plan will be reviewed by the date below.",
            due=review_due,
        )
    return decision


def _decision_text(case: Case, transfer: PlanTransfer, *, reassess: bool) -> str:
    """What the new council tells the family (the letter and the notification)."""
    if reassess:
        return (
            f"{case.local_authority.name} will carry out an EHC needs assessment of "
            f"{case.child.full_name}. Until then we keep the EHC plan we received from "
            f"{transfer.from_authority.name} in place."
        )
    return (
        f"{case.local_authority.name} will keep {case.child.full_name}'s EHC plan, "
        f"transferred from {transfer.from_authority.name}, in place, and will review it."
    )


def _start_reassessment(case: Case, *, decision: PlanDecision, notice_sent_on: date) -> None:
    """The new council's assessment runs as a re-assessment (reg 27's 14 weeks to the plan)."""
    Reassessment.objects.create(
        case=case,
        requested_by=Reassessment.RequestedBy.COUNCIL,
        requested_on=decision.decided_on,
        reasons="New council assessing after the plan was transferred.",
        decision_due_on=decision.decided_on,
        decision=decision,
        notified_on=notice_sent_on,
        final_due_on=deadlines.reassessment_final_plan(notified=notice_sent_on).due,
        stage=Reassessment.Stage.REASSESSING,
    )
