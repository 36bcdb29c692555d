"""Permission-free reads of the core's people and organisations that every app needs.

(Reads of an app's own objects, scoped to the person asking, are in that app's ``selectors``.)
"""

from __future__ import annotations

from .models import Role, User


def council_managers(local_authority_id: int) -> list[User]:
    """The SEND managers of a council: active accounts whose SEND manager role at that council is
    switched on (who hears about a case while no caseworker is allocated, and who approves
    reserved decisions)."""
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.SEND_MANAGER,
            role_assignments__organisation_id=local_authority_id,
            role_assignments__is_active=True,
        ).distinct()
    )
