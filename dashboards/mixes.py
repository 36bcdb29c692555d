"""The distributions on the dashboards (``Mix``): parts of a whole, shown as counts and
percentages, each with its definition, period, sources and caveats, beside the single figures
of ``dashboards.metrics`` (which names them too)."""

from __future__ import annotations

from dataclasses import dataclass

from ehcp.models import Ethnicity, NeedType
from ehcp.redress.models import TribunalAppeal
from ehcp.redress.models.complaints import Stage as ComplaintStageChoice

from .aggregates import AGE_BANDS, FINAL_PLAN_WEEKS, PLACEMENTS, YEAR_BAND_WEEKS
from .sources import PORTAL, PUBLISHED


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    portal_key: str
    published: tuple[tuple[str, str], ...] = ()
    published_breakdown: tuple[str, tuple[str, ...]] | None = None


@dataclass(frozen=True)
class Mix:
    """A distribution: parts of a whole, shown as counts and percentages."""

    key: str
    title: str
    definition: str
    period: str
    parts: tuple[Part, ...]
    sources: tuple[str, ...] = (PORTAL,)
    caveats: str = ""
    published_total: tuple[tuple[str, str], ...] = ()
    published_breakdown_topic: str | None = None
    area_scoped: bool = False  # computed only for the area shown (breakdowns)

    @property
    def source_label(self) -> str:
        labels = {PORTAL: "Portal records", PUBLISHED: "DfE published statistics"}
        return " and ".join(labels[s] for s in self.sources)


_PUBLISHED_NEED = {
    NeedType.ASD: "number_asd",
    NeedType.HI: "number_hi",
    NeedType.MLD: "number_mld",
    NeedType.MSI: "number_msi",
    NeedType.OTH: "number_oth",
    NeedType.PD: "number_pd",
    NeedType.PMLD: "number_pmld",
    NeedType.SEMH: "number_semh",
    NeedType.SLCN: "number_slcn",
    NeedType.SLD: "number_sld",
    NeedType.SPLD: "number_spld",
    NeedType.VI: "number_vi",
}

_PUBLISHED_PLACEMENT = {
    "mainstream": ("mainstream_total",),
    "special": ("special_la_maintained", "special_academy_free", "special_non_maintained"),
    "independent_special": ("special_independent",),
    "ap": ("ap_pru_total",),
    "post16": ("fe_total",),
    "early_years": ("nm_early_years",),
    "elsewhere": ("ed_elsewhere",),
    "not_recorded": ("placement_unknown",),
}

NEED_MIX = Mix(
    key="need_mix",
    title="Primary need of children and young people with a plan",
    definition="Plans maintained on the census day, by the child's primary type of need "
    "(SEN2 SENtype rank 1).",
    period="census",
    sources=(PORTAL, PUBLISHED),
    caveats="Down syndrome (DS) is a separate code from 2025; the published figures include it "
    "in Other difficulty until reporting year 2026.",
    parts=tuple(
        Part(
            need.value,
            need.label,
            f"need:{need.value}",
            (("sen_needs_all_plans", _PUBLISHED_NEED[need]),) if need in _PUBLISHED_NEED else (),
        )
        for need in NeedType
    )
    + (
        Part(
            "unknown",
            "Not recorded",
            "need:unknown",
            (("sen_needs_all_plans", "number_need_unknown"),),
        ),
    ),
    published_total=(("sen_needs_all_plans", "ehc_plans"),),
)

PLACEMENT_MIX = Mix(
    key="placement_mix",
    title="Where children and young people with a plan are placed",
    definition="Plans maintained on the census day, by the type of school, college or other "
    "setting named in section I. Grouped by type only: no school or college is shown.",
    period="census",
    sources=(PORTAL, PUBLISHED),
    caveats="Non-maintained special schools are grouped with state-funded special schools, as "
    "in the DfE's special school total less independent special schools.",
    parts=tuple(
        Part(
            key,
            label,
            f"placement:{key}",
            tuple(("caseload", m) for m in _PUBLISHED_PLACEMENT[key]),
        )
        for key, label in PLACEMENTS
    ),
    published_total=(("caseload", "ehcplans"),),
    published_breakdown_topic="All EHC plans",
)

TIMELINESS_BANDS = Mix(
    key="timeliness_bands",
    title="How long new plans took",
    definition="New plans issued in the year after a request, by weeks from request to final "
    "plan (exceptions included).",
    period="activity",
    sources=(PORTAL, PUBLISHED),
    parts=(
        Part(
            "within",
            f"Within {FINAL_PLAN_WEEKS} weeks",
            "issued_within",
            (("timeliness_20_week", "plans_issued_within_20_weeks"),),
        ),
        Part(
            "20_52",
            f"{FINAL_PLAN_WEEKS} to {YEAR_BAND_WEEKS} weeks",
            "issued_20_52",
            (("timeliness_20_week", "plans_issued_gt20weeks_ltYear"),),
        ),
        Part(
            "over_52",
            f"More than {YEAR_BAND_WEEKS} weeks",
            "issued_over_52",
            (("timeliness_20_week", "plans_issued_gt_1_year"),),
        ),
    ),
    published_total=(("timeliness_20_week", "plans_issued_den"),),
)

TRIBUNAL_OUTCOMES = Mix(
    key="tribunal_outcomes",
    title="Outcomes of Tribunal appeals decided",
    definition="Appeals decided or ended in the year, by outcome.",
    period="activity",
    caveats="Only appeals recorded in the portal. MoJ publishes outcomes nationally by "
    "academic year, so there is no comparison for a council.",
    parts=tuple(Part(o.value, o.label, f"outcome:{o.value}") for o in TribunalAppeal.Outcome),
)

COMPLAINTS_BY_STAGE = Mix(
    key="complaints_by_stage",
    title="Complaints by stage",
    definition="Complaint stages started in the year, by where the complaint was heard.",
    period="activity",
    caveats="Complaints about a school or college are counted for the council, never shown for "
    "the school or college.",
    parts=tuple(Part(s.value, s.label, f"complaint:{s.value}") for s in ComplaintStageChoice),
)

_AGE_PUBLISHED = {
    "under_5": ("under 3", "age 3", "age 4"),
    "5_10": tuple(f"age {a}" for a in range(5, 11)),
    "11_15": tuple(f"age {a}" for a in range(11, 16)),
    "16_19": tuple(f"age {a}" for a in range(16, 20)),
    "20_25": tuple(f"age {a}" for a in range(20, 26)),
}

AGE_MIX = Mix(
    key="age",
    title="Age of children and young people with a plan",
    definition="Plans maintained on the census day, by age on that day.",
    period="census",
    sources=(PORTAL, PUBLISHED),
    parts=tuple(
        Part(
            key,
            label,
            key,
            (("caseload", "ehcplans"),),
            ("Child or young persons age", _AGE_PUBLISHED[key]),
        )
        for key, _label, _low, _high in AGE_BANDS
        for label in (_label,)
    ),
    published_total=(("caseload", "ehcplans"),),
    published_breakdown_topic="All EHC plans",
    area_scoped=True,
)

SEX_MIX = Mix(
    key="sex",
    title="Sex of children and young people with a plan",
    definition="Plans maintained on the census day, by sex recorded on the child's record.",
    period="census",
    sources=(PORTAL, PUBLISHED),
    parts=(
        Part("M", "Male", "M", (("caseload", "ehcplans"),), ("Sex", ("Male",))),
        Part("F", "Female", "F", (("caseload", "ehcplans"),), ("Sex", ("Female",))),
        Part("U", "Not known", "U", (("caseload", "ehcplans"),), ("Sex", ("Unknown",))),
    ),
    published_total=(("caseload", "ehcplans"),),
    published_breakdown_topic="All EHC plans",
    area_scoped=True,
)


def _ethnicity_parts() -> tuple[Part, ...]:
    return tuple(Part(e.value, e.label, e.value) for e in Ethnicity)


ETHNICITY_MIX = Mix(
    key="ethnicity",
    title="Ethnicity of children and young people with a plan",
    definition="Plans maintained on the census day, by the ethnicity recorded on the child's "
    "record (CBDS codes).",
    period="census",
    caveats="Small groups are suppressed on public pages. The published release groups "
    "ethnicity differently, so it is not shown as a comparison.",
    parts=_ethnicity_parts(),
    area_scoped=True,
)

MIXES: tuple[Mix, ...] = (
    NEED_MIX,
    PLACEMENT_MIX,
    TIMELINESS_BANDS,
    TRIBUNAL_OUTCOMES,
    COMPLAINTS_BY_STAGE,
    AGE_MIX,
    SEX_MIX,
    ETHNICITY_MIX,
)
MIXES_BY_KEY = {m.key: m for m in MIXES}
