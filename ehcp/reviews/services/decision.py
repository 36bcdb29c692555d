"""The council's decision after the review meeting, within 4 weeks of it (SEND Regulations
2014 reg 20(10)): keep the plan as it is, propose amendments (sent with the decision, Devon;
reg 22(2)), or propose to stop it (which starts the consultation of reg 31)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ehcp import deadlines
from ehcp.errors import DomainError, InvalidTransition
from ehcp.services import plans
from send_portal import permissions
from send_portal.models import User

from .. import letters
from ..models import Cessation, Outcome, PlanDecision, Review
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
)
from .cessation import start_cessation_consultation


def decide_after_review(
    *,
    actor: User,
    review_id: int,
    outcome: str,
    decided_on: date,
    notice_sent_on: date,
    reasons: str = "",
) -> PlanDecision | Cessation:
    """Tell the family whether the council keeps, changes or proposes to stop the plan, within
    4 weeks of the meeting (reg 20(10)). Changing it: the proposed amendments go with the
    decision (Devon) and the family has 15 days to comment (reg 22(2)). Stopping it: the council
    must first inform and consult (reg 31), so the decision starts that consultation."""
    check_decision_dates(decided_on, notice_sent_on)
    if outcome not in Outcome.values:
        raise DomainError("Select the decision", field="outcome")
    if outcome in (Outcome.MAINTAIN, Outcome.CEASE) and not reasons.strip():
        raise DomainError("Give the reasons: they go in the letter", field="reasons")
    with transaction.atomic():
        review = lock_review(review_id)
        permissions.require(actor, "reviews.manage", review)
        expect(review, Review.Stage.HELD, Review.Stage.REPORTED, action="decide")
        not_before(
            decided_on,
            review.meeting_held_on,
            "The date of the decision",
            "the meeting",
            "decided_on",
        )
        if outcome == Outcome.CEASE:
            step = _propose_to_cease
        elif outcome == Outcome.MAINTAIN:
            step = _keep_the_plan
        else:
            step = _propose_amendments
        return step(
            review,
            actor=actor,
            decided_on=decided_on,
            notice_sent_on=notice_sent_on,
            reasons=reasons,
            due=deadlines.review_decision_due(meeting=review.meeting_held_on),
        )


def _propose_to_cease(
    review: Review, *, actor, decided_on, notice_sent_on, reasons, due
) -> Cessation:
    """Stopping the plan: the decision starts the consultation (reg 31(1))."""
    case = review.case
    review.outcome = Outcome.CEASE
    review.stage = Review.Stage.CEASING
    review.completed_on = decided_on
    save_review(review, "outcome", "stage", "completed_on")
    cessation = start_cessation_consultation(
        actor=actor,
        case=case,
        review=review,
        ground=Cessation.Ground.NOT_NECESSARY,
        explanation=reasons,
        consulted_on=notice_sent_on,
    )
    event(
        case,
        "review_decided",
        on=decided_on,
        actor=actor,
        title="After the review: the council proposes to stop the plan",
        detail=f"The council must consult the family and the school before deciding. "
        f"{lateness(notice_sent_on, due)}",
        basis=due.basis,
    )
    return cessation


def _keep_the_plan(
    review: Review, *, actor, decided_on, notice_sent_on, reasons, due
) -> PlanDecision:
    """Keeping the plan as it is: a letter with the reasons and appeal rights."""
    case = review.case
    decision = record_decision(
        case,
        PlanDecision.Kind.MAINTAIN,
        decided_on=decided_on,
        actor=actor,
        reasons=reasons,
    )
    letters.send_letter(
        decision,
        sent_on=notice_sent_on,
        actor=actor,
        paragraphs=[
            f"After the review meeting on {long_date(review.meeting_held_on)}, "
            f"{case.local_authority.name} has decided to keep {case.child.full_name}'s "
            "EHC plan as it is, without changes.",
        ],
    )
    finish_keeping_the_plan(
        review,
        decision,
        actor=actor,
        due=due,
        notice_sent_on=notice_sent_on,
        title="After the review: the plan stays as it is",
        key="decided",
        subject=f"{case.child.known_as}'s EHC plan stays as it is after the review",
        what_happened=f"{case.local_authority.name} decided on {long_date(decided_on)} to "
        "keep the EHC plan without changes. The letter explains why.",
    )
    return decision


def _ready_amendments(review: Review):
    """The proposed amendments, when they can go with the decision."""
    if review.proposed_plan_id is None:
        raise InvalidTransition(
            "Prepare the proposed amendments first: they must be sent with the decision."
        )
    transfer = review.phase_transfer
    if transfer is not None and not (transfer.next_setting_id or transfer.next_setting_type):
        raise InvalidTransition(
            "This is a phase transfer review: name the next school or college (section I) "
            "in the proposed amendments first."
        )
    return review.proposed_plan


def _propose_amendments(
    review: Review, *, actor, decided_on, notice_sent_on, reasons, due
) -> PlanDecision:
    """Amending: the proposed amendments go with the decision (Devon); the family has 15 days
    to comment (reg 22(2))."""
    case = review.case
    proposed = _ready_amendments(review)
    plans.send_amendment_proposal(actor=actor, plan_id=proposed.pk, sent_on=notice_sent_on)
    proposed.refresh_from_db()
    meeting = review.meeting_held_on
    window = deadlines.amendment_representations_close(notice_served=notice_sent_on)
    final_due = deadlines.amended_plan_due(amendment_notice_sent=notice_sent_on, meeting=meeting)
    decision = record_decision(
        case, PlanDecision.Kind.AMEND, decided_on=decided_on, actor=actor, reasons=reasons
    )
    letters.send_letter(
        decision,
        sent_on=notice_sent_on,
        actor=actor,
        paragraphs=[
            f"After the review meeting on {long_date(meeting)}, "
            f"{case.local_authority.name} proposes to change (amend) "
            f"{case.child.full_name}'s EHC plan. The proposed amendments (version "
            f"{proposed.version} of the plan) come with this letter, with the evidence for "
            "them.",
            "You can comment on the proposed amendments, ask for a meeting with us, and ask "
            "for a particular school or college to be named, by the date below. We will then "
            "issue the amended plan, and you will be able to appeal about it.",
        ],
        extra_deadlines=[
            window,
            *deadlines.amended_plan_deadlines(
                amendment_notice_sent=notice_sent_on, meeting=meeting
            ),
        ],
    )
    review.outcome = Outcome.AMEND
    review.decision = decision
    review.stage = Review.Stage.AMENDING
    save_review(review, "outcome", "decision", "stage")
    event(
        case,
        "review_decided",
        on=decided_on,
        actor=actor,
        title="After the review: the council proposes changes to the plan",
        detail=f"Proposed amendments (version {proposed.version}) sent "
        f"{long_date(notice_sent_on)}. {lateness(notice_sent_on, due)} Comments by "
        f"{long_date(window.due)}; amended plan by {long_date(final_due.due)}.",
        basis=due.basis,
    )
    return decision
