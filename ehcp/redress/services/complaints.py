"""Concerns and complaints: recorded by the council's SEND team with who is responsible for
resolving each, each stage's response (due under the council's complaints policy, not law),
escalation through to the ombudsmen, the outcome and the time taken."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import Case
from send_portal import audit, permissions
from send_portal.models import AuditEvent, Organisation, User

from .. import policy
from ..models import Complaint, ComplaintStage, Stage, lower_first
from ._common import long_date, not_before, not_in_future

Responsible = Complaint.Responsible

#: The kind of organisation that resolves each kind of complaint.
_RESPONSIBLE_KIND = {
    Responsible.SETTING: Organisation.Kind.SETTING,
    Responsible.ICB: Organisation.Kind.ICB,
}


def _lock(complaint_id: int) -> Complaint:
    return Complaint.objects.select_for_update(of=("self",)).get(pk=complaint_id)


def _audit(actor, complaint: Complaint, summary: str, action=AuditEvent.Action.UPDATE) -> None:
    audit.record(
        actor=actor,
        action=action,
        summary=f"{complaint.reference}: {summary}",
        obj=complaint,
        child_id=complaint.case.child_id if complaint.case_id else None,
    )


def _start_stage(complaint: Complaint, stage: str, started_on: date, actor) -> ComplaintStage:
    due = policy.response_due(stage, started_on)
    return ComplaintStage.objects.create(
        complaint=complaint,
        stage=stage,
        started_on=started_on,
        response_due_on=due.due if due else None,
        response_due_basis=due.basis if due else "",
        recorded_by=actor,
    )


def record_complaint(
    *,
    actor: User,
    local_authority: Organisation,
    received_on: date,
    complainant_name: str,
    category: str,
    summary: str,
    responsible: str,
    responsible_organisation: Organisation | None = None,
    case: Case | None = None,
    sendiass_involved: bool = False,
) -> Complaint:
    """A concern or complaint, starting at the first stage of whoever is responsible for
    resolving it: the school or college, the council (stage 1) or the ICB."""
    permissions.require(actor, "redress.manage_complaints", local_authority)
    with transaction.atomic():
        if not complainant_name.strip():
            raise DomainError("Enter who made the complaint", field="complainant_name")
        if not summary.strip():
            raise DomainError("Enter what the complaint is about", field="summary")
        if category not in Complaint.Category.values:
            raise DomainError("Select what the complaint is about", field="category")
        if responsible not in Complaint.FIRST_STAGE:
            raise DomainError("Select who is responsible for resolving it", field="responsible")
        if responsible == Responsible.COUNCIL:
            responsible_organisation = local_authority
        else:
            kind = _RESPONSIBLE_KIND[responsible]
            if responsible_organisation is None or responsible_organisation.kind != kind:
                what = (
                    "school or college"
                    if kind == Organisation.Kind.SETTING
                    else ("integrated care board")
                )
                raise DomainError(f"Choose the {what}", field="responsible_organisation")
        if case is not None and case.local_authority_id != local_authority.pk:
            raise DomainError("That case belongs to another council", field="case")
        not_in_future(received_on, "The date it was received", "received_on")
        stage = Complaint.FIRST_STAGE[responsible]
        complaint = Complaint.objects.create(
            local_authority=local_authority,
            case=case,
            complainant_name=complainant_name.strip(),
            category=category,
            summary=summary.strip(),
            responsible=responsible,
            responsible_organisation=responsible_organisation,
            received_on=received_on,
            stage=stage,
            sendiass_involved=sendiass_involved,
            recorded_by=actor,
        )
        _start_stage(complaint, stage, received_on, actor)
        _audit(actor, complaint, "complaint recorded", AuditEvent.Action.CREATE)
    return complaint


def record_response(
    *, actor: User, complaint_id: int, responded_on: date, outcome: str, summary: str = ""
) -> ComplaintStage:
    """The response at the current stage (for an ombudsman, its decision)."""
    with transaction.atomic():
        complaint = _lock(complaint_id)
        permissions.require(actor, "redress.manage_complaints", complaint)
        if not complaint.is_open:
            raise InvalidTransition("The complaint is closed.")
        current = complaint.stages.get(stage=complaint.stage)
        if current.responded_on is not None:
            raise InvalidTransition(
                f"The response at this stage was recorded on {long_date(current.responded_on)}."
            )
        if outcome not in Complaint.Outcome.values or outcome == Complaint.Outcome.WITHDRAWN:
            raise DomainError("Select the outcome of the response", field="outcome")
        not_in_future(responded_on, "The response date", "responded_on")
        not_before(
            responded_on,
            current.started_on,
            "The response date",
            "the start of this stage",
            "responded_on",
        )
        current.responded_on = responded_on
        current.outcome = outcome
        current.response_summary = summary.strip()
        current.save(update_fields=["responded_on", "outcome", "response_summary"])
        _audit(actor, complaint, f"response at {current.get_stage_display()}")
    return current


def escalate_complaint(
    *, actor: User, complaint_id: int, to_stage: str, escalated_on: date
) -> ComplaintStage:
    """The complainant is still unhappy: the next stage. A stage can be left once it has
    responded, or once its response is overdue under the council's policy."""
    with transaction.atomic():
        complaint = _lock(complaint_id)
        permissions.require(actor, "redress.manage_complaints", complaint)
        if not complaint.is_open:
            raise InvalidTransition("The complaint is closed.")
        allowed = Complaint.ESCALATIONS[complaint.stage]
        if to_stage not in allowed:
            names = " or ".join(Stage(s).label for s in allowed) or "nowhere further"
            raise DomainError(
                f"From '{Stage(complaint.stage).label}' the complaint can go to {names}",
                field="to_stage",
            )
        current = complaint.stages.get(stage=complaint.stage)
        not_in_future(escalated_on, "The date", "escalated_on")
        not_before(
            escalated_on,
            current.started_on,
            "The date",
            "the start of the current stage",
            "escalated_on",
        )
        waiting = current.responded_on is None and (
            current.response_due_on is None or escalated_on <= current.response_due_on
        )
        if waiting:
            raise DomainError(
                f"'{current.get_stage_display()}' has until "
                f"{long_date(current.response_due_on)} to respond "
                f"({current.response_due_basis}). Escalate once it responds, or if it misses "
                "that date."
                if current.response_due_on
                else f"Record the response of '{current.get_stage_display()}' first.",
                field="escalated_on",
            )
        complaint.stage = to_stage
        complaint.save(update_fields=["stage"])
        try:
            with transaction.atomic():
                new = _start_stage(complaint, to_stage, escalated_on, actor)
        except IntegrityError as exc:
            raise InvalidTransition("The complaint has already been at that stage.") from exc
        _audit(actor, complaint, f"escalated to {Stage(to_stage).label}")
    return new


def close_complaint(*, actor: User, complaint_id: int, closed_on: date, outcome: str) -> Complaint:
    """The complaint is finished: its final outcome and the time it took."""
    with transaction.atomic():
        complaint = _lock(complaint_id)
        permissions.require(actor, "redress.manage_complaints", complaint)
        if not complaint.is_open:
            raise InvalidTransition(
                f"The complaint was closed on {long_date(complaint.closed_on)}."
            )
        if outcome not in Complaint.Outcome.values:
            raise DomainError("Select the final outcome", field="outcome")
        current = complaint.stages.get(stage=complaint.stage)
        if current.responded_on is None and outcome != Complaint.Outcome.WITHDRAWN:
            raise InvalidTransition(
                f"Record the response of '{current.get_stage_display()}' first (or close the "
                "complaint as withdrawn)."
            )
        not_in_future(closed_on, "The closing date", "closed_on")
        not_before(
            closed_on,
            current.responded_on or current.started_on,
            "The closing date",
            "the last response" if current.responded_on else "the start of the current stage",
            "closed_on",
        )
        complaint.closed_on = closed_on
        complaint.outcome = outcome
        complaint.save(update_fields=["closed_on", "outcome"])
        _audit(actor, complaint, f"closed: {lower_first(complaint.get_outcome_display())}")
    return complaint
