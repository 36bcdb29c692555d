"""Reads of partnerships and local inclusion plans, scoped to who is asking.

Board members and chairs see their own partnerships and every version of their plans. DfE Regions
Group officers see partnerships in their region and plan versions once submitted to them. The
public sees published plans only. Views use these for lists *and* detail lookups, so anything
outside a person's relationships is a 404.

Tailored lists (``tailored_lists/``) ask :func:`signed_off_plan_for` and
:func:`tailored_lists_allowed` whether an area may use them.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from send_portal.models import Organisation, Role, User

from .models import (
    BoardDecision,
    Commitment,
    CoproductionEvent,
    InclusionPlan,
    PartnershipProfile,
    PlanComment,
    PlanEvent,
    PlanVersion,
    RegionsGroupDecision,
    SignOffCheck,
)
from .rules import BOARD_ROLES, officer_regions

Status = PlanVersion.Status


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def partnerships_visible_to(user) -> QuerySet[Organisation]:
    partnerships = Organisation.objects.filter(kind=Organisation.Kind.PARTNERSHIP)
    if not _signed_in(user):
        return partnerships.none()
    return (
        partnerships.filter(
            Q(pk__in=user.organisations_for(*BOARD_ROLES)) | Q(region_id__in=officer_regions(user))
        )
        .select_related("region", "local_authority", "partnership_profile")
        .order_by("name")
    )


def plans_visible_to(user) -> QuerySet[InclusionPlan]:
    """Plans of the partnerships this person works with (officers: once something is submitted)."""
    if not _signed_in(user):
        return InclusionPlan.objects.none()
    board = user.organisations_for(*BOARD_ROLES)
    regions = officer_regions(user)
    return (
        InclusionPlan.objects.filter(
            Q(partnership_id__in=board)
            | Q(
                partnership__region_id__in=regions,
                versions__status__in=PlanVersion.SEEN_BY_REGIONS_GROUP,
            )
        )
        .distinct()
        .select_related("partnership__region")
        .order_by("partnership__name", "-period_start")
    )


def with_latest_visible_version(user, plans) -> list[InclusionPlan]:
    """The plans, each with ``latest_version``: the newest version this person may see."""
    plans = list(plans)
    latest: dict[int, PlanVersion] = {}
    for version in plan_versions_visible_to(user).filter(plan__in=plans).order_by("number"):
        latest[version.plan_id] = version
    for plan in plans:
        plan.latest_version = latest.get(plan.pk)
    return plans


def plan_versions_visible_to(user) -> QuerySet[PlanVersion]:
    if not _signed_in(user):
        return PlanVersion.objects.none()
    board = user.organisations_for(*BOARD_ROLES)
    regions = officer_regions(user)
    return PlanVersion.objects.filter(
        Q(plan__partnership_id__in=board)
        | Q(
            plan__partnership__region_id__in=regions,
            status__in=PlanVersion.SEEN_BY_REGIONS_GROUP,
        )
    ).select_related("plan__partnership__region", "document", "created_by")


def visible_versions_of(user, plan: InclusionPlan) -> QuerySet[PlanVersion]:
    return plan_versions_visible_to(user).filter(plan=plan).order_by("-number")


def awaiting_regions_group(user) -> QuerySet[PlanVersion]:
    """Versions waiting for a decision by this officer's Regions Group team, oldest first."""
    if not _signed_in(user):
        return PlanVersion.objects.none()
    return (
        PlanVersion.objects.filter(
            plan__partnership__region_id__in=officer_regions(user),
            status__in=[Status.SUBMITTED, Status.AGREED],
        )
        .select_related("plan__partnership__region")
        .order_by("submitted_at", "pk")
    )


def coproduction_events_visible_to(user) -> QuerySet[CoproductionEvent]:
    return CoproductionEvent.objects.filter(
        partnership__in=partnerships_visible_to(user)
    ).select_related("plan", "partnership")


def board_people(partnership: Organisation) -> QuerySet[User]:
    """People who hold a board role in the partnership (candidates to approve its plan)."""
    return (
        User.objects.filter(
            role_assignments__organisation=partnership,
            role_assignments__role__in=BOARD_ROLES,
            role_assignments__is_active=True,
            role_assignments__organisation__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def chairs_of(partnership: Organisation) -> QuerySet[User]:
    return User.objects.filter(
        role_assignments__organisation=partnership,
        role_assignments__role=Role.BOARD_CHAIR,
        role_assignments__is_active=True,
        role_assignments__organisation__is_active=True,
        is_active=True,
    ).distinct()


def officers_for(partnership: Organisation) -> QuerySet[User]:
    """DfE Regions Group officers for the partnership's region."""
    return User.objects.filter(
        role_assignments__role=Role.REGIONS_GROUP_OFFICER,
        role_assignments__is_active=True,
        role_assignments__organisation__is_active=True,
        role_assignments__organisation__kind=Organisation.Kind.REGIONS_GROUP,
        role_assignments__organisation__region_id=partnership.region_id,
        is_active=True,
    ).distinct()


def version_detail_queryset(qs: QuerySet[PlanVersion]) -> QuerySet[PlanVersion]:
    """Everything a version page shows, fetched up front."""
    return qs.prefetch_related(
        "sections",
        Prefetch(
            "commitments",
            queryset=Commitment.objects.select_related(
                "standard_version__standard", "standard_version__catalogue_version"
            ),
        ),
        Prefetch("comments", queryset=PlanComment.objects.select_related("author")),
        Prefetch("events", queryset=PlanEvent.objects.select_related("actor")),
        Prefetch("board_decisions", queryset=BoardDecision.objects.select_related("approver")),
        Prefetch(
            "regions_decisions",
            queryset=RegionsGroupDecision.objects.select_related(
                "officer", "regions_group", "standards_version", "document"
            ).prefetch_related(
                Prefetch(
                    "checks",
                    queryset=SignOffCheck.objects.select_related("standard_version__standard"),
                )
            ),
        ),
    )


# --- Public -------------------------------------------------------------------------------------


def published_versions() -> QuerySet[PlanVersion]:
    """Published plan versions (public), with their partnership."""
    return (
        PlanVersion.objects.filter(status=Status.PUBLISHED)
        .select_related("plan__partnership__region", "plan__partnership__local_authority")
        .order_by("plan__partnership__name", "-plan__period_start")
    )


def published_version_of(plan_id: int) -> PlanVersion | None:
    return version_detail_queryset(published_versions()).filter(plan_id=plan_id).first()


def public_coproduction_events(plan: InclusionPlan) -> QuerySet[CoproductionEvent]:
    return CoproductionEvent.objects.filter(partnership_id=plan.partnership_id).filter(
        Q(plan=plan) | Q(plan__isnull=True)
    )


# --- Sign-off and tailored lists -----------------------------------------------------------------


def sign_off_of(version: PlanVersion) -> RegionsGroupDecision | None:
    """The Regions Group's sign-off of this version, if it has one."""
    decisions = getattr(version, "_prefetched_objects_cache", {}).get("regions_decisions")
    if decisions is not None:
        return next((d for d in decisions if d.kind == RegionsGroupDecision.Kind.SIGN_OFF), None)
    return (
        version.regions_decisions.filter(kind=RegionsGroupDecision.Kind.SIGN_OFF)
        .select_related("officer", "regions_group", "standards_version", "document")
        .first()
    )


def partnerships_covering(local_authority: Organisation) -> QuerySet[Organisation]:
    """Partnerships whose area includes this council (its own, or as a member council)."""
    return (
        Organisation.objects.filter(kind=Organisation.Kind.PARTNERSHIP, is_active=True)
        .filter(
            Q(local_authority=local_authority)
            | Q(
                memberships__member=local_authority,
                memberships__sector="la",
            )
        )
        .distinct()
    )


def signed_off_plan_for(local_authority: Organisation) -> PlanVersion | None:
    """The published local inclusion plan version covering this council that the DfE Regions
    Group has quality assured and signed off as being in accordance with the National Standards,
    or None. The sign-off is ``sign_off_of(version)``."""
    return (
        PlanVersion.objects.filter(
            status=Status.PUBLISHED,
            plan__partnership__in=partnerships_covering(local_authority),
            regions_decisions__kind=RegionsGroupDecision.Kind.SIGN_OFF,
        )
        .select_related("plan__partnership")
        .order_by("-published_at")
        .first()
    )


def tailored_lists_allowed(local_authority: Organisation) -> tuple[bool, str]:
    """Whether tailored lists of settings may be switched on for this council, and why.

    Two conditions (SEND and AP Improvement Plan, chapter 2 paragraphs 66 and 69): the area is a
    Change Programme pilot for tailored lists (``PartnershipProfile.is_tailored_list_pilot``),
    and its local inclusion plan is published and signed off by the DfE Regions Group.
    """
    partnerships = list(partnerships_covering(local_authority))
    if not partnerships:
        return False, f"No local SEND and AP partnership covers {local_authority.name}."
    pilots = set(
        PartnershipProfile.objects.filter(
            partnership__in=partnerships, is_tailored_list_pilot=True
        ).values_list("partnership_id", flat=True)
    )
    if not pilots:
        return False, (
            f"{local_authority.name} is not a tailored lists pilot area. Tailored lists are "
            "being tested in Change Programme pilot areas only."
        )
    version = signed_off_plan_for(local_authority)
    if version is None or version.plan.partnership_id not in pilots:
        return False, (
            f"{local_authority.name} has no published local inclusion plan signed off by the DfE "
            "Regions Group as being in accordance with the National Standards."
        )
    sign_off = sign_off_of(version)
    return True, (
        f"{version.plan.title} (version {version.number}) was signed off by "
        f"{sign_off.officer.display_name}, {sign_off.regions_group.name}, on "
        f"{sign_off.decided_at:%-d %B %Y} against National Standards version "
        f"{sign_off.standards_version.number}."
    )
