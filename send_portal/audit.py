"""Recording audit events. Call inside the transaction of the change it describes."""

from __future__ import annotations

from typing import Any

from django.db import models

from .client import client_ip
from .models import PERSONAL_ROLES, AuditEvent


def _object_ref(obj: Any) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, models.Model):
        return obj._meta.label_lower, str(obj.pk)
    return type(obj).__name__, ""


def record(
    *,
    actor,
    action: str,
    summary: str,
    obj: Any = None,
    child_id: int | None = None,
    detail: dict | None = None,
    request=None,
) -> AuditEvent:
    """Append an event to the audit log."""
    object_type, object_id = _object_ref(obj)
    ip = None
    if request is not None:
        ip = client_ip(request)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        child_id=child_id,
        summary=summary[:300],
        detail=detail or {},
        ip_address=ip,
    )


def record_view(*, actor, obj: Any, child_id: int | None, summary: str, request=None) -> None:
    """Log a staff read of a child's record (ROLES.md: every read by staff is logged).

    Families reading their own child's record are not logged as access: it is their own data.
    """
    if actor is None or not actor.is_authenticated:
        return
    if actor.role_set() and actor.role_set() <= PERSONAL_ROLES:
        return
    record(
        actor=actor,
        action=AuditEvent.Action.VIEW,
        summary=summary,
        obj=obj,
        child_id=child_id,
        request=request,
    )
