"""The decisions a council reserves to its SEND managers (whether to assess, to issue a plan, to
stop a plan), as the decision services check them: a reserved decision is made by a SEND manager
only, whichever page or API is used. The choice itself and the approval queue are in
``management``, which re-exports these."""

from __future__ import annotations

from send_portal.models import Role, User

from ..errors import InvalidTransition
from ..models import Case, ReservedDecision


def reserved_kinds(local_authority_id: int) -> set[str]:
    """The decisions this council reserves to its SEND managers."""
    return set(
        ReservedDecision.objects.filter(local_authority_id=local_authority_id).values_list(
            "kind", flat=True
        )
    )


def is_manager_of(user: User, local_authority_id: int) -> bool:
    return local_authority_id in user.organisations_for(Role.SEND_MANAGER)


def needs_approval(user: User, case: Case, kind: str) -> bool:
    """The council reserves this decision and ``user`` is not one of its SEND managers."""
    return kind in reserved_kinds(case.local_authority_id) and not is_manager_of(
        user, case.local_authority_id
    )


def require_manager_if_reserved(actor: User, case: Case, kind: str) -> None:
    """Called by each decision service: a reserved decision is made by a SEND manager only."""
    if needs_approval(actor, case, kind):
        raise InvalidTransition(
            f"{case.local_authority.name} reserves this decision to a SEND manager: send it "
            "for approval instead."
        )
