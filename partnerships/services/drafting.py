"""Writing a local inclusion plan: a version started from scratch or from the last one, its
sections, commitments and comments (only a draft changes)."""

from __future__ import annotations

from django.db import transaction

from send_portal import permissions
from send_portal.models import AuditEvent, User
from send_portal.text import in_sentence
from standards.models import StandardVersion

from ..errors import DomainError, InvalidTransition
from ..models import Commitment, InclusionPlan, PlanComment, PlanEvent, PlanSection, PlanVersion
from ._steps import Status, _audit, _lock_version, _partnership, _require_draft, _require_status


def _new_version(plan: InclusionPlan, *, actor: User, based_on: PlanVersion | None) -> PlanVersion:
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan, number=number, based_on=based_on, created_by=actor
    )
    old_sections = {s.kind: s for s in based_on.sections.all()} if based_on else {}
    PlanSection.objects.bulk_create(
        [
            PlanSection(
                version=version,
                kind=kind,
                body=old_sections[kind].body if kind in old_sections else "",
                links=old_sections[kind].links if kind in old_sections else [],
                updated_by=actor,
            )
            for kind in PlanSection.Kind.values
        ]
    )
    if based_on is not None:
        Commitment.objects.bulk_create(
            [
                Commitment(
                    version=version,
                    standard_version_id=c.standard_version_id,
                    description=c.description,
                    commissioner=c.commissioner,
                    created_by=actor,
                )
                for c in based_on.commitments.all()
            ]
        )
    note = f"Started from version {based_on.number}" if based_on else ""
    PlanEvent.record(version, kind=PlanEvent.Kind.STARTED, actor=actor, note=note)
    return version


def start_plan(
    *, actor: User, partnership_id: int, title: str, period_start: int, period_end: int
) -> PlanVersion:
    """Start a local inclusion plan: version 1, a draft with every section empty."""
    with transaction.atomic():
        partnership = _partnership(partnership_id, lock=True)
        permissions.require(actor, "partnerships.author_plan", partnership)
        if period_end < period_start:
            raise DomainError("The plan must end in or after the year it starts")
        if partnership.inclusion_plans.filter(
            period_start__lte=period_end, period_end__gte=period_start
        ).exists():
            raise DomainError(
                "This partnership already has a plan for some of those years. Start a new "
                "version of that plan instead."
            )
        plan = InclusionPlan.objects.create(
            partnership=partnership,
            title=title.strip(),
            period_start=period_start,
            period_end=period_end,
            created_by=actor,
        )
        version = _new_version(plan, actor=actor, based_on=None)
        _audit(actor, AuditEvent.Action.CREATE, f"Started the plan {plan.title}", plan)
    return version


def start_new_version(*, actor: User, plan_id: int) -> PlanVersion:
    """Start the next version from the latest, once it was returned or published."""
    with transaction.atomic():
        plan = (
            InclusionPlan.objects.select_for_update().select_related("partnership").get(pk=plan_id)
        )
        permissions.require(actor, "partnerships.author_plan", plan)
        latest = plan.versions.order_by("-number").first()
        if latest is not None and latest.status not in (Status.RETURNED, Status.PUBLISHED):
            raise InvalidTransition(
                f"Version {latest.number} is “{in_sentence(latest.get_status_display())}”. A new "
                "version can be started once the latest one is returned or published."
            )
        version = _new_version(plan, actor=actor, based_on=latest)
        _audit(
            actor,
            AuditEvent.Action.CREATE,
            f"Started version {version.number} of {plan.title}",
            version,
        )
    return version


def update_section(
    *, actor: User, version_id: int, kind: str, body: str, links: list[dict] | None = None
) -> PlanSection:
    with transaction.atomic():
        version = _lock_version(version_id)
        permissions.require(actor, "partnerships.author_plan", version)
        _require_draft(version)
        section = version.sections.get(kind=kind)
        section.body = body.strip()
        if links is not None:
            section.links = links
        section.updated_by = actor
        section.save()
        _audit(
            actor,
            AuditEvent.Action.UPDATE,
            f"Changed “{section.get_kind_display()}” in {version}",
            section,
        )
    return section


def add_commitment(
    *, actor: User, version_id: int, standard_version_id: int, description: str, commissioner: str
) -> Commitment:
    """Commit to commission provision or a service, mapped to a published National Standard."""
    with transaction.atomic():
        version = _lock_version(version_id)
        permissions.require(actor, "partnerships.author_plan", version)
        _require_draft(version)
        standard = (
            StandardVersion.objects.select_related("catalogue_version", "standard")
            .filter(pk=standard_version_id)
            .first()
        )
        if standard is None or not standard.catalogue_version.is_frozen:
            raise DomainError(
                "Select a standard from a published version of the National Standards"
            )
        if not description.strip() or not commissioner.strip():
            raise DomainError("Enter what will be commissioned and who commissions it")
        commitment = Commitment.objects.create(
            version=version,
            standard_version=standard,
            description=description.strip(),
            commissioner=commissioner.strip(),
            created_by=actor,
        )
        _audit(
            actor,
            AuditEvent.Action.CREATE,
            f"Added a commitment against {standard.standard.code} to {version}",
            commitment,
        )
    return commitment


def remove_commitment(*, actor: User, commitment_id: int) -> None:
    with transaction.atomic():
        version_id = Commitment.objects.values_list("version_id", flat=True).get(pk=commitment_id)
        version = _lock_version(version_id)
        permissions.require(actor, "partnerships.author_plan", version)
        _require_draft(version)
        Commitment.objects.filter(pk=commitment_id).delete()
        _audit(
            actor,
            AuditEvent.Action.DELETE,
            f"Removed a commitment from {version}",
            version,
            commitment_id=commitment_id,
        )


def add_comment(*, actor: User, version_id: int, body: str, section: str = "") -> PlanComment:
    with transaction.atomic():
        version = _lock_version(version_id)
        permissions.require(actor, "partnerships.comment_on_plan", version)
        _require_status(
            version, Status.DRAFT, Status.AWAITING_BOARD, doing="comment on this version"
        )
        if not body.strip():
            raise DomainError("Enter your comment")
        if section and section not in PlanSection.Kind.values:
            raise DomainError("Select a section of the plan")
        comment = PlanComment.objects.create(
            version=version, section=section, author=actor, body=body.strip()
        )
        _audit(actor, AuditEvent.Action.CREATE, f"Commented on {version}", comment)
    return comment
