"""The SEND manager's work: the council's choice of decisions reserved to its managers, the
approval queue for those decisions, and moving caseloads between caseworkers.

- A council reserves some decisions (whether to assess, to issue a plan, to stop a plan) to its
  SEND managers. A caseworker then prepares the decision (:func:`propose_decision`); a manager
  approves it (:func:`approve_decision`: the manager makes the decision through the same
  workflow service, and the letter goes) or returns it with a note (:func:`return_decision`).
  The decision services refuse a reserved decision from anyone but a manager
  (:func:`require_manager_if_reserved`), so the reservation holds whichever page or API is used.
- :func:`reallocate_cases` moves open cases to another caseworker in one go, all or none, each
  move recorded on the case's timeline (and the family told) as a single allocation is.

Every change is audited in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from send_portal import audit, permissions
from send_portal.models import AuditEvent, Organisation, User
from send_portal.notifications import notify
from send_portal.selectors import council_managers
from send_portal.text import in_sentence

from ..errors import DomainError, InvalidTransition
from ..models import OPEN_STAGES, Case, DecisionApproval, ReservedDecision, ReservedKind, Stage
from . import workflow
from .reserved import is_manager_of, needs_approval, require_manager_if_reserved, reserved_kinds

__all__ = [
    "approve_decision",
    "is_manager_of",
    "needs_approval",
    "propose_decision",
    "reallocate_cases",
    "register_reserved_decision",
    "require_manager_if_reserved",
    "reserved_kinds",
    "return_decision",
    "set_reserved_decisions",
]

#: The stage a case must be at for each reserved decision to be prepared.
_STAGE_FOR = {
    ReservedKind.ASSESS: Stage.CONSIDERING,
    ReservedKind.ISSUE: Stage.PANEL,
    ReservedKind.CEASE: Stage.FINAL_ISSUED,
}


@dataclass(frozen=True)
class _DecisionOwner:
    check: Callable[[Case, int | None], None]
    make: Callable[..., Any]


#: Reserved decisions about something other than the request itself, by kind: registered by the
#: app that owns it (ehcp.reviews registers stopping a plan, in ``ReviewsConfig.ready``), so that
#: these services import nothing of the apps that build on them.
_OWNERS: dict[str, _DecisionOwner] = {}


def register_reserved_decision(
    kind: str, *, check: Callable[[Case, int | None], None], make: Callable[..., Any]
) -> None:
    """``check(case, object_id)`` raises :class:`InvalidTransition` when there is nothing of that
    kind to decide on the case; ``make(actor=, approval=, decided_on=, notice_sent_on=)`` makes
    the decision a manager approved, through the owning app's own service."""
    _OWNERS[kind] = _DecisionOwner(check=check, make=make)


def _owner(kind: str) -> _DecisionOwner:
    try:
        return _OWNERS[kind]
    except KeyError:
        raise ImproperlyConfigured(f"No app registered the reserved decision {kind!r}") from None


# ---- the council's choice ---------------------------------------------------------------------


def set_reserved_decisions(
    *, actor: User, local_authority_id: int, kinds: Iterable[str]
) -> set[str]:
    """Record which decisions the council reserves to its SEND managers."""
    wanted = set(kinds)
    unknown = wanted - set(ReservedKind.values)
    if unknown:
        raise DomainError("Choose decisions from the list", field="kinds")
    with transaction.atomic():
        council = Organisation.objects.select_for_update().get(pk=local_authority_id)
        permissions.require(actor, "ehcp.manage_team", council)
        before = reserved_kinds(council.pk)
        ReservedDecision.objects.filter(local_authority=council).exclude(kind__in=wanted).delete()
        for kind in sorted(wanted - before):
            ReservedDecision.objects.create(local_authority=council, kind=kind, reserved_by=actor)
        if wanted != before:
            labels = [ReservedKind(k).label for k in sorted(wanted)] or ["none"]
            audit.record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                obj=council,
                summary=f"Decisions reserved to SEND managers: {'; '.join(labels)}",
                detail={"before": sorted(before), "after": sorted(wanted)},
            )
    return wanted


# ---- the approval queue -----------------------------------------------------------------------


def propose_decision(
    *,
    actor: User,
    case_id: int,
    kind: str,
    outcome: bool,
    reasons: str,
    cessation_id: int | None = None,
    details: dict | None = None,
) -> DecisionApproval:
    """A caseworker prepares a reserved decision for a SEND manager to approve."""
    if kind not in ReservedKind.values:
        raise DomainError("Choose the decision", field="kind")
    reasons = reasons.strip()
    if (kind == ReservedKind.CEASE or not outcome) and not reasons:
        raise DomainError("Give the reasons: they go in the letter", field="reasons")
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("local_authority").get(pk=case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        if kind not in reserved_kinds(case.local_authority_id):
            raise InvalidTransition(
                f"{case.local_authority.name} does not reserve this decision to a manager: "
                "make the decision yourself."
            )
        if case.stage != _STAGE_FOR[ReservedKind(kind)]:
            raise InvalidTransition(
                f"You cannot prepare this decision now: the case is at '{Stage(case.stage).label}'."
            )
        if kind == ReservedKind.CEASE:
            _owner(kind).check(case, cessation_id)
        if DecisionApproval.objects.filter(
            case=case, kind=kind, status=DecisionApproval.Status.PENDING
        ).exists():
            raise InvalidTransition("This decision is already waiting for a manager's approval.")
        approval = DecisionApproval.objects.create(
            case=case,
            kind=kind,
            cessation_id=cessation_id if kind == ReservedKind.CEASE else None,
            outcome=outcome,
            reasons=reasons,
            details=details or {},
            proposed_by=actor,
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=approval,
            child_id=case.child_id,
            summary=f"{case.reference}: sent for a manager's approval: {approval.outcome_label}",
        )
        for manager in council_managers(case.local_authority_id):
            if manager.pk == actor.pk:
                continue
            notify(
                recipient=manager,
                subject=f"Decision to approve: {case.reference}",
                what_happened=f"{actor.display_name} prepared a decision for {case.reference}: "
                f"{in_sentence(approval.outcome_label)}.",
                what_to_do="Approve it (the letter then goes) or return it with a note.",
                link=reverse("approval-detail", args=[approval.pk]),
                dedupe_key=f"ehcp:approval:{approval.pk}:manager:{manager.pk}",
                local_authority_id=case.local_authority_id,
            )
    return approval


def _lock_pending(actor: User, approval_id: int) -> DecisionApproval:
    approval = (
        DecisionApproval.objects.select_for_update(of=("self",))
        .select_related("case", "case__local_authority", "proposed_by")
        .filter(pk=approval_id)
        .first()
    )
    if approval is None:
        raise DomainError("That decision could not be found")
    permissions.require(actor, "ehcp.approve_decision", approval)
    if approval.status != DecisionApproval.Status.PENDING:
        raise InvalidTransition(
            "This decision has already been dealt with: "
            f"{in_sentence(approval.get_status_display())}."
        )
    return approval


def approve_decision(
    *, actor: User, approval_id: int, decided_on: date, notice_sent_on: date
) -> DecisionApproval:
    """A SEND manager approves the prepared decision: the manager makes it, through the same
    service as any decision (its dates, checks, letter and appeal rights), and it is recorded
    who prepared and who approved it."""
    with transaction.atomic():
        approval = _lock_pending(actor, approval_id)
        case = approval.case
        decision = None
        if approval.kind == ReservedKind.ASSESS:
            decision = workflow.decide_whether_to_assess(
                actor=actor,
                case_id=case.pk,
                assess=approval.outcome,
                decided_on=decided_on,
                notice_sent_on=notice_sent_on,
                reasons=approval.reasons,
            )
        elif approval.kind == ReservedKind.ISSUE:
            decision = workflow.decide_whether_to_issue(
                actor=actor,
                case_id=case.pk,
                issue=approval.outcome,
                decided_on=decided_on,
                notice_sent_on=notice_sent_on,
                reasons=approval.reasons,
            )
        else:
            _owner(approval.kind).make(
                actor=actor,
                approval=approval,
                decided_on=decided_on,
                notice_sent_on=notice_sent_on,
            )
        approval.status = DecisionApproval.Status.APPROVED
        approval.decided_by = actor
        approval.decided_at = timezone.now()
        approval.decision = decision
        approval.save(update_fields=["status", "decided_by", "decided_at", "decision"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=approval,
            child_id=case.child_id,
            summary=f"{case.reference}: approved: {approval.outcome_label}",
            detail={"proposed_by": approval.proposed_by_id, "decided_on": decided_on.isoformat()},
        )
        _tell_proposer(
            approval,
            subject=f"Decision approved: {case.reference}",
            what_happened=f"{actor.display_name} approved your decision for {case.reference} "
            f"({in_sentence(approval.outcome_label)}); the letter has gone.",
        )
    return approval


def return_decision(*, actor: User, approval_id: int, note: str) -> DecisionApproval:
    """A SEND manager returns the prepared decision to the caseworker with a note."""
    if not note.strip():
        raise DomainError("Say why it is returned and what to change", field="note")
    with transaction.atomic():
        approval = _lock_pending(actor, approval_id)
        approval.status = DecisionApproval.Status.RETURNED
        approval.decided_by = actor
        approval.decided_at = timezone.now()
        approval.manager_note = note.strip()
        approval.save(update_fields=["status", "decided_by", "decided_at", "manager_note"])
        case = approval.case
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=approval,
            child_id=case.child_id,
            summary=f"{case.reference}: returned to the caseworker: {approval.outcome_label}",
            detail={"note": approval.manager_note},
        )
        _tell_proposer(
            approval,
            subject=f"Decision returned: {case.reference}",
            what_happened=f"{actor.display_name} returned your decision for {case.reference}: "
            f"{approval.manager_note}",
            what_to_do="Change it and send it again, or talk to your manager.",
        )
    return approval


def _tell_proposer(approval: DecisionApproval, *, subject: str, what_happened: str, **kw) -> None:
    proposer = approval.proposed_by
    if proposer is None or not proposer.is_active or proposer.pk == approval.decided_by_id:
        return
    notify(
        recipient=proposer,
        subject=subject,
        what_happened=what_happened,
        link=reverse("case-detail", args=[approval.case.reference]),
        dedupe_key=f"ehcp:approval:{approval.pk}:{approval.status}",
        local_authority_id=approval.case.local_authority_id,
        **kw,
    )


# ---- caseloads --------------------------------------------------------------------------------


def reallocate_cases(*, actor: User, case_ids: Iterable[int], to_caseworker: User, on: date) -> int:
    """Move open cases to ``to_caseworker`` in one go: all or none. Each move is the same as
    allocating one case (timeline, the family told); the batch is audited as one action too.
    Returns how many cases moved (those already with them are left as they are)."""
    ids = sorted({int(pk) for pk in case_ids})
    if not ids:
        raise DomainError("Select at least one case to move", field="cases")
    with transaction.atomic():
        cases = list(
            Case.objects.select_for_update(of=("self",))
            .select_related("local_authority", "caseworker")
            .filter(pk__in=ids)
            .order_by("pk")
        )
        if len(cases) != len(ids):
            raise DomainError("Select cases from the list", field="cases")
        for case in cases:
            permissions.require(actor, "ehcp.allocate_caseworker", case)
            if case.stage not in OPEN_STAGES:
                raise InvalidTransition(f"{case.reference} is closed: only open cases move.")
        moved = []
        for case in cases:
            if case.caseworker_id == to_caseworker.pk:
                continue
            workflow.allocate_caseworker(
                actor=actor, case_id=case.pk, caseworker=to_caseworker, on=on
            )
            moved.append(case.reference)
        if moved:
            councils = {case.local_authority_id for case in cases}
            audit.record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                obj=Organisation.objects.get(pk=min(councils)),
                summary=f"Moved {len(moved)} case{'s' if len(moved) != 1 else ''} to "
                f"{to_caseworker.display_name}",
                detail={"cases": moved, "to": to_caseworker.pk, "on": on.isoformat()},
            )
    return len(moved)
