"""The portal's own figures, computed from the operational tables by aggregate queries.

One pass per reporting year gives the numerators and denominators of every metric for every
council at once, or for the councils asked for (a handful of ``GROUP BY local_authority``
queries, however many records there are). An area's figures (a council, a partnership, a region,
England) are the sums over its councils, so a dashboard and all its comparisons come from the
same figures. Pages read them from the per-council summaries (``dashboards.summaries``), which
are recomputed here, one council at a time, when data that feeds them changes; every page shows
when its figures were calculated.

No figure is ever grouped by school or college: placements are grouped by the *type* of setting.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum
from django.db.models.query import QuerySet
from django.utils import timezone

from ehcp import deadlines
from ehcp.models import Case, Decision, Plan, Stage
from ehcp.redress.models import ComplaintStage, MediationCase, TribunalAppeal

from . import optional_sources
from .periods import ReportingYear

#: The statutory limit for issuing a final plan, from the law table (SEND Regulations 2014
#: reg 13(2)); the 52-week band is the DfE's statistical band, not a legal limit.
FINAL_PLAN_WEEKS = deadlines.RULES["final_plan"].period.weeks
YEAR_BAND_WEEKS = 52

AGE_BANDS = (
    ("under_5", "Under 5", 0, 5),
    ("5_10", "5 to 10", 5, 11),
    ("11_15", "11 to 15", 11, 16),
    ("16_19", "16 to 19", 16, 20),
    ("20_25", "20 to 25", 20, 26),
)

PLACEMENTS = (
    ("mainstream", "Mainstream school"),
    ("special", "Special school (state-funded or non-maintained)"),
    ("independent_special", "Independent special school"),
    ("ap", "Alternative provision or pupil referral unit"),
    ("post16", "College or other post-16 setting"),
    ("early_years", "Early years setting"),
    ("elsewhere", "Educated elsewhere (home, other arrangements, not in education)"),
    ("not_recorded", "Placement not recorded"),
)


def placement_category(setting_type: str | None, described: str | None) -> str:
    """The DfE placement group of a setting type (GIAS names) or of the type written in
    section I when no setting is named. Used only on types, never on a setting's identity."""
    text = (setting_type or described or "").lower()
    if not text.strip():
        return "not_recorded"
    if "special" in text and "independent" in text:
        return "independent_special"
    if "special" in text and "post 16" not in text and "post-16" not in text:
        return "special"
    if "pupil referral" in text or "alternative provision" in text:
        return "ap"
    if any(w in text for w in ("further education", "sixth form", "post 16", "post-16", "college")):
        return "post16"
    if any(w in text for w in ("early years", "nursery", "childminder", "pre-school")):
        return "early_years"
    if any(
        w in text
        for w in ("home", "elsewhere", "otherwise than", "eotas", "neet", "not in education")
    ):
        return "elsewhere"
    return "mainstream"


@dataclass
class Counts:
    """Numerators and denominators for one council (or summed over an area)."""

    values: Counter = field(default_factory=Counter)

    def __getitem__(self, key: str) -> float:
        return self.values.get(key, 0)

    def add(self, other: Counts) -> None:
        self.values.update(other.values)


@dataclass
class YearFigures:
    year: ReportingYear
    by_la: dict[int, Counts]
    calculated_at: datetime
    #: Per council: plans at the census day by "age", "sex" and "ethnicity" (when read from
    #: the summaries; ``compute`` leaves it empty).
    breakdowns_by_la: dict[int, dict[str, Counter]] = field(default_factory=dict)

    #: Sums already made, by area (a page asks for the same areas many times).
    _areas: dict = field(default_factory=dict, repr=False, compare=False)
    #: What these figures are, when read from the summaries (``summaries.figures_for_years``):
    #: the year, whether the breakdowns are in, and each council's ``calculated_at``. Equal
    #: versions are equal figures; ``None`` (calculated here) compares the figures themselves.
    version: object = field(default=None, repr=False, compare=False)

    def area(self, la_ids) -> Counts:
        """The councils' figures summed (a new ``Counts`` each time: callers may add to it)."""
        key = frozenset(la_ids)
        total = self._areas.get(key)
        if total is None:
            total = Counter()
            for la_id in key:
                counts = self.by_la.get(la_id)
                if counts is not None:
                    total.update(counts.values)
            self._areas[key] = total
        return Counts(Counter(total))

    def breakdown(self, la_ids) -> dict[str, Counter]:
        """The area's plans at the census day by age band, sex and ethnicity."""
        result: dict[str, Counter] = {"age": Counter(), "sex": Counter(), "ethnicity": Counter()}
        for la_id in la_ids:
            for group, counter in self.breakdowns_by_la.get(la_id, {}).items():
                result[group].update(counter)
        return result


def _days(delta: timedelta | int | float | None) -> float:
    if delta is None:
        return 0.0
    if isinstance(delta, timedelta):
        return delta.total_seconds() / 86400
    return float(delta)


def _collect(by_la: dict[int, Counts], rows, la_key: str, mapping) -> None:
    for row in rows:
        counts = by_la[row[la_key]]
        for key, value in mapping(row):
            counts.values[key] += value


#: ``only(queryset, path)``: the queryset, restricted to the councils asked for (if any) by the
#: council id at ``path``.
Only = Callable[..., QuerySet]


def compute(year: ReportingYear, la_ids=None) -> YearFigures:
    """Every council's numerators and denominators for ``year``, or only those of the councils
    in ``la_ids`` (a fixed number of queries either way)."""
    by_la: dict[int, Counts] = defaultdict(Counts)
    la_ids = None if la_ids is None else list(la_ids)

    def only(queryset, path="case__local_authority_id"):
        return queryset if la_ids is None else queryset.filter(**{f"{path}__in": la_ids})

    for part in (_cases, _maintained, _refusals, _mediations, _appeals, _complaints):
        part(year, by_la, only)

    # 7. Annual reviews and phase transfers, where the reviews app records them.
    for la_id, key, value in optional_sources.review_counts(
        year.activity_start, year.activity_end, la_ids
    ):
        by_la[la_id].values[key] += value

    return YearFigures(year=year, by_la=dict(by_la), calculated_at=timezone.now())


def _cases(year: ReportingYear, by_la: dict[int, Counts], only: Only) -> None:
    """1. Requests, decisions on them, and plans issued in the calendar year."""
    start, end, census = year.activity_start, year.activity_end, year.census
    twenty = timedelta(weeks=FINAL_PLAN_WEEKS)
    one_year = timedelta(weeks=YEAR_BAND_WEEKS)
    requested = Q(received_on__range=(start, end), became_responsible=False)
    issued = Q(final_issued_on__range=(start, end), became_responsible=False)
    # Only an exception to the 20-week limit (reg 13(3)) takes a plan out of "excluding
    # exceptions", as in SEN2's Week20 (``Case.twenty_week_exception_applies``).
    no_exception = Q(twenty_week_exception=False)
    cases = (
        only(
            Case.objects.filter(
                Q(received_on__range=(start, end)) | Q(final_issued_on__range=(start, end))
            ),
            "local_authority_id",
        )
        .alias(
            taken=ExpressionWrapper(
                F("final_issued_on") - F("received_on"), output_field=DurationField()
            )
        )
        .values("local_authority_id")
        .annotate(
            requests=Count("pk", filter=requested),
            # As SEN2 counts them: the decision as it stood on the census day (a request with
            # no decision by then is "decision not yet made", whatever was decided later).
            requests_decided=Count("pk", filter=requested & Q(assessment_decided_on__lte=census)),
            requests_assessed=Count(
                "pk",
                filter=requested
                & Q(assessment_decided_on__lte=census)
                & ~Q(stage=Stage.NOT_ASSESSED),
            ),
            requests_refused=Count("pk", filter=requested & Q(stage=Stage.NOT_ASSESSED)),
            new_plans=Count("pk", filter=Q(final_issued_on__range=(start, end))),
            issued=Count("pk", filter=issued),
            issued_within=Count("pk", filter=issued & Q(taken__lte=twenty)),
            issued_ex=Count("pk", filter=issued & no_exception),
            issued_ex_within=Count("pk", filter=issued & no_exception & Q(taken__lte=twenty)),
            issued_20_52=Count("pk", filter=issued & Q(taken__gt=twenty, taken__lte=one_year)),
            issued_over_52=Count("pk", filter=issued & Q(taken__gt=one_year)),
            issued_time=Sum("taken", filter=issued),
        )
    )
    _collect(
        by_la,
        cases,
        "local_authority_id",
        lambda r: [
            (k, _days(v) if k == "issued_time" else v)
            for k, v in r.items()
            if k != "local_authority_id"
        ],
    )


def _maintained(year: ReportingYear, by_la: dict[int, Counts], only: Only) -> None:
    """2. Plans maintained at the census day, by primary need and placement type."""
    census = year.census
    superseded = Plan.objects.filter(
        case=OuterRef("case"),
        status__in=Plan.ISSUED,
        version__gt=OuterRef("version"),
        issued_on__lte=census,
    )
    maintained = only(
        Plan.objects.filter(
            status__in=Plan.ISSUED, issued_on__lte=census, case__final_issued_on__lte=census
        )
    ).exclude(Exists(superseded))
    ceased = optional_sources.ceased_case_filter(census)
    if ceased is not None:
        maintained = maintained.exclude(ceased)
    plans = maintained.values(
        "case__local_authority_id",
        "case__child__primary_need",
        "section_i_setting__setting_type",
        "section_i_type",
    ).annotate(n=Count("pk"))

    def plan_rows(row):
        category = placement_category(row["section_i_setting__setting_type"], row["section_i_type"])
        need = row["case__child__primary_need"] or "unknown"
        return [
            ("plans", row["n"]),
            (f"need:{need}", row["n"]),
            (f"placement:{category}", row["n"]),
        ]

    _collect(by_la, plans, "case__local_authority_id", plan_rows)


def _refusals(year: ReportingYear, by_la: dict[int, Counts], only: Only) -> None:
    """3. Appealable decisions (for the appeal rate) made in the year."""
    decisions = (
        only(
            Decision.objects.filter(
                decided_on__range=(year.activity_start, year.activity_end),
                kind__in=[Decision.Kind.NOT_ASSESS, Decision.Kind.NOT_ISSUE],
            )
        )
        .values("case__local_authority_id")
        .annotate(n=Count("pk"))
    )
    _collect(by_la, decisions, "case__local_authority_id", lambda r: [("refusals", r["n"])])


def _mediations(year: ReportingYear, by_la: dict[int, Counts], only: Only) -> None:
    """4. Mediation held in the year, and how many were followed by an appeal."""
    mediations = (
        only(MediationCase.objects.filter(held_on__range=(year.activity_start, year.activity_end)))
        .values("case__local_authority_id")
        .annotate(
            held=Count("pk", distinct=True),
            followed=Count("pk", distinct=True, filter=Q(appeals__isnull=False)),
        )
    )
    _collect(
        by_la,
        mediations,
        "case__local_authority_id",
        lambda r: [("mediations", r["held"]), ("mediations_appealed", r["followed"])],
    )


def _appeals(year: ReportingYear, by_la: dict[int, Counts], only: Only) -> None:
    """5. Tribunal appeals registered in the year, and outcomes of appeals decided in it."""
    registered = Q(registered_on__range=(year.activity_start, year.activity_end))
    decided = Q(decided_on__range=(year.activity_start, year.activity_end))
    appeal_counts = {"appeals": Count("pk", filter=registered)}
    for outcome in TribunalAppeal.Outcome:
        appeal_counts[f"outcome:{outcome.value}"] = Count(
            "pk", filter=decided & Q(outcome=outcome.value)
        )
    appeals = (
        only(TribunalAppeal.objects.filter(registered | decided))
        .values("case__local_authority_id")
        .annotate(**appeal_counts)
    )
    _collect(
        by_la,
        appeals,
        "case__local_authority_id",
        lambda r: [(k, v) for k, v in r.items() if k != "case__local_authority_id"],
    )


def _complaints(year: ReportingYear, by_la: dict[int, Counts], only: Only) -> None:
    """6. Complaints: stages started in the year."""
    complaints = (
        only(
            ComplaintStage.objects.filter(
                started_on__range=(year.activity_start, year.activity_end)
            ),
            "complaint__local_authority_id",
        )
        .values("complaint__local_authority_id", "stage")
        .annotate(n=Count("pk"))
    )
    _collect(
        by_la,
        complaints,
        "complaint__local_authority_id",
        lambda r: [("complaints", r["n"]), (f"complaint:{r['stage']}", r["n"])],
    )


def compute_breakdowns_by_la(year: ReportingYear, la_ids=None) -> dict[int, dict[str, Counter]]:
    """Plans maintained at the census day, by age band, sex and ethnicity, for each council (or
    each of ``la_ids``), in one query. Children's characteristics come from ``ehcp.Child``."""
    census = year.census
    superseded = Plan.objects.filter(
        case=OuterRef("case"),
        status__in=Plan.ISSUED,
        version__gt=OuterRef("version"),
        issued_on__lte=census,
    )
    maintained = Plan.objects.filter(
        status__in=Plan.ISSUED, issued_on__lte=census, case__final_issued_on__lte=census
    ).exclude(Exists(superseded))
    if la_ids is not None:
        maintained = maintained.filter(case__local_authority_id__in=list(la_ids))
    ceased = optional_sources.ceased_case_filter(census)
    if ceased is not None:
        maintained = maintained.exclude(ceased)
    annotations = {}
    for key, _label, low, high in AGE_BANDS:
        born_after = census.replace(year=census.year - high)
        born_by = census.replace(year=census.year - low)
        annotations[f"age:{key}"] = Count(
            "pk",
            filter=Q(
                case__child__date_of_birth__gt=born_after, case__child__date_of_birth__lte=born_by
            ),
        )
    for code in ("M", "F", "U"):
        annotations[f"sex:{code}"] = Count("pk", filter=Q(case__child__sex=code))
    rows = maintained.values("case__local_authority_id", "case__child__ethnicity").annotate(
        n=Count("pk"), **annotations
    )
    by_la: dict[int, dict[str, Counter]] = {}
    for row in rows:
        result = by_la.setdefault(
            row["case__local_authority_id"],
            {"age": Counter(), "sex": Counter(), "ethnicity": Counter()},
        )
        result["ethnicity"][row["case__child__ethnicity"]] += row["n"]
        for key, value in row.items():
            if ":" in key:
                group, code = key.split(":", 1)
                result[group][code] += value
    return by_la


def compute_breakdowns(year: ReportingYear, la_ids) -> dict[str, Counter]:
    """``compute_breakdowns_by_la`` summed over an area."""
    result: dict[str, Counter] = {"age": Counter(), "sex": Counter(), "ethnicity": Counter()}
    for parts in compute_breakdowns_by_la(year, la_ids).values():
        for group, counter in parts.items():
            result[group].update(counter)
    return result
