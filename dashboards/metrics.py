"""The metrics registry: what each dashboard figure means, where it comes from and its caveats.

Every figure on every dashboard is one of these. ``portal`` computes it from the portal's own
records (``aggregates.Counts``); ``published`` names the DfE published measures for the same
figure, so the dashboards can show both side by side. Percentages are built from summed
numerators and denominators, so a partnership or region is never an average of averages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ehcp.redress.models import Complaint

from .aggregates import FINAL_PLAN_WEEKS, YEAR_BAND_WEEKS, Counts
from .mixes import (
    AGE_MIX,
    COMPLAINTS_BY_STAGE,
    ETHNICITY_MIX,
    MIXES,
    MIXES_BY_KEY,
    NEED_MIX,
    PLACEMENT_MIX,
    SEX_MIX,
    TIMELINESS_BANDS,
    TRIBUNAL_OUTCOMES,
    Mix,
    Part,
)
from .sources import APPEAL_SOURCE, PORTAL, PUBLISHED, SEN2


@dataclass(frozen=True)
class Figure:
    """A value with the numbers it was made from (both needed for suppression)."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None


@dataclass(frozen=True)
class PublishedSpec:
    """Published measures summed over an area: ``numerator`` (and ``denominator`` for a rate)
    are lists of (dataset, measure); ``scale`` turns a ratio into a percentage or per-100."""

    numerator: tuple[tuple[str, str], ...]
    denominator: tuple[tuple[str, str], ...] = ()
    scale: float = 100.0
    breakdown_topic: str | None = None
    comparable: bool = True
    note: str = ""


@dataclass(frozen=True)
class Metric:
    key: str
    title: str
    definition: str
    numerator: str
    denominator: str
    unit: str  # count | percent | weeks | per100
    period: str  # census | activity
    sources: tuple[str, ...]
    caveats: str = ""
    portal: Callable[[Counts], Figure] | None = None
    published: PublishedSpec | None = None
    easy_read: str = ""

    @property
    def period_label(self) -> str:
        return (
            "On the January census day"
            if self.period == "census"
            else "Calendar year before the reporting year"
        )

    @property
    def source_label(self) -> str:
        labels = {PORTAL: "Portal records", PUBLISHED: "DfE published statistics"}
        return " and ".join(labels[s] for s in self.sources)


def count(key: str) -> Callable[[Counts], Figure]:
    return lambda c: Figure(c[key], c[key], None)


def rate(num: str, den: str | Callable[[Counts], float], scale: float = 100.0):
    def compute(c: Counts) -> Figure:
        d = den(c) if callable(den) else c[den]
        n = c[num]
        return Figure(n * scale / d if d else None, n, d)

    return compute


def average_weeks(c: Counts) -> Figure:
    n = c["issued"]
    return Figure(c["issued_time"] / n / 7 if n else None, c["issued_time"], n)


def appealable(c: Counts) -> float:
    return c["refusals"] + c["plans"]


TIMELINESS_CAVEAT = (
    "Counts plans issued in the calendar year after a request (plans the council became "
    "responsible for are excluded, as in SEN2). Exceptions are only those to the 20-week limit "
    "for the final plan (SEND Regulations 2014 reg 13(3), applying reg 10(4)) recorded on the "
    "case, as in SEN2's Week20; an exception to another time limit does not count."
)

METRICS: tuple[Metric, ...] = (
    Metric(
        key="plans",
        title="EHC plans maintained",
        definition="Children and young people with an EHC plan the council maintains.",
        numerator="Plans issued on or before the census day and not ceased by it",
        denominator="None (a count)",
        unit="count",
        period="census",
        sources=(PORTAL, PUBLISHED),
        caveats="Ceasing a plan is counted once the portal records it; until then a plan issued "
        "in the portal counts as maintained.",
        portal=count("plans"),
        published=PublishedSpec(numerator=(("caseload", "ehcplans"),), scale=1),
        easy_read="children and young people have an EHC plan",
    ),
    Metric(
        key="requests",
        title="Requests for an EHC needs assessment",
        definition="Initial requests for an EHC needs assessment received in the year.",
        numerator="Requests received in the calendar year",
        denominator="None (a count)",
        unit="count",
        period="activity",
        sources=(PORTAL, PUBLISHED),
        caveats="Excludes children the council became responsible for without a request.",
        portal=count("requests"),
        published=PublishedSpec(numerator=(("requests", "requests_received_in_year"),), scale=1),
        easy_read="requests for an assessment were made",
    ),
    Metric(
        key="requests_assessed",
        title="Requests where the council decided to assess",
        definition="Of the initial requests for an EHC needs assessment received in the "
        "calendar year, the percentage where the council had decided to carry out the "
        "assessment by the January census day, as the DfE counts it in SEN2. It is not the "
        "share of decisions that were yes: the other requests were refused, had no decision "
        "by the census day (most often requests received in December), or were withdrawn.",
        numerator="Requests received in the calendar year with a decision to assess made by the "
        "census day (DfE: requests_decided_to_assess)",
        denominator="Requests received in the calendar year, whatever became of them (DfE: "
        "requests_received_in_year)",
        unit="percent",
        period="activity",
        sources=(PORTAL, PUBLISHED),
        caveats="Requests with no decision by the census day count in the denominator only, "
        "even when a decision came later. England's rate was 65.4% in calendar year 2024 "
        "(101,045 of 154,489 requests; 25.2% refused, 7.8% no decision yet, 1.6% withdrawn).",
        portal=rate("requests_assessed", "requests"),
        published=PublishedSpec(
            numerator=(("requests", "requests_decided_to_assess"),),
            denominator=(("requests", "requests_received_in_year"),),
        ),
        easy_read="of requests led to an assessment",
    ),
    Metric(
        key="new_plans",
        title="New EHC plans issued",
        definition="Final EHC plans issued for the first time in the year.",
        numerator="Cases whose final plan was issued in the calendar year",
        denominator="None (a count)",
        unit="count",
        period="activity",
        sources=(PORTAL, PUBLISHED),
        caveats="Includes plans for children the council became responsible for.",
        portal=count("new_plans"),
        published=PublishedSpec(numerator=(("newplans", "new_ehc_plans"),), scale=1),
        easy_read="new EHC plans were issued",
    ),
    Metric(
        key="within_20_incl",
        title=f"New plans issued within {FINAL_PLAN_WEEKS} weeks, including exceptions",
        definition=f"Percentage of new plans issued within {FINAL_PLAN_WEEKS} weeks of the "
        "request (SEND Regulations 2014 reg 13(2)), counting every plan.",
        numerator=f"Plans issued in the year within {FINAL_PLAN_WEEKS} weeks of the request",
        denominator="Plans issued in the year after a request",
        unit="percent",
        period="activity",
        sources=(PORTAL, PUBLISHED),
        caveats=TIMELINESS_CAVEAT,
        portal=rate("issued_within", "issued"),
        published=PublishedSpec(
            numerator=(("timeliness_20_week", "plans_issued_within_20_weeks"),),
            denominator=(("timeliness_20_week", "plans_issued_den"),),
        ),
        easy_read=f"of new plans were ready within {FINAL_PLAN_WEEKS} weeks",
    ),
    Metric(
        key="within_20_excl",
        title=f"New plans issued within {FINAL_PLAN_WEEKS} weeks, excluding exceptions",
        definition="As above, leaving out plans where an exception to the 20-week limit "
        "(reg 13(3)) applied.",
        numerator=f"Plans without an exception issued within {FINAL_PLAN_WEEKS} weeks",
        denominator="Plans issued in the year without an exception",
        unit="percent",
        period="activity",
        sources=(PORTAL, PUBLISHED),
        caveats=TIMELINESS_CAVEAT + " This is the DfE's headline timeliness measure.",
        portal=rate("issued_ex_within", "issued_ex"),
        published=PublishedSpec(
            numerator=(("timeliness_20_week", "plans_issued_20_weeks_ex"),),
            denominator=(("timeliness_20_week", "plans_issued_den_ex"),),
        ),
    ),
    Metric(
        key="average_weeks",
        title="Average time to issue a new plan",
        definition="Mean number of weeks from the request to the final plan, for plans issued "
        "in the year.",
        numerator="Total days from request to final plan, over plans issued in the year",
        denominator="Plans issued in the year after a request (times 7 days)",
        unit="weeks",
        period="activity",
        sources=(PORTAL,),
        caveats="The DfE publishes average weeks only from reporting year 2026.",
        portal=average_weeks,
        easy_read="weeks on average to get a new plan",
    ),
    Metric(
        key="band_20_52",
        title=f"New plans issued after {FINAL_PLAN_WEEKS} weeks and within a year",
        definition=f"Percentage of new plans issued more than {FINAL_PLAN_WEEKS} weeks and "
        f"up to {YEAR_BAND_WEEKS} weeks after the request (exceptions included).",
        numerator=f"Plans issued after {FINAL_PLAN_WEEKS} and up to {YEAR_BAND_WEEKS} weeks",
        denominator="Plans issued in the year after a request",
        unit="percent",
        period="activity",
        sources=(PORTAL, PUBLISHED),
        caveats="Published from 2023 only.",
        portal=rate("issued_20_52", "issued"),
        published=PublishedSpec(
            numerator=(("timeliness_20_week", "plans_issued_gt20weeks_ltYear"),),
            denominator=(("timeliness_20_week", "plans_issued_den"),),
        ),
    ),
    Metric(
        key="band_52",
        title="New plans issued more than a year after the request",
        definition=f"Percentage of new plans issued more than {YEAR_BAND_WEEKS} weeks after "
        "the request (exceptions included).",
        numerator=f"Plans issued more than {YEAR_BAND_WEEKS} weeks after the request",
        denominator="Plans issued in the year after a request",
        unit="percent",
        period="activity",
        sources=(PORTAL, PUBLISHED),
        caveats="Published from 2023 only.",
        portal=rate("issued_over_52", "issued"),
        published=PublishedSpec(
            numerator=(("timeliness_20_week", "plans_issued_gt_1_year"),),
            denominator=(("timeliness_20_week", "plans_issued_den"),),
        ),
    ),
    Metric(
        key="reviews_on_time",
        title="Annual reviews finished on time",
        definition="Of the annual reviews due in the year, the percentage finished (the "
        "council's decision made) by the date the review was due (within 12 months of the plan "
        "or the last review; SEND Regulations 2014 regs 18 to 20).",
        numerator="Annual reviews due in the year and finished by their due date",
        denominator="Annual reviews due in the year",
        unit="percent",
        period="activity",
        sources=(PORTAL, PUBLISHED),
        caveats="The published figure beside it is a different measure: review decisions sent "
        "within 4 weeks of the review meeting (first published in 2025). Reviews are counted "
        "only once the portal's reviews module records them.",
        portal=rate("reviews_on_time", "reviews_due"),
        published=PublishedSpec(
            numerator=(("annual_reviews", "number_decsion_4weeks"),),
            denominator=(
                ("annual_reviews", "number_decsion_4weeks"),
                ("annual_reviews", "number_decision_gt_4weeks"),
            ),
            breakdown_topic="All annual reviews",
            comparable=False,
        ),
        easy_read="of annual reviews were finished on time",
    ),
    Metric(
        key="phase_transfers",
        title="Phase transfers finalised by their deadline",
        definition="Of the plans with a phase transfer deadline in the year, the percentage "
        "where the amended plan naming the next school or college was issued by the deadline "
        "(15 February; 31 March for post-16; SEND Regulations 2014 reg 18).",
        numerator="Phase transfers with the amended plan issued by the deadline",
        denominator="Phase transfers with a deadline in the year",
        unit="percent",
        period="activity",
        sources=(PORTAL,),
        caveats="The DfE publishes phase transfers from reporting year 2026, which is not in the "
        "imported release, so there is no published comparison yet.",
        portal=rate("transfers_on_time", "transfers_due"),
    ),
    Metric(
        key="mediations",
        title="Mediations held",
        definition="Mediation cases whose first meeting was held in the year.",
        numerator="Mediation cases with a meeting held in the calendar year",
        denominator="None (a count)",
        unit="count",
        period="activity",
        sources=(PORTAL,),
        caveats="The person-level SEN2 release publishes requests and assessments subject to "
        "mediation, which is not the same count; it is not shown as a comparison.",
        portal=count("mediations"),
        easy_read="mediation meetings were held",
    ),
    Metric(
        key="mediation_appeal",
        title="Mediations followed by an appeal",
        definition="Of the mediations held in the year, the percentage where an appeal to the "
        "Tribunal relied on that mediation.",
        numerator="Mediations held in the year later linked to a Tribunal appeal",
        denominator="Mediations held in the year",
        unit="percent",
        period="activity",
        sources=(PORTAL,),
        caveats="Appeals registered after the dashboard was calculated are not yet counted.",
        portal=rate("mediations_appealed", "mediations"),
    ),
    Metric(
        key="appeals",
        title="Appeals registered with the Tribunal",
        definition="Appeals to the First-tier Tribunal (SEND) registered in the year.",
        numerator="Appeals registered in the calendar year",
        denominator="None (a count)",
        unit="count",
        period="activity",
        sources=(PORTAL, PUBLISHED),
        portal=count("appeals"),
        published=PublishedSpec(numerator=(("appeal_rate", "appeals_registered"),), scale=1),
        easy_read="appeals were made to the Tribunal",
    ),
    Metric(
        key="appeal_rate",
        title="Appeals per 100 appealable decisions",
        definition="Appeals registered in the year for every 100 appealable decisions.",
        numerator="Appeals registered in the calendar year",
        denominator="Decisions not to assess and not to issue in the year, plus plans "
        "maintained at January",
        unit="per100",
        period="activity",
        sources=(PORTAL, PUBLISHED),
        caveats="The published rate's denominator also includes plans ceased because needs "
        "were met without a plan, which the portal does not yet record.",
        portal=rate("appeals", appealable),
        published=PublishedSpec(
            numerator=(("appeal_rate", "appeals_registered"),),
            denominator=(("appeal_rate", "appealable_decisions"),),
        ),
    ),
    Metric(
        key="complaints",
        title="Complaint stages started",
        definition="Complaints about SEND started at any stage in the year (each stage counts).",
        numerator="Complaint stages started in the calendar year",
        denominator="None (a count)",
        unit="count",
        period="activity",
        sources=(PORTAL,),
        caveats="Only complaints recorded in the portal; there is no published comparison.",
        portal=count("complaints"),
    ),
    Metric(
        key="tailored_lists",
        title="Tailored lists: first preference named",
        definition="For children in tailored-list pilot areas who were sent a tailored list, the "
        "percentage whose first preference was named in their plan.",
        numerator="Children sent a list whose first preference was named",
        denominator="Children sent a tailored list (latest version each)",
        unit="percent",
        period="activity",
        sources=(PORTAL,),
        caveats="All lists sent so far, not only those of the reporting year (from the tailored "
        "lists pilot's own figures). There are no published statistics on tailored lists.",
        portal=rate("tailored_first_met", "tailored_lists"),
    ),
)

METRICS_BY_KEY = {m.key: m for m in METRICS}


#: Complaint model kept importable for the definitions page.
COMPLAINT_MODEL = Complaint
# The distributions are defined in ``dashboards.mixes``, and named here too as before.
__all__ = [
    "AGE_MIX",
    "APPEAL_SOURCE",
    "COMPLAINTS_BY_STAGE",
    "ETHNICITY_MIX",
    "METRICS",
    "MIXES",
    "MIXES_BY_KEY",
    "NEED_MIX",
    "PLACEMENT_MIX",
    "PORTAL",
    "PUBLISHED",
    "SEN2",
    "SEX_MIX",
    "TIMELINESS_BANDS",
    "TRIBUNAL_OUTCOMES",
    "Figure",
    "Metric",
    "Mix",
    "Part",
    "field",
]
