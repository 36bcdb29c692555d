"""The access log of a child's record, for a subject access request (UK GDPR Art. 15).

Every staff read of a child's record is an ``AuditEvent`` with ``action=view`` and the child's
id (``send_portal.audit.record_view``, called by the pages and the API); every change is an event
with the child's id too. :func:`export_access_log` lists them, who and when, as CSV, and records
that the export was made.
"""

from __future__ import annotations

import csv
import io

from django.db import transaction

from send_portal import audit, permissions
from send_portal.models import AuditEvent, Role, User
from send_portal.permissions import rule

COLUMNS = ("when", "who", "email", "action", "what", "object", "address")


@rule(
    "send_portal.export_access_log",
    denied_message="Only a SEND manager of the child's council or a system administrator can "
    "export who viewed or changed a child's record.",
)
def export_access_log_rule(user, child=None) -> bool:
    if user.has_role(Role.SYSTEM_ADMIN):
        return True
    return child is not None and child.local_authority_id in user.organisations_for(
        Role.SEND_MANAGER
    )


def access_log(child_id: int):
    return AuditEvent.objects.filter(child_id=child_id).select_related("actor").order_by("at", "id")


def export_access_log(*, actor: User, child) -> str:
    """CSV of every view and change of the child's record, oldest first."""
    permissions.require(actor, "send_portal.export_access_log", child)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    with transaction.atomic():
        for event in access_log(child.pk).iterator():
            writer.writerow(
                [
                    event.at.isoformat(),
                    event.actor.display_name if event.actor else "",
                    event.actor.email if event.actor else "",
                    event.get_action_display(),
                    event.summary,
                    f"{event.object_type} {event.object_id}".strip(),
                    event.ip_address or "",
                ]
            )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.EXPORT,
            obj=child,
            child_id=child.pk,
            summary="Exported the access log of the child's record (subject access request)",
        )
    return buffer.getvalue()
