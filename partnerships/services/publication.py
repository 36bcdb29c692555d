"""The chair publishes a signed-off version; the one it replaces is superseded."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from send_portal import permissions
from send_portal.models import AuditEvent, User

from .. import documents
from ..models import PlanEvent, PlanVersion
from ._steps import Status, _audit, _lock_version, _require_status


def publish_plan(*, actor: User, version_id: int) -> PlanVersion:
    """Publish a signed-off version; the version it replaces is marked as superseded."""
    with transaction.atomic():
        version = _lock_version(version_id)
        permissions.require(actor, "partnerships.lead_plan", version)
        _require_status(version, Status.SIGNED_OFF, doing="publish it")
        previous = (
            PlanVersion.objects.select_for_update()
            .filter(plan_id=version.plan_id, status=Status.PUBLISHED)
            .first()
        )
        if previous is not None:
            previous.status = Status.SUPERSEDED
            previous.save(update_fields=["status"])
            PlanEvent.record(
                previous,
                kind=PlanEvent.Kind.SUPERSEDED,
                actor=actor,
                note=f"Replaced by version {version.number}",
            )
        version.status = Status.PUBLISHED
        version.published_at = timezone.now()
        version.save(update_fields=["status", "published_at"])
        PlanEvent.record(version, kind=PlanEvent.Kind.PUBLISHED, actor=actor)
        _audit(actor, AuditEvent.Action.TRANSITION, f"Published {version}", version)
        documents.request_plan_pdf(version, actor=actor)
    return version
