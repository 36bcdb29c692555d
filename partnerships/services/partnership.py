"""The partnership: its board approvers and quorum, its people and their seats, the tailored
lists pilot and its co-production events."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from send_portal import permissions
from send_portal.models import AuditEvent, Role, RoleAssignment, User
from send_portal.models.users import IN_FORCE

from .. import selectors
from ..errors import DomainError, InvalidTransition
from ..models import ApprovalPolicy, CoproductionEvent, PartnershipProfile, PartnershipRole
from ._steps import _audit, _notify_each, _partnership


def set_approval_policy(
    *, actor: User, partnership_id: int, approver_ids: list[int], quorum: int
) -> ApprovalPolicy:
    """Name the board approvers of the plan and how many of them must approve it."""
    with transaction.atomic():
        partnership = _partnership(partnership_id, lock=True)
        permissions.require(actor, "partnerships.manage_partnership", partnership)
        eligible = set(selectors.board_people(partnership).values_list("pk", flat=True))
        chosen = set(approver_ids)
        if not chosen:
            raise DomainError("Select at least one board approver")
        if not chosen <= eligible:
            raise DomainError("Approvers must be members of this partnership's board")
        if not 1 <= quorum <= len(chosen):
            raise DomainError(
                f"The quorum must be between 1 and the number of approvers ({len(chosen)})"
            )
        policy, _ = ApprovalPolicy.objects.get_or_create(partnership=partnership)
        policy.quorum = quorum
        policy.updated_by = actor
        policy.save()
        policy.approvers.set(chosen)
        _audit(
            actor,
            AuditEvent.Action.UPDATE,
            f"Set the plan approvers of {partnership.name} (quorum {quorum})",
            policy,
            approvers=sorted(chosen),
            quorum=quorum,
        )
    return policy


def add_partnership_role(
    *,
    actor: User,
    partnership_id: int,
    kind: str,
    holder_name: str,
    organisation_id: int | None = None,
    holder_id: int | None = None,
    email: str = "",
    started_on: date | None = None,
) -> PartnershipRole:
    with transaction.atomic():
        partnership = _partnership(partnership_id, lock=True)
        permissions.require(actor, "partnerships.manage_partnership", partnership)
        if kind not in PartnershipRole.Kind.values:
            raise DomainError("Select the role")
        if not holder_name.strip():
            raise DomainError("Enter the name of the person who holds the role")
        if (
            organisation_id is not None
            and not partnership.memberships.filter(member_id=organisation_id).exists()
        ):
            raise DomainError("Select one of the partnership's member organisations")
        role = PartnershipRole.objects.create(
            partnership=partnership,
            kind=kind,
            holder_name=holder_name.strip(),
            holder_id=holder_id,
            organisation_id=organisation_id,
            email=email,
            started_on=started_on,
        )
        _audit(
            actor,
            AuditEvent.Action.CREATE,
            f"{role.get_kind_display()} of {partnership.name}: {role.holder_name}",
            role,
        )
    return role


def end_partnership_role(*, actor: User, role_id: int, ended_on: date) -> PartnershipRole:
    with transaction.atomic():
        role = PartnershipRole.objects.select_for_update().get(pk=role_id)
        permissions.require(actor, "partnerships.manage_partnership", role.partnership)
        if role.ended_on is not None:
            raise InvalidTransition(f"{role.holder_name} already left this role")
        if role.started_on and ended_on < role.started_on:
            raise DomainError("The end date must be on or after the date they started")
        role.ended_on = ended_on
        role.save(update_fields=["ended_on"])
        _audit(
            actor,
            AuditEvent.Action.UPDATE,
            f"{role.holder_name} left the role {role.get_kind_display()}",
            role,
        )
        if role.holder_id is not None:
            _end_rights_of_seat(actor, role)
    return role


def _end_rights_of_seat(actor: User, seat: PartnershipRole) -> None:
    """Ending a seat ends, at once and everywhere, every right it gave its holder in the
    partnership: their board role (the chair role for the chair's seat; every board role when
    they hold no other seat there), so pages, the API and the rules no longer let them read
    drafts, add to the co-production log or decide; and their place among the plan approvers,
    including for versions waiting for the board now. Decisions they recorded before they left
    stay in the plan's history. The quorum is never lowered behind the board's back: if fewer
    approvers than the quorum remain, the chairs are told to name another."""
    partnership = seat.partnership
    holder = seat.holder
    open_seats = PartnershipRole.objects.filter(
        partnership=partnership, holder=holder, ended_on=None
    )
    if open_seats.exists():
        ending = (
            [Role.BOARD_CHAIR]
            if seat.kind == PartnershipRole.Kind.CHAIR
            and not open_seats.filter(kind=PartnershipRole.Kind.CHAIR).exists()
            else []
        )
    else:
        ending = [Role.BOARD_MEMBER, Role.BOARD_CHAIR]
    if not ending:
        return
    assignments = RoleAssignment.objects.select_for_update().filter(
        user=holder, organisation=partnership, role__in=ending, is_active=True
    )
    ended = sorted(assignments.values_list("role", flat=True))
    assignments.update(is_active=False)
    still_on_board = RoleAssignment.objects.filter(
        user=holder, organisation=partnership, role__in=[Role.BOARD_MEMBER, Role.BOARD_CHAIR]
    ).filter(IN_FORCE)
    policy = ApprovalPolicy.objects.select_for_update().filter(partnership=partnership).first()
    removed_as_approver = False
    if policy is not None and not still_on_board.exists():
        removed_as_approver = policy.approvers.filter(pk=holder.pk).exists()
        policy.approvers.remove(holder)
    if ended or removed_as_approver:
        _audit(
            actor,
            AuditEvent.Action.UPDATE,
            f"{holder.display_name}'s rights in {partnership.name} ended with their seat",
            seat,
            roles_ended=ended,
            removed_as_approver=removed_as_approver,
        )
    if removed_as_approver and policy.approvers.count() < policy.quorum:
        remaining = policy.approvers.count()
        _notify_each(
            selectors.chairs_of(partnership),
            key=f"approvers-below-quorum:{policy.pk}:{seat.pk}",
            subject=f"{partnership.name}: name another plan approver",
            what_happened=f"{holder.display_name} left the board, so {remaining} plan "
            f"approver{'' if remaining == 1 else 's'} remain for a quorum of {policy.quorum}.",
            what_to_do="Name another approver, or change the quorum, before the board can "
            "approve a plan.",
            link=reverse("partnerships:approval-policy", kwargs={"pk": partnership.pk}),
        )


def set_tailored_list_pilot(
    *, actor: User, partnership_id: int, is_pilot: bool
) -> PartnershipProfile:
    """Mark (or unmark) the partnership's area as a Change Programme tailored lists pilot."""
    with transaction.atomic():
        partnership = _partnership(partnership_id, lock=True)
        permissions.require(actor, "partnerships.set_tailored_list_pilot", partnership)
        profile, _ = PartnershipProfile.objects.get_or_create(partnership=partnership)
        profile.is_tailored_list_pilot = is_pilot
        profile.updated_by = actor
        profile.save()
        _audit(
            actor,
            AuditEvent.Action.UPDATE,
            f"{partnership.name} {'is now' if is_pilot else 'is no longer'} a tailored lists pilot",
            profile,
        )
    return profile


def record_coproduction_event(
    *,
    actor: User,
    partnership_id: int,
    title: str,
    kind: str,
    held_on: date,
    who_took_part: str,
    you_said: str,
    we_did: str = "",
    participants: int | None = None,
    children_and_young_people: bool = False,
    parents_and_carers: bool = False,
    plan_id: int | None = None,
) -> CoproductionEvent:
    with transaction.atomic():
        partnership = _partnership(partnership_id)
        permissions.require(actor, "partnerships.record_coproduction", partnership)
        if held_on > timezone.localdate():
            raise DomainError("The date of the event must be today or in the past")
        if plan_id is not None and not partnership.inclusion_plans.filter(pk=plan_id).exists():
            raise DomainError("Select one of this partnership's plans")
        event = CoproductionEvent.objects.create(
            partnership=partnership,
            plan_id=plan_id,
            title=title.strip(),
            kind=kind,
            held_on=held_on,
            who_took_part=who_took_part.strip(),
            participants=participants,
            children_and_young_people=children_and_young_people,
            parents_and_carers=parents_and_carers,
            you_said=you_said.strip(),
            we_did=we_did.strip(),
            created_by=actor,
        )
        _audit(actor, AuditEvent.Action.CREATE, f"Co-production: {event.title}", event)
    return event
