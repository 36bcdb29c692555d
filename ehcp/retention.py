"""The retention rules of a child's record, and how to find the records they apply to:
registered with the core's retention sweep (:mod:`send_portal.retention`, from
``EhcpConfig.ready``), which owns the rules' mechanics and the housekeeping rules and imports no
app. A child's whole record is erased by :func:`send_portal.erasure.erase_child` (its treatment
of this app's models is in :mod:`ehcp.erasure`).
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import CharField, Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Cast

from send_portal.erasure import erasure_events
from send_portal.retention import (
    NO_PLAN_MINIMUM_AGE,
    NO_PLAN_RECORD,
    PLAN_RECORD,
    RULES,
    ChildDue,
    ChildRecords,
    RetentionRule,
    register_child_records,
    register_rule,
)

from .models import OPEN_STAGES, Case, CaseEvent, Child, Decision

CHILD_RULES: list[RetentionRule] = [
    RetentionRule(
        key=PLAN_RECORD,
        records="The record of a child or young person who has had an EHC plan: requests, "
        "assessments, advice, plans, reviews, decisions, mediation, appeals, complaints, "
        "messages and documents",
        default=31,
        unit="years",
        counted="The young person's date of birth + {n} years",
        basis="Council policy, following the IRMS Information Management Toolkit (SEN "
        "files, reviews and EHC plans: date of birth + 31 years, that is a plan's "
        "longest life to age 25 plus the six-year limitation period of the Limitation "
        "Act 1980 s2)",
        action="erase",
    ),
    RetentionRule(
        key=NO_PLAN_RECORD,
        records="The record of a child whose requests ended without a plan (withdrawn, not "
        "assessed, or assessed and no plan issued)",
        default=6,
        unit="years",
        counted="{n} years after the last decision, appeal deadline, step or closure, and "
        "not before the young person's 24th birthday",
        basis="Council policy, following the six-year limitation period for claims "
        "(Limitation Act 1980 s2), which for a child runs from their 18th birthday (s28)",
        action="erase",
    ),
]


def _latest(model, field: str):
    """The latest ``field`` of ``model`` rows (with a ``case``) over the child's cases."""
    return Subquery(
        model.objects.filter(case__child=OuterRef("pk"))
        .order_by()
        .values("case__child")
        .annotate(latest=Max(field))
        .values("latest")[:1]
    )


def children(council: str | None = None, council_ids=None, today: date | None = None):
    """Children not yet erased and with no open request, annotated for :func:`due_date` (one
    query; with ``today``, only those whose date of birth allows them to be past retention)."""
    erased = erasure_events().filter(object_id=Cast(OuterRef("pk"), CharField()))
    open_case = Case.objects.filter(child=OuterRef("pk"), stage__in=OPEN_STAGES)
    children = (
        Child.objects.exclude(Exists(erased))
        .exclude(Exists(open_case))
        .annotate(
            plans=Max("cases__final_issued_on"),
            last_closed=Max("cases__closed_on"),
            last_event=_latest(CaseEvent, "occurred_on"),
            last_appeal_deadline=_latest(Decision, "appeal_deadline"),
        )
        .order_by("pk")
    )
    if council:
        children = children.filter(local_authority__la_code=council)
    if council_ids is not None:
        children = children.filter(local_authority_id__in=list(council_ids))
    if today is not None:
        plan_born_by = today - RULES[PLAN_RECORD].delta
        no_plan_born_by = today - relativedelta(years=NO_PLAN_MINIMUM_AGE)
        children = children.filter(
            Q(plans__isnull=False, date_of_birth__lte=plan_born_by)
            | Q(plans__isnull=True, date_of_birth__lte=no_plan_born_by)
        )
    return children


def due_date(child) -> ChildDue:
    """The retention date of ``child`` (annotated by :func:`children`)."""
    if child.plans is not None:
        chosen = RULES[PLAN_RECORD]
        due_on = child.date_of_birth + chosen.delta
    else:
        chosen = RULES[NO_PLAN_RECORD]
        dates = [
            d
            for d in (child.last_closed, child.last_event, child.last_appeal_deadline)
            if d is not None
        ] or [child.created_at.date()]
        due_on = max(
            max(dates) + chosen.delta,
            child.date_of_birth + relativedelta(years=NO_PLAN_MINIMUM_AGE),
        )
    return ChildDue(child.pk, child.local_authority_id, chosen, due_on)


def of_council(la_code: str):
    """The ids of the children of one council (LA code)."""
    return Child.objects.filter(local_authority__la_code=la_code).values("pk")


for _rule in CHILD_RULES:
    register_rule(_rule)
register_child_records(ChildRecords(children=children, due_date=due_date, of_council=of_council))
