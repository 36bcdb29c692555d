"""Permission-scoped reads for reviews, phase transfers, re-assessment, ceasing and moves.

- Council staff (caseworker, SEND manager) see those of the cases their council is responsible
  for *now*: when a plan moves to another council, the old council loses access with it.
- A SENCo sees only the reviews their school or college holds (not the rest of the case).
- A parent or young person sees those of their own child's (or their own) case.
Views use these for lists and detail lookups, so anything else is a 404 by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Case as When_,
)
from django.db.models import (
    CharField,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from ehcp import deadlines
from ehcp.models import Case, Plan, Stage
from ehcp.selectors import family_case_filter, la_ids
from send_portal.models import Organisation, Role

from .models import Cessation, PhaseTransfer, PlanTransfer, Reassessment, Review


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _case_condition(user, *, prefix: str = "case__") -> Q:
    roles = user.role_set()
    condition = Q(pk__in=[])
    if roles & {Role.CASEWORKER, Role.SEND_MANAGER}:
        condition |= Q(**{f"{prefix}local_authority_id__in": la_ids(user)})
    if roles & {Role.PARENT, Role.YOUNG_PERSON}:
        condition |= Q(
            **{f"{prefix}in": Case.objects.filter(family_case_filter(user)).values("pk")}
        )
    return condition


def reviews_visible_to(user) -> QuerySet[Review]:
    if not _signed_in(user):
        return Review.objects.none()
    condition = _case_condition(user)
    if Role.SENCO in user.role_set():
        condition |= Q(setting_id__in=user.organisations_for(Role.SENCO))
    return Review.objects.filter(condition).select_related(
        "case",
        "case__child",
        "case__local_authority",
        "case__caseworker",
        "plan",
        "setting",
        "phase_transfer",
        "decision",
        "decision__notice",
        "proposed_plan",
        "amended_plan",
    )


def reviews_for_family(user) -> QuerySet[Review]:
    """A parent's or young person's reviews: those of their own child's (or their own) plan,
    open ones first, then the finished ones, newest first."""
    if not _signed_in(user) or not (user.role_set() & {Role.PARENT, Role.YOUNG_PERSON}):
        return Review.objects.none()
    return (
        Review.objects.filter(case__in=Case.objects.filter(family_case_filter(user)).values("pk"))
        .select_related("case", "case__child", "setting", "plan", "amended_plan", "proposed_plan")
        .order_by("completed_on", "-due_on", "-id")
    )


def reviews_for_setting(user) -> QuerySet[Review]:
    """A SENCo's list: the reviews their school or college holds, open ones first."""
    if not _signed_in(user) or Role.SENCO not in user.role_set():
        return Review.objects.none()
    return (
        Review.objects.filter(setting_id__in=user.organisations_for(Role.SENCO))
        .select_related("case", "case__child", "setting")
        .order_by("completed_on", "next_due_on", "id")
    )


def review_worklist(user, *, show: str = "open", today: date) -> QuerySet[Review]:
    """A council's reviews: ``open`` (every open review), ``overdue`` (its next date passed) or
    ``due`` (next date within 4 weeks)."""
    qs = Review.objects.filter(
        case__local_authority_id__in=la_ids(user), stage__in=list(Review.OPEN_STAGES)
    )
    if show == "overdue":
        qs = qs.filter(next_due_on__lt=today)
    elif show == "due":
        qs = qs.filter(next_due_on__gte=today, next_due_on__lte=today + timedelta(weeks=4))
    return qs.select_related("case", "case__child", "case__caseworker", "setting").order_by(
        "next_due_on", "id"
    )


def issued_plan(case: Case) -> Plan | None:
    """The plan in force: the latest issued version."""
    return case.plans.filter(status__in=list(Plan.ISSUED)).order_by("-version").first()


def case_for_staff(user, reference: str) -> Case | None:
    return (
        Case.objects.filter(local_authority_id__in=la_ids(user), reference=reference)
        .select_related("child", "local_authority", "caseworker")
        .first()
    )


# ---- the council's own: what its staff act on ---------------------------------------------------
#
# The council pages and steps are for its caseworkers and SEND managers only: anyone else gets a
# 404 for them (a family sees the same rows through ``*_visible_to`` on its own pages). Each is the
# staff half of the rule above: the cases the person's council is responsible for now.


def works_for_a_council(user) -> bool:
    """The person is a caseworker or SEND manager of a council (the review worklist)."""
    return _signed_in(user) and bool(la_ids(user))


def councils_for_staff(user) -> QuerySet[Organisation]:
    """The councils the person works for, by name (the phase transfer cohort)."""
    if not _signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=la_ids(user)).order_by("name")


def cases_for_staff(user) -> QuerySet[Case]:
    """The council's cases, for the case-level steps (looked up by reference)."""
    if not _signed_in(user):
        return Case.objects.none()
    return Case.objects.filter(local_authority_id__in=la_ids(user)).select_related(
        "child", "local_authority"
    )


def _staff_rows(model, user) -> QuerySet:
    if not _signed_in(user):
        return model.objects.none()
    return model.objects.filter(case__local_authority_id__in=la_ids(user)).select_related(
        "case", "case__child", "case__local_authority"
    )


def phase_transfers_for_staff(user) -> QuerySet[PhaseTransfer]:
    return _staff_rows(PhaseTransfer, user)


def reassessments_for_staff(user) -> QuerySet[Reassessment]:
    """The staff half of :func:`reassessments_visible_to`: the council's re-assessments."""
    return _staff_rows(Reassessment, user)


def cessations_for_staff(user) -> QuerySet[Cessation]:
    """The staff half of :func:`cessations_visible_to`: the council's proposals to cease."""
    return _staff_rows(Cessation, user)


def plan_transfers_for_staff(user) -> QuerySet[PlanTransfer]:
    """Moves of plans into (or still with) the council: the old council loses them with the
    case."""
    return _staff_rows(PlanTransfer, user)


def reassessments_visible_to(user) -> QuerySet[Reassessment]:
    if not _signed_in(user):
        return Reassessment.objects.none()
    return Reassessment.objects.filter(_case_condition(user)).select_related(
        "case", "case__child", "case__local_authority", "decision"
    )


def cessations_visible_to(user) -> QuerySet[Cessation]:
    if not _signed_in(user):
        return Cessation.objects.none()
    return Cessation.objects.filter(_case_condition(user)).select_related(
        "case", "case__child", "case__local_authority", "decision"
    )


# ---- the phase transfer cohort ---------------------------------------------------------------

RISKS = {
    "done": "Done",
    "on_track": "On track",
    "at_risk": "At risk",
    "overdue": "Overdue",
}


def _safe_lead() -> timedelta:
    """How long before the phase transfer date the review meeting must be held at the latest
    (``deadlines.phase_transfer_latest_meeting``), as a length of time for SQL."""
    reference = date(2025, 6, 1)  # any date the rule is in force on: the lead is fixed
    return reference - deadlines.phase_transfer_latest_meeting(phase_deadline=reference).due


def with_risk(qs: QuerySet[PhaseTransfer], *, today: date) -> QuerySet[PhaseTransfer]:
    """Each transfer's state (its latest review's stage) and risk, worked out in SQL:

    - done: the amended plan naming the next school or college was issued;
    - overdue: not done and the transfer date (15 February, 31 March, 5 months before) passed;
    - on track: a review meeting is held or arranged early enough for the amended plan to be
      issued by the transfer date, or that date is still far enough away;
    - at risk: otherwise (no meeting early enough, and the latest safe meeting date passed).
    """
    latest = Review.objects.filter(phase_transfer=OuterRef("pk")).order_by("-id")
    lead = _safe_lead()
    qs = qs.annotate(
        review_stage=Subquery(latest.values("stage")[:1], output_field=CharField()),
        review_id=Subquery(latest.values("pk")[:1]),
        review_meeting_on=Subquery(latest.values("meeting_on")[:1]),
    )
    return qs.annotate(
        risk=When_(
            When(named_on__isnull=False, then=Value("done")),
            When(deadline_on__lt=today, then=Value("overdue")),
            When(review_meeting_on__lte=F("deadline_on") - lead, then=Value("on_track")),
            When(review_stage__in=["reported", "amending"], then=Value("on_track")),
            When(deadline_on__gte=today + lead, then=Value("on_track")),
            default=Value("at_risk"),
            output_field=CharField(),
        )
    )


@dataclass
class Cohort:
    year: int
    rows: QuerySet[PhaseTransfer]
    counts: dict[str, int]
    total: int
    filtered: int


def phase_transfer_cohort(
    user,
    *,
    year: int,
    today: date,
    risk: str = "",
    transfer: str = "",
    search: str = "",
) -> Cohort:
    """Every phase transfer of the council's children with a transfer date in ``year``, with
    its state and risk, filtered. ``rows`` is a lazy queryset to page through (label each page
    with :func:`label`); the counts by risk come from one grouped query. A fixed number of
    queries whatever the size of the cohort."""
    base = PhaseTransfer.objects.filter(
        case__local_authority_id__in=la_ids(user),
        deadline_on__year=year,
        case__stage=Stage.FINAL_ISSUED,
    )
    if transfer:
        base = base.filter(transfer=transfer)
    if search:
        base = base.filter(
            Q(case__child__last_name__icontains=search)
            | Q(case__child__first_name__icontains=search)
            | Q(case__reference__icontains=search)
        )
    annotated = with_risk(base, today=today)
    counts = dict.fromkeys(RISKS, 0)
    for row in annotated.order_by().values("risk").annotate(n=Count("id")):
        counts[row["risk"]] = row["n"]
    rows = annotated
    if risk in RISKS:
        rows = rows.filter(risk=risk)
    rows = rows.select_related(
        "case", "case__child", "case__child__current_setting", "case__caseworker", "next_setting"
    ).order_by("deadline_on", "case__child__last_name", "id")
    total = sum(counts.values())
    return Cohort(
        year=year,
        rows=rows,
        counts=counts,
        total=total,
        filtered=counts[risk] if risk in RISKS else total,
    )


def label(rows) -> list[PhaseTransfer]:
    """The rows of one page, with their risk and state in words."""
    rows = list(rows)
    for row in rows:
        row.risk_label = RISKS[row.risk]
        row.state_label = (
            Review.Stage(row.review_stage).label if row.review_stage else "No review scheduled"
        )
    return rows
