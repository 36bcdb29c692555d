"""The board approves the plan (approvers and quorum set per partnership), then the partnership
submits it to the DfE Regions Group for its region."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from send_portal import permissions
from send_portal.models import AuditEvent, Organisation, User

from .. import documents, selectors
from ..errors import DomainError, InvalidTransition
from ..models import ApprovalPolicy, BoardDecision, PlanEvent, PlanSection, PlanVersion
from ._steps import Status, _audit, _lock_version, _notify_each, _require_status, _version_link


def send_for_board_approval(*, actor: User, version_id: int) -> PlanVersion:
    with transaction.atomic():
        version = _lock_version(version_id)
        partnership = version.plan.partnership
        permissions.require(actor, "partnerships.lead_plan", version)
        _require_status(version, Status.DRAFT, doing="send it to the board")
        empty = [s.get_kind_display() for s in version.sections.all() if not s.body.strip()]
        if empty:
            raise InvalidTransition(
                "Complete every section before sending the plan to the board. Empty: "
                + ", ".join(sorted(empty, key=list(PlanSection.Kind.labels).index))
            )
        policy = ApprovalPolicy.objects.filter(partnership=partnership).first()
        if policy is None or not policy.approvers.exists():
            raise InvalidTransition(
                "Name the board approvers and the quorum before sending the plan to the board"
            )
        version.status = Status.AWAITING_BOARD
        version.board_round += 1
        version.save(update_fields=["status", "board_round"])
        PlanEvent.record(
            version,
            kind=PlanEvent.Kind.SENT_TO_BOARD,
            actor=actor,
            note=f"{policy.quorum} of {policy.approvers.count()} approvers must approve",
        )
        _audit(
            actor,
            AuditEvent.Action.TRANSITION,
            f"Sent {version} to the board",
            version,
            round=version.board_round,
        )
        _notify_each(
            policy.approvers.all(),
            key=f"lip:{version.pk}:board:{version.board_round}",
            subject=f"Approve {version.plan.title}, version {version.number}",
            what_happened=f"{actor.display_name} sent version {version.number} of "
            f"{version.plan.title} to the {partnership.name} board for approval. You are one of "
            "the board's approvers.",
            what_to_do="Read the plan and record whether you approve it, with any comment.",
            link=_version_link(version),
        )
    return version


def record_board_decision(
    *, actor: User, version_id: int, approve: bool, comment: str = ""
) -> BoardDecision:
    """Record one approver's decision. Quorum approves the plan; one refusal returns it to draft."""
    with transaction.atomic():
        version = _lock_version(version_id)
        partnership = version.plan.partnership
        permissions.require(actor, "partnerships.approve_for_board", version)
        _require_status(version, Status.AWAITING_BOARD, doing="record a board decision")
        if version.board_decisions.filter(round=version.board_round, approver=actor).exists():
            raise InvalidTransition("You have already recorded your decision on this version")
        if not approve and not comment.strip():
            raise DomainError("Enter what needs to change before you can approve the plan")
        decision = BoardDecision.objects.create(
            version=version,
            round=version.board_round,
            approver=actor,
            decision=BoardDecision.Decision.APPROVE if approve else BoardDecision.Decision.REJECT,
            comment=comment.strip(),
        )
        PlanEvent.record(
            version,
            kind=PlanEvent.Kind.BOARD_APPROVED if approve else PlanEvent.Kind.BOARD_REJECTED,
            actor=actor,
            note=decision.comment,
        )
        _audit(
            actor,
            AuditEvent.Action.UPDATE,
            f"Board decision on {version}: {decision.get_decision_display()}",
            decision,
        )
        policy = partnership.approval_policy
        approvals = version.board_decisions.filter(
            round=version.board_round, decision=BoardDecision.Decision.APPROVE
        ).count()
        outcome = None
        if not approve:
            version.status = Status.DRAFT
            outcome = "not approved"
        elif approvals >= policy.quorum:
            version.status = Status.BOARD_APPROVED
            outcome = "approved"
            PlanEvent.record(
                version,
                kind=PlanEvent.Kind.QUORUM_REACHED,
                note=f"{approvals} of {policy.approvers.count()} approvers approved "
                f"(quorum {policy.quorum})",
            )
        if outcome:
            version.save(update_fields=["status"])
            _audit(
                actor,
                AuditEvent.Action.TRANSITION,
                f"The board {outcome} {version}",
                version,
            )
            next_step = (
                "Submit it to the DfE Regions Group for agreement and sign-off."
                if outcome == "approved"
                else "Read the approver's comment, change the draft and send it to the board again."
            )
            _notify_each(
                selectors.chairs_of(partnership),
                key=f"lip:{version.pk}:board:{version.board_round}:{outcome}",
                subject=f"The board {outcome} {version.plan.title}, version {version.number}",
                what_happened=f"The {partnership.name} board {outcome} version {version.number} "
                f"of {version.plan.title}."
                + (f" {actor.display_name} said: {decision.comment}" if not approve else ""),
                what_to_do=next_step,
                link=_version_link(version),
            )
    return decision


def submit_to_regions_group(*, actor: User, version_id: int) -> PlanVersion:
    with transaction.atomic():
        version = _lock_version(version_id)
        partnership = version.plan.partnership
        permissions.require(actor, "partnerships.lead_plan", version)
        _require_status(version, Status.BOARD_APPROVED, doing="submit it to the Regions Group")
        regions_group = Organisation.objects.filter(
            kind=Organisation.Kind.REGIONS_GROUP, region_id=partnership.region_id
        ).first()
        if partnership.region_id is None or regions_group is None:
            raise InvalidTransition(
                "This partnership has no region, so the plan cannot go to a Regions Group. Ask "
                "an administrator to set its region."
            )
        version.status = Status.SUBMITTED
        version.submitted_at = timezone.now()
        version.save(update_fields=["status", "submitted_at"])
        PlanEvent.record(
            version, kind=PlanEvent.Kind.SUBMITTED, actor=actor, note=regions_group.name
        )
        _audit(
            actor,
            AuditEvent.Action.TRANSITION,
            f"Submitted {version} to {regions_group.name}",
            version,
        )
        documents.request_plan_pdf(version, actor=actor)
        _notify_each(
            selectors.officers_for(partnership),
            key=f"lip:{version.pk}:submitted",
            subject=f"{partnership.name} submitted its local inclusion plan",
            what_happened=f"{actor.display_name} submitted version {version.number} of "
            f"{version.plan.title} to {regions_group.name}, after the board approved it.",
            what_to_do="Agree the plan, then quality assure and sign it off against the "
            "National Standards, or return it with the changes required.",
            link=_version_link(version),
        )
    return version
