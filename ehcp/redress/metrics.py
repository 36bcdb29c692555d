"""Figures for the dashboards: mediation, appeals and complaints for a set of councils and a
period (both ends included).

Definitions (as the DfE's SEN2 and Tribunal statistics count them, statutory.md E.4-E.5):

- Mediations held: mediation cases whose first meeting was in the period.
- Followed by an appeal: of those, how many had an appeal registered against the same decision
  on or after the mediation was held (at any time up to now).
- Appeals per 100 appealable decisions: appeals registered in the period, per 100 decisions
  whose notice was sent in the period and that carry a right of appeal (``Decision.APPEALABLE``).
- Tribunal outcomes: appeals decided (or withdrawn, or not opposed) in the period, by outcome.
- Complaints by stage: complaints received in the period, by the stage they have reached.
- Time taken: calendar days from receipt to closing, for complaints closed in the period.

Percentages and rates are rounded to one decimal place; ``None`` when there is nothing to divide
by. Small numbers are not suppressed here: the dashboard suppresses them for display outside
the council (ROLES.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import median

from django.db.models import Count, Exists, OuterRef

from ehcp.models import Decision

from .models import Complaint, MediationCase, Stage, TribunalAppeal


def _rate(numerator: int, denominator: int) -> float | None:
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)


@dataclass(frozen=True)
class MediationFigures:
    held: int
    followed_by_appeal: int
    percent_followed_by_appeal: float | None


@dataclass(frozen=True)
class AppealRate:
    appealable_decisions: int
    appeals_registered: int
    per_100_appealable_decisions: float | None


@dataclass(frozen=True)
class ComplaintFigures:
    by_stage: dict[str, int]
    received: int
    closed: int
    median_days_to_close: float | None


def mediation_figures(councils, start: date, end: date) -> MediationFigures:
    held = MediationCase.objects.filter(
        case__local_authority__in=councils, held_on__gte=start, held_on__lte=end
    )
    appealed_after = TribunalAppeal.objects.filter(
        decision=OuterRef("decision"), registered_on__gte=OuterRef("held_on")
    )
    counts = held.aggregate(
        held=Count("pk"),
        followed=Count("pk", filter=Exists(appealed_after)),
    )
    return MediationFigures(
        held=counts["held"],
        followed_by_appeal=counts["followed"],
        percent_followed_by_appeal=_rate(counts["followed"], counts["held"]),
    )


def appeal_rate(councils, start: date, end: date) -> AppealRate:
    appealable = Decision.objects.filter(
        case__local_authority__in=councils,
        kind__in=Decision.APPEALABLE,
        notice_sent_on__gte=start,
        notice_sent_on__lte=end,
    ).count()
    appeals = TribunalAppeal.objects.filter(
        case__local_authority__in=councils, registered_on__gte=start, registered_on__lte=end
    ).count()
    return AppealRate(
        appealable_decisions=appealable,
        appeals_registered=appeals,
        per_100_appealable_decisions=_rate(appeals, appealable),
    )


def tribunal_outcomes(councils, start: date, end: date) -> dict[str, int]:
    """Every outcome, with 0 where there were none."""
    counts = dict(
        TribunalAppeal.objects.filter(
            case__local_authority__in=councils, decided_on__gte=start, decided_on__lte=end
        )
        .exclude(outcome="")
        .values_list("outcome")
        .annotate(n=Count("pk"))
    )
    return {value: counts.get(value, 0) for value in TribunalAppeal.Outcome.values}


def complaint_figures(councils, start: date, end: date) -> ComplaintFigures:
    received = Complaint.objects.filter(
        local_authority__in=councils, received_on__gte=start, received_on__lte=end
    )
    counts = dict(received.values_list("stage").annotate(n=Count("pk")))
    days = list(
        Complaint.objects.filter(
            local_authority__in=councils, closed_on__gte=start, closed_on__lte=end
        ).values_list("received_on", "closed_on")
    )
    taken = [(closed - received).days for received, closed in days]
    return ComplaintFigures(
        by_stage={value: counts.get(value, 0) for value in Stage.values},
        received=sum(counts.values()),
        closed=len(taken),
        median_days_to_close=float(median(taken)) if taken else None,
    )


def summary(councils, start: date, end: date) -> dict:
    """Everything above, JSON-friendly, for the dashboards app."""
    mediation = mediation_figures(councils, start, end)
    appeals = appeal_rate(councils, start, end)
    complaints = complaint_figures(councils, start, end)
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "mediations_held": mediation.held,
        "mediations_followed_by_appeal": mediation.followed_by_appeal,
        "percent_mediations_followed_by_appeal": mediation.percent_followed_by_appeal,
        "appealable_decisions": appeals.appealable_decisions,
        "appeals_registered": appeals.appeals_registered,
        "appeals_per_100_appealable_decisions": appeals.per_100_appealable_decisions,
        "tribunal_outcomes": tribunal_outcomes(councils, start, end),
        "complaints_by_stage": complaints.by_stage,
        "complaints_received": complaints.received,
        "complaints_closed": complaints.closed,
        "complaints_median_days_to_close": complaints.median_days_to_close,
    }
