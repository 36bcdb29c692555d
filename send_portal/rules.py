"""Permission rules of the core: organisations, users and the admin area."""

from .models import Role
from .permissions import rule


@rule("send_portal.manage_users", denied_message="Only a system administrator can manage users.")
def manage_users(user, obj=None) -> bool:
    return user.has_role(Role.SYSTEM_ADMIN)


@rule(
    "send_portal.view_audit_log",
    denied_message="Only a SEND manager or system administrator can read the audit log.",
)
def view_audit_log(user, obj=None) -> bool:
    return user.has_role(Role.SEND_MANAGER, Role.SYSTEM_ADMIN)


@rule(
    "send_portal.manage_organisations",
    denied_message="Only a system administrator can manage organisations.",
)
def manage_organisations(user, obj=None) -> bool:
    return user.has_role(Role.SYSTEM_ADMIN)
