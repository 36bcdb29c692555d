"""Figures from apps built alongside this one: annual reviews, phase transfers and ceased plans
(``ehcp.reviews``) and tailored-list outcomes (``tailored_lists``). Each is imported lazily and
read only if that app provides it, so the dashboards work with or without those apps.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q


def _reviews():
    try:
        from ehcp.reviews import models
    except ImportError:  # the reviews app is not installed
        return None
    return models


def ceased_case_filter(census: date):
    """An expression true for ``Plan`` rows whose plan had been ceased by the census day: through
    the cessation route, or as recorded on the case (a ceased plan brought in from a SEN2 return,
    ``Case.plan_ceased_on``)."""
    recorded = Q(case__plan_ceased_on__lte=census)
    models = _reviews()
    if models is None:
        return recorded
    return recorded | Q(
        Exists(
            models.Cessation.objects.filter(
                case=OuterRef("case"),
                stage=models.Cessation.Stage.CEASED,
                ceased_on__lte=census,
            )
        )
    )


def review_counts(start: date, end: date, la_ids=None):
    """(council id, key, count) for annual reviews due in the year (and finished by their due
    date) and phase transfers due in the year (and the plan naming the next setting issued by
    the deadline), for every council or those in ``la_ids``: two grouped queries."""
    models = _reviews()
    if models is None:
        return []
    councils = {} if la_ids is None else {"case__local_authority_id__in": list(la_ids)}
    rows = []
    reviews = (
        models.Review.objects.filter(
            kind=models.Review.Kind.ANNUAL, due_on__range=(start, end), **councils
        )
        .values("case__local_authority_id")
        .annotate(
            due=Count("pk"),
            on_time=Count(
                "pk", filter=Q(completed_on__isnull=False, completed_on__lte=F("due_on"))
            ),
        )
    )
    for row in reviews:
        la = row["case__local_authority_id"]
        rows += [(la, "reviews_due", row["due"]), (la, "reviews_on_time", row["on_time"])]
    transfers = (
        models.PhaseTransfer.objects.filter(deadline_on__range=(start, end), **councils)
        .values("case__local_authority_id")
        .annotate(
            due=Count("pk"),
            named=Count("pk", filter=Q(named_on__isnull=False, named_on__lte=F("deadline_on"))),
        )
    )
    for row in transfers:
        la = row["case__local_authority_id"]
        rows += [(la, "transfers_due", row["due"]), (la, "transfers_on_time", row["named"])]
    return rows


def tailored_list_counts(la_ids) -> dict[str, int]:
    """Tailored-list outcomes for the councils (``tailored_lists.selectors.pilot_outcomes``):
    children sent a list and those whose first preference was named; empty without the app."""
    try:
        from tailored_lists.selectors import pilot_outcomes
    except ImportError:
        return {}
    counts = pilot_outcomes(local_authorities=list(la_ids))
    return {
        "tailored_lists": counts.get("lists", 0),
        "tailored_first_met": counts.get("first_preference_met", 0),
    }
