"""Re-assessment of needs while the plan is in force (SEND Regulations 2014 regs 24-27): the
request, the decision within 15 days (a refusal can be appealed), and the amended plan within
14 weeks of the notice."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse

from ehcp import deadlines
from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import Case, Plan, Stage
from send_portal import permissions
from send_portal.models import User
from send_portal.text import in_sentence

from .. import letters
from ..models import PlanDecision, Reassessment
from ._common import (
    APPEAL_WHAT_TO_DO,
    check_decision_dates,
    event,
    lateness,
    lock_case,
    lock_with_case,
    long_date,
    not_before,
    not_in_future,
    record_decision,
    tell_council,
    tell_family,
)


def request_reassessment(
    *, actor: User, case_id: int, requested_by: str, requested_on: date, reasons: str
) -> Reassessment:
    not_in_future(requested_on, "The date of the request", "requested_on")
    if requested_by not in Reassessment.RequestedBy.values:
        raise DomainError("Select who asked for the re-assessment", field="requested_by")
    if not reasons.strip():
        raise DomainError("Give the reasons for the request", field="reasons")
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "reviews.request_reassessment", case)
        if case.stage != Stage.FINAL_ISSUED:
            raise InvalidTransition("A re-assessment is only for a child with an issued plan.")
        if Reassessment.objects.filter(
            case=case, stage__in=[Reassessment.Stage.REQUESTED, Reassessment.Stage.REASSESSING]
        ).exists():
            raise InvalidTransition("A re-assessment is already in progress.")
        due = deadlines.reassessment_decision_due(request_received=requested_on)
        item = Reassessment.objects.create(
            case=case,
            requested_by=requested_by,
            requested_on=requested_on,
            reasons=reasons.strip(),
            decision_due_on=due.due,
        )
        event(
            case,
            "reassessment_requested",
            on=requested_on,
            actor=actor,
            title="Re-assessment of needs requested",
            detail=f"By {in_sentence(Reassessment.RequestedBy(requested_by).label)}. "
            "The council must "
            f"decide by {long_date(due.due)}.",
            basis=due.basis,
        )
        tell_council(
            case,
            key=f"reassessment:{item.pk}:requested",
            subject=f"Re-assessment requested for {case.child.full_name}",
            what_happened=f"A re-assessment was requested on {long_date(requested_on)}.",
            what_to_do="Decide whether to re-assess and send the decision letter.",
            due=due,
            link=reverse("reviews-case", args=[case.reference]),
            exclude=actor,
        )
    return item


def decide_reassessment(
    *,
    actor: User,
    reassessment_id: int,
    reassess: bool,
    decided_on: date,
    notice_sent_on: date,
    reasons: str = "",
) -> PlanDecision:
    """Decide within 15 days (reg 25); a refusal can be appealed (CFA s51(2)(d)). Re-assessing:
    the amended plan within 14 weeks of the notice (reg 27)."""
    check_decision_dates(decided_on, notice_sent_on)
    if not reassess and not reasons.strip():
        raise DomainError("Give the reasons: they go in the letter", field="reasons")
    with transaction.atomic():
        item, case = lock_with_case(Reassessment.objects.all(), reassessment_id)
        permissions.require(actor, "reviews.manage", case)
        if item.stage != Reassessment.Stage.REQUESTED:
            raise InvalidTransition("This request has already been decided.")
        not_before(
            decided_on, item.requested_on, "The date of the decision", "the request", "decided_on"
        )
        due = deadlines.reassessment_decision_due(request_received=item.requested_on)
        kind = PlanDecision.Kind.REASSESS if reassess else PlanDecision.Kind.NOT_REASSESS
        decision = record_decision(case, kind, decided_on=decided_on, actor=actor, reasons=reasons)
        extra = []
        if reassess:
            final = deadlines.reassessment_final_plan(notified=notice_sent_on)
            extra = [final]
            item.final_due_on = final.due
            item.notified_on = notice_sent_on
            item.stage = Reassessment.Stage.REASSESSING
            text = (
                f"{case.local_authority.name} will carry out a re-assessment of "
                f"{case.child.full_name}'s needs. We will ask for advice again and for your "
                "views, then send you the proposed amended plan."
            )
        else:
            item.stage = Reassessment.Stage.REFUSED
            text = (
                f"{case.local_authority.name} has decided not to carry out a re-assessment of "
                f"{case.child.full_name}'s needs. The EHC plan stays in force."
            )
        letters.send_letter(
            decision,
            sent_on=notice_sent_on,
            actor=actor,
            paragraphs=[text],
            extra_deadlines=extra,
        )
        item.decision = decision
        item.save(update_fields=["decision", "stage", "final_due_on", "notified_on"])
        _record_reassessment_decided(
            item, case=case, actor=actor, text=text, notice_sent_on=notice_sent_on, due=due
        )
    return decision


def _record_reassessment_decided(
    item: Reassessment, *, case: Case, actor: User, text: str, notice_sent_on: date, due
) -> None:
    """The timeline event, and the family told (with appeal rights after a refusal)."""
    decision = item.decision
    reassess = item.stage == Reassessment.Stage.REASSESSING
    event(
        case,
        "reassessment_decided",
        on=decision.decided_on,
        actor=actor,
        title="Decided to re-assess" if reassess else "Decided not to re-assess",
        detail=lateness(notice_sent_on, due)
        + (
            f" Amended plan due by {long_date(item.final_due_on)}."
            if reassess
            else f" Appeal by {long_date(decision.appeal_deadline)}."
        ),
        basis=due.basis,
    )
    tell_family(
        case,
        on=notice_sent_on,
        key=f"reassessment:{item.pk}:decided",
        subject=(
            f"{case.child.known_as}'s needs will be re-assessed"
            if reassess
            else f"No re-assessment of {case.child.known_as}'s needs"
        ),
        what_happened=text,
        what_to_do=(
            "We will ask for your views. The amended plan must be issued by the date below."
            if reassess
            else APPEAL_WHAT_TO_DO
        ),
        due=deadlines.reassessment_final_plan(notified=notice_sent_on)
        if reassess
        else deadlines.appeal_deadline(decision_sent=notice_sent_on),
    )


def complete_reassessment(*, actor: User, reassessment_id: int) -> Reassessment:
    """The re-assessment ends with the amended plan issued after it (reg 27)."""
    with transaction.atomic():
        item, case = lock_with_case(Reassessment.objects.all(), reassessment_id)
        permissions.require(actor, "reviews.manage", case)
        if item.stage != Reassessment.Stage.REASSESSING:
            raise InvalidTransition("This re-assessment is not in progress.")
        amended = (
            case.plans.filter(status=Plan.Status.AMENDED, issued_on__gte=item.notified_on)
            .order_by("-version")
            .first()
        )
        if amended is None:
            raise InvalidTransition(
                "Issue the amended plan after the re-assessment first (propose amendments, send "
                "them, then issue the amended plan)."
            )
        item.plan = amended
        item.completed_on = amended.issued_on
        item.stage = Reassessment.Stage.COMPLETED
        item.save(update_fields=["plan", "completed_on", "stage"])
        due = deadlines.reassessment_final_plan(notified=item.notified_on)
        event(
            case,
            "reassessment_completed",
            on=amended.issued_on,
            actor=actor,
            title=f"Re-assessment finished: amended plan issued (version {amended.version})",
            detail=lateness(amended.issued_on, due),
            basis=due.basis,
        )
    return item
