"""Permission rules of the National Standards catalogue (see shared/domain/ROLES.md)."""

from send_portal.models import Role
from send_portal.permissions import rule


@rule(
    "standards.edit_catalogue",
    denied_message="Only a DfE standards editor can draft, change or publish the National "
    "Standards.",
)
def edit_catalogue(user, obj=None) -> bool:
    return user.has_role(Role.DFE_ANALYST)
