from .audit import AuditEvent
from .documents import GeneratedDocument
from .notifications import EmailDelivery, Notification
from .organisations import Organisation, OrganisationMembership, Region
from .reminders import ReminderPolicy
from .users import (
    ADVISER_ROLES,
    LA_STAFF_ROLES,
    PERSONAL_ROLES,
    STAFF_ROLES,
    Role,
    RoleAssignment,
    User,
)

__all__ = [
    "ADVISER_ROLES",
    "LA_STAFF_ROLES",
    "PERSONAL_ROLES",
    "STAFF_ROLES",
    "AuditEvent",
    "EmailDelivery",
    "GeneratedDocument",
    "Notification",
    "Organisation",
    "OrganisationMembership",
    "Region",
    "ReminderPolicy",
    "Role",
    "RoleAssignment",
    "User",
]
