"""Permission-scoped reads for mediation, appeals and complaints (shared/domain/ROLES.md).

- Council staff (caseworker, SEND manager) see those of their own council's cases.
- A mediator sees only the mediation cases assigned to them (not the rest of the child's case).
- A parent or young person sees those of their own child's (or their own) cases.
Views use these for lists and detail lookups, so anything else is a 404 by construction.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from ehcp.models import Case
from ehcp.selectors import family_case_filter, la_ids
from send_portal.models import Role

from .models import (
    Complaint,
    ComplaintStage,
    ComplianceStep,
    MediationCase,
    TribunalAppeal,
)


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _case_condition(user, *, prefix: str = "case__") -> Q:
    """Staff of the case's council, or the family of the child."""
    roles = user.role_set()
    condition = Q(pk__in=[])
    if roles & {Role.CASEWORKER, Role.SEND_MANAGER}:
        condition |= Q(**{f"{prefix}local_authority_id__in": la_ids(user)})
    if roles & {Role.PARENT, Role.YOUNG_PERSON}:
        family_cases = Case.objects.filter(family_case_filter(user)).values("pk")
        condition |= Q(**{f"{prefix}in": family_cases})
    return condition


def mediations_visible_to(user) -> QuerySet[MediationCase]:
    if not _signed_in(user):
        return MediationCase.objects.none()
    condition = _case_condition(user)
    if user.has_role(Role.MEDIATOR):
        condition |= Q(mediator=user)
    return MediationCase.objects.filter(condition)


def mediation_list(user) -> QuerySet[MediationCase]:
    """The mediator's caseload (or the council's mediation cases), ready to list."""
    return (
        mediations_visible_to(user)
        .select_related("case__child", "case__local_authority", "decision", "mediator")
        .order_by("status", "-adviser_contacted_on", "-id")
    )


def mediation_detail_queryset(user) -> QuerySet[MediationCase]:
    return mediations_visible_to(user).select_related(
        "case__child",
        "case__local_authority",
        "case__caseworker",
        "decision",
        "mediator",
        "mediation_service",
        "icb",
        "certificate",
    )


def appeals_visible_to(user) -> QuerySet[TribunalAppeal]:
    if not _signed_in(user):
        return TribunalAppeal.objects.none()
    return TribunalAppeal.objects.filter(_case_condition(user))


def appeal_list(user) -> QuerySet[TribunalAppeal]:
    """Appeals with their orders and compliance steps, in a fixed number of queries."""
    return (
        appeals_visible_to(user)
        .select_related("case__child", "case__local_authority", "decision")
        .prefetch_related(
            "orders",
            Prefetch("steps", queryset=ComplianceStep.objects.select_related("order")),
        )
    )


def steps_visible_to(user) -> QuerySet[ComplianceStep]:
    if not _signed_in(user):
        return ComplianceStep.objects.none()
    return ComplianceStep.objects.filter(_case_condition(user))


def outstanding_steps(user) -> QuerySet[ComplianceStep]:
    """Compliance steps still to do, soonest first (orders, unopposed appeals, agreements)."""
    return (
        steps_visible_to(user)
        .filter(completed_on=None, not_required=False)
        .select_related("case__child", "order", "appeal", "agreement_action__mediation")
        .order_by("due_on", "id")
    )


def complaints_visible_to(user) -> QuerySet[Complaint]:
    """Complaints are the council's records: its SEND staff see them."""
    if not _signed_in(user) or not user.has_role(Role.CASEWORKER, Role.SEND_MANAGER):
        return Complaint.objects.none()
    return Complaint.objects.filter(local_authority_id__in=la_ids(user))


def complaint_list(user) -> QuerySet[Complaint]:
    return (
        complaints_visible_to(user)
        .select_related("case__child", "local_authority", "responsible_organisation")
        .prefetch_related(
            Prefetch("stages", queryset=ComplaintStage.objects.order_by("started_on", "id"))
        )
    )
