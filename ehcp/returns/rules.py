"""Who may make and bring in a council's statutory returns (shared/domain/ROLES.md: a SEND
manager sees all the cases and performance of their council; exports obey the same rules)."""

from send_portal.models import Role
from send_portal.permissions import rule


@rule(
    "returns.manage",
    denied_message="Only a SEND manager of this council can make or import its returns.",
)
def manage(user, council=None) -> bool:
    return council is not None and council.pk in user.organisations_for(Role.SEND_MANAGER)
