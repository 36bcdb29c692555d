"""Permission-free reads of the core's people and organisations that every app needs.

(Reads of an app's own objects, scoped to the person asking, are in that app's ``selectors``.)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import Role, RoleAssignment, User
from .models.users import IN_FORCE


def send_manager_roles(council_ids: Iterable[int]) -> QuerySet[RoleAssignment]:
    """The SEND manager roles in force at these councils (switched on, in a council that is
    itself active: ROLES.md, an ended role or a deactivated organisation grants nothing), of
    active accounts."""
    return RoleAssignment.objects.filter(
        IN_FORCE,
        role=Role.SEND_MANAGER,
        organisation_id__in=list(council_ids),
        user__is_active=True,
    )


def people_in_role(organisation_id: int, roles: Iterable[str]) -> QuerySet[User]:
    """The active accounts holding one of ``roles`` at this organisation now (the role switched
    on, the organisation active: ROLES.md, an ended role or a deactivated organisation grants
    nothing), by name: whom a caseworker can allocate a case to, or invite to a panel."""
    holders = RoleAssignment.objects.filter(
        IN_FORCE, role__in=list(roles), organisation_id=organisation_id
    ).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True).order_by("first_name", "last_name")


def council_managers(local_authority_id: int) -> list[User]:
    """The SEND managers of a council (:func:`send_manager_roles`): who hears about a case while
    no caseworker is allocated, and who approves reserved decisions."""
    return list(
        User.objects.filter(pk__in=send_manager_roles([local_authority_id]).values("user_id"))
    )
