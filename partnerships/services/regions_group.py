"""The DfE Regions Group agrees a submitted plan, or returns it with the changes required."""

from __future__ import annotations

from django.db import transaction

from send_portal import permissions
from send_portal.models import AuditEvent, User

from ..errors import DomainError
from ..models import PlanEvent, PlanVersion, RegionsGroupDecision
from ._steps import (
    LEGAL_BASIS_AGREE,
    Status,
    _audit,
    _lock_version,
    _officer_team,
    _require_status,
    _tell_partnership,
    _version_link,
)


def agree_plan(*, actor: User, version_id: int, reasons: str) -> RegionsGroupDecision:
    with transaction.atomic():
        version = _lock_version(version_id)
        permissions.require(actor, "partnerships.decide_for_regions_group", version)
        _require_status(version, Status.SUBMITTED, doing="agree it")
        if not reasons.strip():
            raise DomainError("Enter the reasons for agreeing the plan")
        decision = _decide(
            version,
            actor=actor,
            kind=RegionsGroupDecision.Kind.AGREE,
            reasons=reasons,
            status=Status.AGREED,
            event=PlanEvent.Kind.AGREED,
            verb="agreed",
        )
        team = decision.regions_group
        _tell_partnership(
            version,
            key=f"lip:{version.pk}:agreed",
            subject=f"{team.name} agreed {version.plan.title}",
            what_happened=f"{actor.display_name} of {team.name} agreed version {version.number} "
            f"of {version.plan.title}.",
            what_to_do="The Regions Group will now quality assure the plan against the National "
            "Standards before signing it off. You do not need to do anything yet.",
            legal_basis=LEGAL_BASIS_AGREE,
            link=_version_link(version),
        )
    return decision


def return_plan(*, actor: User, version_id: int, required_changes: str) -> RegionsGroupDecision:
    with transaction.atomic():
        version = _lock_version(version_id)
        permissions.require(actor, "partnerships.decide_for_regions_group", version)
        _require_status(version, Status.SUBMITTED, Status.AGREED, doing="return it")
        if not required_changes.strip():
            raise DomainError("Enter the changes the partnership must make")
        decision = _decide(
            version,
            actor=actor,
            kind=RegionsGroupDecision.Kind.RETURN,
            reasons=required_changes,
            status=Status.RETURNED,
            event=PlanEvent.Kind.RETURNED,
            verb="returned",
        )
        team = decision.regions_group
        _tell_partnership(
            version,
            key=f"lip:{version.pk}:returned",
            subject=f"{team.name} returned {version.plan.title} with required changes",
            what_happened=f"{actor.display_name} of {team.name} returned version "
            f"{version.number} of {version.plan.title}. Required changes: {decision.reasons}",
            what_to_do="Start a new version of the plan, make the changes, and take it back "
            "to the board.",
            link=_version_link(version),
        )
    return decision


def _decide(
    version: PlanVersion,
    *,
    actor: User,
    kind: str,
    reasons: str,
    status: str,
    event: str,
    verb: str,
) -> RegionsGroupDecision:
    """The decision of the actor's Regions Group team on the version: recorded with its reasons,
    the version moved to ``status``, and the plan's timeline and audit record."""
    team = _officer_team(actor, version.plan.partnership)
    decision = RegionsGroupDecision.objects.create(
        version=version,
        kind=kind,
        officer=actor,
        regions_group=team,
        reasons=reasons.strip(),
    )
    version.status = status
    version.save(update_fields=["status"])
    PlanEvent.record(version, kind=event, actor=actor, note=decision.reasons)
    _audit(actor, AuditEvent.Action.TRANSITION, f"{team.name} {verb} {version}", decision)
    return decision
