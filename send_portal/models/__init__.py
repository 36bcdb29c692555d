from .api_tokens import ApiToken
from .audit import AuditEvent
from .documents import GeneratedDocument
from .notifications import EmailDelivery, EmailDeliveryAttempt, Notification
from .organisations import Organisation, OrganisationMembership, Region
from .reminders import ReminderPolicy, ReminderSweepRun
from .role_grants import RoleGrantRequest
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
    "ApiToken",
    "AuditEvent",
    "EmailDelivery",
    "EmailDeliveryAttempt",
    "GeneratedDocument",
    "Notification",
    "Organisation",
    "OrganisationMembership",
    "Region",
    "ReminderPolicy",
    "ReminderSweepRun",
    "Role",
    "RoleAssignment",
    "RoleGrantRequest",
    "User",
]
