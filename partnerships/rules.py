"""Permission rules for partnerships and local inclusion plans (shared/domain/ROLES.md).

A board member or chair acts only in their own partnership; a DfE Regions Group officer only on
plans of partnerships in their own region. Objects may be a partnership (``Organisation``), an
``InclusionPlan``, a ``PlanVersion`` or anything with a ``partnership`` attribute.
"""

from __future__ import annotations

from send_portal.models import Organisation, Role
from send_portal.permissions import rule

from .models import ApprovalPolicy, InclusionPlan, PlanVersion

BOARD_ROLES = (Role.BOARD_MEMBER, Role.BOARD_CHAIR)


def partnership_of(obj) -> Organisation | None:
    if isinstance(obj, Organisation):
        return obj
    if isinstance(obj, PlanVersion):
        return obj.plan.partnership
    if isinstance(obj, InclusionPlan):
        return obj.partnership
    return getattr(obj, "partnership", None)


def in_board(user, obj) -> bool:
    partnership = partnership_of(obj)
    return partnership is not None and partnership.pk in user.organisations_for(*BOARD_ROLES)


def chairs(user, obj) -> bool:
    partnership = partnership_of(obj)
    return partnership is not None and partnership.pk in user.organisations_for(Role.BOARD_CHAIR)


def officer_regions(user) -> set[int]:
    return set(
        Organisation.objects.filter(
            pk__in=user.organisations_for(Role.REGIONS_GROUP_OFFICER),
            kind=Organisation.Kind.REGIONS_GROUP,
        ).values_list("region_id", flat=True)
    )


@rule(
    "partnerships.author_plan",
    denied_message="Only members of this partnership's board can work on its plan.",
)
def author_plan(user, obj=None) -> bool:
    return in_board(user, obj)


@rule(
    "partnerships.comment_on_plan",
    denied_message="Only members of this partnership's board can comment on its plan.",
)
def comment_on_plan(user, obj=None) -> bool:
    return in_board(user, obj)


@rule(
    "partnerships.record_coproduction",
    denied_message="Only members of this partnership's board can add to its co-production log.",
)
def record_coproduction(user, obj=None) -> bool:
    return in_board(user, obj)


@rule(
    "partnerships.manage_partnership",
    denied_message="Only the chair of this partnership can change its roles and approvers.",
)
def manage_partnership(user, obj=None) -> bool:
    return chairs(user, obj)


@rule(
    "partnerships.lead_plan",
    denied_message="Only the chair of this partnership can send its plan to the board, submit "
    "it to the DfE Regions Group or publish it.",
)
def lead_plan(user, obj=None) -> bool:
    return chairs(user, obj)


@rule(
    "partnerships.approve_for_board",
    denied_message="Only the board approvers named in this partnership's approval policy can "
    "approve its plan.",
)
def approve_for_board(user, obj=None) -> bool:
    partnership = partnership_of(obj)
    if partnership is None or not in_board(user, partnership):
        return False
    return ApprovalPolicy.objects.filter(partnership=partnership, approvers=user).exists()


@rule(
    "partnerships.decide_for_regions_group",
    denied_message="Only a DfE Regions Group officer for this partnership's region can decide "
    "on its plan.",
)
def decide_for_regions_group(user, obj=None) -> bool:
    partnership = partnership_of(obj)
    return partnership is not None and partnership.region_id in officer_regions(user)


@rule(
    "partnerships.set_tailored_list_pilot",
    denied_message="Only DfE can mark an area as a tailored lists pilot.",
)
def set_tailored_list_pilot(user, obj=None) -> bool:
    return user.has_role(Role.DFE_ANALYST, Role.SYSTEM_ADMIN)
