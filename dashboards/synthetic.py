"""England-scale synthetic data, calibrated per council to the DfE's published statistics.

For each council it creates the plans maintained at January 2025 and three calendar years
(2022 to 2024) of requests, decisions, plans, mediation, appeals and complaints, so that the
portal's own figures reproduce that council's published ones:

- plans maintained at the January 2025 census = published ``caseload.ehcplans``;
- requests received in each year = published ``requests_received_in_year``;
- plans issued after a request in each year, within 20 weeks including and excluding
  exceptions, and over a year = published ``timeliness_20_week`` counts;
- new plans for children the council became responsible for = ``new_ehc_plans`` less the
  timeliness denominator;
- refusals to assess = published ``requests_decided_not_to_assess``;
- requests where the council decided to assess (by the census day) = published
  ``requests_decided_to_assess``: the requests behind the plans issued, then assessments that
  had not led to a plan by the census; the rest of the year's requests had no decision by the
  census (received in December) or were withdrawn. Before issue 22 every other request of
  the latest year was generated as "assessing", which gave Essex 80.0% against its published
  61.2%;
- primary need and placement of the plans maintained = that council's published mix (national
  mix where the council's is suppressed);
- Tribunal appeals registered = the published appeal-rate table, mediation = the published
  mediation-related requests, complaints a small share of plans (no published source).

- annual reviews: one for every plan on each anniversary of its issue in 2022 to 2024, exactly
  the proportion the council published for 2024 finished by their due date (``annual_reviews``
  ``pc_decsion_4weeks``: the nearest published timeliness measure; national where suppressed).

Phase transfers are not generated (no published per-council figure to calibrate them to).

What the SEN2 return needs of each record is filled in too, so the councils' returns pass the
validation rules (``ehcp.returns.validation``): a postcode in one of the council's own postcode
districts, a UPN (or, under 2, the reason there is none: UN1), the disability status Ofsted's
Annex A asks for, the placement the child attends (``Placement``, from the plan's section I) and
a primary need for every plan: the published "need not recorded" share is spread over the
recorded needs, because the return has no code for it. These values come from each row's id, not
from the generator's random stream, so the calibrated figures are unchanged.

It writes rows directly (PostgreSQL ``COPY`` through psycopg, batched ``executemany``
elsewhere) with ids allocated up front: loading 3 million rows through the workflow services
would take hours. Synthetic rows are marked (case references ``SYN-``, setting URNs ``SYN``) and
``--replace`` removes them. Nothing else in the database is touched, but for the dashboards'
marks: each council loaded or cleared is marked stale once (``summaries.mark``).
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from ehcp import deadlines
from ehcp.models import Case, Child, Decision, Ethnicity, Placement, Plan, Stage
from ehcp.redress.models import (
    Complaint,
    ComplaintStage,
    MediationCase,
    TribunalAppeal,
)
from ehcp.returns.validation import upn_check_letter
from ehcp.reviews.models import Outcome, Review
from send_portal.models import Organisation

from . import summaries
from .models import PublishedFigure
from .periods import census_day

PREFIX = "SYN-"
YEARS = (2022, 2023, 2024)
#: The earliest issue date of a plan maintained from before ``YEARS`` (its request at most 200
#: days earlier, after 1 September 2014).
FIRST_HISTORIC_PLAN = date(2015, 4, 1)
#: Of the requests neither refused nor decided to assess by the census day, the share with no
#: decision yet (the rest withdrawn): England's in the 2024 release, 12,038 of 14,555
#: (``requests_decision_not_made``, ``requests_withdrawn``).
UNDECIDED_SHARE = 12038 / 14555
CENSUS_YEAR = 2025
SETTING_TYPES = {
    "mainstream": "Academy converter",
    "special": "Community special school",
    "independent_special": "Other independent special school",
    "ap": "Pupil referral unit",
    "post16": "Further education college",
    "early_years": "Non-maintained early years setting",
}
DESCRIBED = {"elsewhere": "Elective home education", "not_recorded": ""}
#: SEN2 SENSetting for the placements with no school or college (items 4.7c and 5.7c).
SEN_SETTING = {"elsewhere": "EHE", "not_recorded": "OTH"}
#: Letters of a postcode's inward code (no C, I, K, M, O or V).
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
NEED_COLUMNS = {
    "ASD": "number_asd",
    "HI": "number_hi",
    "MLD": "number_mld",
    "MSI": "number_msi",
    "OTH": "number_oth",
    "PD": "number_pd",
    "PMLD": "number_pmld",
    "SEMH": "number_semh",
    "SLCN": "number_slcn",
    "SLD": "number_sld",
    "SPLD": "number_spld",
    "VI": "number_vi",
    "": "number_need_unknown",
}
PLACEMENT_COLUMNS = {
    "mainstream": ("mainstream_total",),
    "special": ("special_la_maintained", "special_academy_free", "special_non_maintained"),
    "independent_special": ("special_independent",),
    "ap": ("ap_pru_total",),
    "post16": ("fe_total",),
    "early_years": ("nm_early_years",),
    "elsewhere": ("ed_elsewhere",),
    "not_recorded": ("placement_unknown",),
}
#: National ethnicity of plans at January 2025 (caseload.csv), as CBDS codes.
ETHNICITY_WEIGHTS = {
    Ethnicity.WBRI: 414338,
    Ethnicity.WOTH: 27449,
    Ethnicity.WIRI: 1577,
    Ethnicity.WIRT: 946,
    Ethnicity.WROM: 2349,
    Ethnicity.MWBC: 12420,
    Ethnicity.MWBA: 5563,
    Ethnicity.MWAS: 7352,
    Ethnicity.MOTH: 15397,
    Ethnicity.AIND: 10812,
    Ethnicity.APKN: 21416,
    Ethnicity.ABAN: 8868,
    Ethnicity.AOTH: 10216,
    Ethnicity.CHNE: 1783,
    Ethnicity.BCRB: 7835,
    Ethnicity.BAFR: 23881,
    Ethnicity.BOTH: 6709,
    Ethnicity.OOTH: 10683,
    Ethnicity.NOBT: 49151,
}
FIRST_NAMES = (
    "Alex",
    "Sam",
    "Jordan",
    "Riley",
    "Casey",
    "Jamie",
    "Morgan",
    "Taylor",
    "Ali",
    "Noor",
)
LAST_NAMES = ("Smith", "Jones", "Khan", "Patel", "Brown", "Taylor", "Wilson", "Evans", "Ahmed")


@dataclass
class Targets:
    """One council's published figures, scaled."""

    plans: int
    requests: dict[int, int]
    refused: dict[int, int]
    issued: dict[int, int]
    issued_ex: dict[int, int]
    within: dict[int, int]
    within_ex: dict[int, int]
    over_year: dict[int, int]
    new_plans: dict[int, int]
    mediations: dict[int, int]
    appeals: dict[int, int]
    needs: dict[str, float]
    placements: dict[str, float]
    #: Share of annual reviews finished by their due date (published 2024, 0 to 1).
    reviews_on_time: float = 0.444
    #: Requests received in the year with a decision to assess by the census day.
    assessed: dict[int, int] = field(default_factory=dict)


@dataclass
class Result:
    councils: int = 0
    rows: Counter = field(default_factory=Counter)
    seconds: float = 0.0


class PublishedIndex:
    def __init__(self):
        self.values: dict[tuple, float | None] = {}
        rows = PublishedFigure.objects.filter(reporting_year__in=[2023, 2024, 2025]).exclude(
            breakdown_topic__in=["Sex", "Child or young persons age"]
        )
        for code, dataset, measure, year, value in rows.values_list(
            "area_code", "dataset", "measure", "reporting_year", "value"
        ):
            self.values[(code, dataset, measure, year)] = value

    def get(self, code, dataset, measure, year):
        return self.values.get((code, dataset, measure, year))


def _scaled(value, factor: float) -> int:
    return max(0, round((value or 0) * factor))


def targets_for(council: Organisation, index: PublishedIndex, factor: float) -> Targets:
    code = council.ons_code
    national = "E92000001"

    def get(dataset, measure, year, fallback_ratio=None):
        value = index.get(code, dataset, measure, year)
        if value is None and fallback_ratio is not None:
            value = fallback_ratio
        return value

    plans = get("caseload", "ehcplans", CENSUS_YEAR) or 0
    requests, refused, issued, issued_ex, within, within_ex, over, new, med, appeals = (
        {} for _ in range(10)
    )
    assessed: dict[int, int] = {}
    for year in YEARS:
        ry = year + 1
        req = get("requests", "requests_received_in_year", ry) or 0
        requests[year] = _scaled(req, factor)
        not_assess = get("requests", "requests_decided_not_to_assess", ry)
        if not_assess is None:
            not_assess = req * 0.24
        refused[year] = _scaled(not_assess, factor)
        to_assess = get("requests", "requests_decided_to_assess", ry)
        if to_assess is None:
            # England's share in the 2024 release (65.4%), within what is left after refusals.
            to_assess = min(req * 0.654, max(0, req - not_assess))
        assessed[year] = _scaled(to_assess, factor)
        den = get("timeliness_20_week", "plans_issued_den", ry) or 0
        den_ex = get("timeliness_20_week", "plans_issued_den_ex", ry)
        den_ex = den if den_ex is None else den_ex
        w = get("timeliness_20_week", "plans_issued_within_20_weeks", ry)
        w_ex = get("timeliness_20_week", "plans_issued_20_weeks_ex", ry)
        w_ex = round(den_ex * 0.5) if w_ex is None else w_ex
        w = w_ex if w is None else w
        o = get("timeliness_20_week", "plans_issued_gt_1_year", ry)
        o = round((den - w) * 0.13) if o is None else o
        issued[year] = _scaled(den, factor)
        issued_ex[year] = min(issued[year], _scaled(den_ex, factor))
        within_ex[year] = min(issued_ex[year], _scaled(w_ex, factor))
        within[year] = min(
            issued[year], max(within_ex[year], within_ex[year] + _scaled(w - w_ex, factor))
        )
        over[year] = min(issued[year] - within[year], _scaled(o, factor))
        # Plans for children the council became responsible for: new plans less the timeliness
        # denominator, capped at a quarter of it (a few published council rows carry a region's
        # total, e.g. Barnsley's 6,078 new plans in 2022).
        published_new = _scaled(get("newplans", "new_ehc_plans", ry) or 0, factor)
        new[year] = issued[year] + min(max(0, published_new - issued[year]), issued[year] // 4)
        mediation = get("requests", "mediation_related_request", ry)
        med[year] = _scaled(req * 0.07 if mediation is None else mediation, factor)
        appeals[year] = _scaled(get("appeal_rate", "appeals_registered", ry) or 0, factor)
    needs = {
        need: (index.get(code, "sen_needs_all_plans", column, CENSUS_YEAR) or 0)
        for need, column in NEED_COLUMNS.items()
    }
    if sum(needs.values()) <= 0 or any(
        index.get(code, "sen_needs_all_plans", c, CENSUS_YEAR) is None
        for c in NEED_COLUMNS.values()
    ):
        needs = {
            need: index.get(national, "sen_needs_all_plans", column, CENSUS_YEAR) or 0
            for need, column in NEED_COLUMNS.items()
        }
    placements = {}
    for key, columns in PLACEMENT_COLUMNS.items():
        values = [index.get(code, "caseload", c, CENSUS_YEAR) for c in columns]
        placements[key] = sum(v or 0 for v in values)
    # Suppressed or missing categories: the plans they hold count as "placement not recorded".
    placements["not_recorded"] += max(0, plans - sum(placements.values()))
    if sum(placements.values()) <= 0:
        placements = {
            key: sum(index.get(national, "caseload", c, CENSUS_YEAR) or 0 for c in columns)
            for key, columns in PLACEMENT_COLUMNS.items()
        }
    return Targets(
        plans=_scaled(plans, factor),
        requests=requests,
        refused=refused,
        issued=issued,
        issued_ex=issued_ex,
        within=within,
        within_ex=within_ex,
        over_year=over,
        new_plans=new,
        mediations=med,
        appeals=appeals,
        needs=needs,
        placements=placements,
        reviews_on_time=_review_timeliness(index, code),
        assessed=assessed,
    )


def _review_timeliness(index, code: str) -> float:
    """The council's published share of 2024's annual reviews decided within 4 weeks, as a
    fraction (England's where the council's is suppressed)."""
    for area in (code, "E92000001"):
        value = index.get(area, "annual_reviews", "pc_decsion_4weeks", CENSUS_YEAR)
        if value is not None:
            return value / 100
    return 0.444


def apportion(weights: dict, total: int, rng: random.Random) -> list:
    """``total`` labels in proportion to ``weights`` (largest remainder), shuffled."""
    weight_sum = sum(weights.values())
    if total <= 0 or weight_sum <= 0:
        return []
    exact = {k: total * w / weight_sum for k, w in weights.items()}
    counts = {k: int(v) for k, v in exact.items()}
    short = total - sum(counts.values())
    for k in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[:short]:
        counts[k] += 1
    labels = [k for k, n in counts.items() for _ in range(n)]
    rng.shuffle(labels)
    return labels


# ---- writing rows ---------------------------------------------------------------------------


class Writer:
    """Collects rows per model with ids allocated up front, then writes them in bulk."""

    def __init__(self):
        self.rows: dict[type, list[dict]] = defaultdict(list)
        self.next_id: dict[type, int] = {}
        self.now = timezone.now()

    def new_id(self, model) -> int:
        if model not in self.next_id:
            self.next_id[model] = (
                model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            ) + 1
        value = self.next_id[model]
        self.next_id[model] += 1
        return value

    def add(self, model, **values) -> int:
        values.setdefault("id", self.new_id(model))
        self.rows[model].append(values)
        return values["id"]

    def _row(self, fields, values: dict) -> tuple:
        row = []
        for f in fields:
            if f.attname in values:
                value = values[f.attname]
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = self.now
            else:
                value = f.get_default()
            if isinstance(value, Enum):
                value = value.value
            if isinstance(value, (list, dict)):
                value = json.dumps(value)
            row.append(value)
        return tuple(row)

    def flush(self, result: Result) -> None:
        order = [
            Organisation,
            Child,
            Case,
            Plan,
            Placement,
            Review,
            Decision,
            MediationCase,
            TribunalAppeal,
            Complaint,
            ComplaintStage,
        ]
        for model in order:
            rows = self.rows.pop(model, [])
            if not rows:
                continue
            fields = model._meta.concrete_fields
            table = connection.ops.quote_name(model._meta.db_table)
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            data = [self._row(fields, values) for values in rows]
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        for row in data:
                            copy.write_row(row)
                else:
                    marks = ", ".join(["%s"] * len(fields))
                    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
                    for start in range(0, len(data), 5000):
                        cursor.executemany(sql, data[start : start + 5000])
            result.rows[model._meta.label] += len(data)

    def reset_sequences(self) -> None:
        models = [
            Organisation,
            Child,
            Case,
            Plan,
            Placement,
            Review,
            Decision,
            MediationCase,
            TribunalAppeal,
            Complaint,
            ComplaintStage,
        ]
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def remove_existing() -> None:
    """Delete earlier synthetic rows (and only those), marking the dashboards of the councils
    that had them stale (once each: the rows go past the model signals)."""
    summaries.mark(
        councils=set(
            Case.objects.filter(reference__startswith=PREFIX)
            .values_list("local_authority_id", flat=True)
            .distinct()
        )
        | set(
            Complaint.objects.filter(complainant_name="Synthetic complainant")
            .values_list("local_authority_id", flat=True)
            .distinct()
        )
    )
    statements = [
        "DELETE FROM redress_tribunalappeal WHERE case_id IN "
        "(SELECT id FROM ehcp_case WHERE reference LIKE 'SYN-%')",
        "DELETE FROM redress_mediationcase WHERE case_id IN "
        "(SELECT id FROM ehcp_case WHERE reference LIKE 'SYN-%')",
        "DELETE FROM ehcp_decision WHERE case_id IN "
        "(SELECT id FROM ehcp_case WHERE reference LIKE 'SYN-%')",
        "DELETE FROM reviews_review WHERE case_id IN "
        "(SELECT id FROM ehcp_case WHERE reference LIKE 'SYN-%')",
        "DELETE FROM ehcp_placement WHERE case_id IN "
        "(SELECT id FROM ehcp_case WHERE reference LIKE 'SYN-%')",
        "DELETE FROM ehcp_plan WHERE case_id IN "
        "(SELECT id FROM ehcp_case WHERE reference LIKE 'SYN-%')",
        "DELETE FROM redress_complaintstage WHERE complaint_id IN (SELECT id FROM "
        "redress_complaint WHERE complainant_name = 'Synthetic complainant')",
        "DELETE FROM redress_complaint WHERE complainant_name = 'Synthetic complainant'",
        "CREATE TEMPORARY TABLE syn_children AS "
        "SELECT DISTINCT child_id FROM ehcp_case WHERE reference LIKE 'SYN-%'",
        "DELETE FROM ehcp_case WHERE reference LIKE 'SYN-%'",
        "DELETE FROM ehcp_child WHERE id IN (SELECT child_id FROM syn_children)",
        "DROP TABLE syn_children",
        "DELETE FROM send_portal_organisation WHERE kind = 'setting' AND urn LIKE 'SYN%'",
    ]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# ---- generating one council ------------------------------------------------------------------


def _day_in(year: int, rng: random.Random) -> date:
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


#: Age on the census day of plans at January 2025 (caseload.csv; 0 to 2 estimated from "under 3").
AGE_WEIGHTS = dict(
    zip(
        range(26),
        (200, 250, 300, 4302, 22517, 30847, 31867, 34082, 36412, 38381, 41405, 46775, 47172)
        + (47359, 47125, 44886, 42005, 36484, 28598, 20815, 14495, 9805, 6258, 4030, 2221, 371),
        strict=True,
    )
)


def generate_council(council, targets: Targets, writer: Writer, rng: random.Random, settings: dict):
    census = census_day(CENSUS_YEAR)
    la_id = council.pk
    serial = iter(range(1, 10_000_000))

    district = postcode_district(council)

    def child(need: str, *, born_before: date) -> int:
        age = rng.choices(list(AGE_WEIGHTS), weights=list(AGE_WEIGHTS.values()))[0]
        born = census - timedelta(days=365 * age + rng.randrange(365))
        born = min(born, born_before - timedelta(days=200))
        child_id = writer.new_id(Child)
        return writer.add(
            Child,
            id=child_id,
            local_authority_id=la_id,
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            date_of_birth=born,
            **return_items(council, district, child_id, born, census),
            sex="M" if rng.random() < 0.706 else "F",
            ethnicity=rng.choices(
                list(ETHNICITY_WEIGHTS), weights=list(ETHNICITY_WEIGHTS.values())
            )[0],
            primary_need=need,
            created_at=writer.now,
        )

    def case(child_id, received, stage, **extra) -> int:
        return writer.add(
            Case,
            reference=f"{PREFIX}{council.la_code}-{next(serial):06d}",
            child_id=child_id,
            local_authority_id=la_id,
            stage=stage,
            request_source=rng.choice("11112345"),
            received_on=received,
            **extra,
        )

    # Who has a plan at the census, and what it looks like: exact apportionment of the mix.
    issued_total = sum(targets.issued.values())
    transfers = {y: targets.new_plans[y] - targets.issued[y] for y in YEARS}
    historic = max(0, targets.plans - issued_total - sum(transfers.values()))
    maintained = historic + issued_total + sum(transfers.values())
    # Every plan has a primary need in the SEN2 return: "not recorded" is spread over the rest.
    needs = apportion({k: v for k, v in targets.needs.items() if k}, maintained, rng)
    places = apportion(targets.placements, maintained, rng)
    slot = iter(range(maintained))

    issued_plans: list[tuple[int, int, date]] = []

    def plan(case_id, issued_on):
        i = next(slot)
        category = places[i] if i < len(places) else "not_recorded"
        plan_id = writer.add(
            Plan,
            case_id=case_id,
            version=1,
            status=Plan.Status.FINAL,
            served_on=issued_on,
            issued_on=issued_on,
            section_i_setting_id=settings.get(category),
            section_i_type=DESCRIBED.get(category, SETTING_TYPES.get(category, "")),
            section_i_sen_setting=SEN_SETTING.get(category, ""),
        )
        # SEN2 PlacementDetail: the child attends the setting section I names, from the plan.
        # (Where the published placement is "not recorded", section I names none and the child
        # attends the council's mainstream school.)
        attends = settings.get("mainstream" if category == "not_recorded" else category)
        writer.add(
            Placement,
            case_id=case_id,
            setting_id=attends,
            sen_setting="" if attends else SEN_SETTING.get(category, ""),
            rank=1,
            entry_on=issued_on,
        )
        issued_plans.append((case_id, plan_id, issued_on))
        return needs[i] if i < len(needs) else ""

    decisions_by_year: dict[int, list[tuple[int, int, date]]] = defaultdict(list)

    # Plans issued before 2022 and still maintained: EHC plans from April 2015, so that every
    # request is received after Part 3 of the Children and Families Act 2014 came into force
    # (1 September 2014; the law engine has no rule before it, and a case page of a request of
    # 2009 failed with NoRuleInForce).
    for _ in range(historic):
        final = FIRST_HISTORIC_PLAN + timedelta(
            days=rng.randrange((date(2021, 12, 31) - FIRST_HISTORIC_PLAN).days)
        )
        received = final - timedelta(days=rng.randrange(84, 200))
        _issue(
            writer, rng, case, child, plan, received, final, False, False, None, decisions_by_year
        )

    requested: Counter = Counter()
    for year in YEARS:
        n, n_ex = targets.issued[year], targets.issued_ex[year]
        w, w_ex = targets.within[year], targets.within_ex[year]
        over = targets.over_year[year]
        exceptions = n - n_ex
        w_exc = min(exceptions, max(0, w - w_ex))
        late_ex, late_exc = n_ex - w_ex, exceptions - w_exc
        late = late_ex + late_exc
        over_ex = round(over * late_ex / late) if late else 0
        over_exc = over - over_ex
        kinds = (
            [(False, "within")] * w_ex
            + [(False, "over")] * over_ex
            + [(False, "band")] * (late_ex - over_ex)
            + [(True, "within")] * w_exc
            + [(True, "over")] * max(0, over_exc)
            + [(True, "band")] * max(0, late_exc - over_exc)
        )
        for exception, band in kinds:
            final = _day_in(year, rng)
            days = {"within": (84, 141), "band": (141, 365), "over": (365, 640)}[band]
            received = final - timedelta(days=rng.randrange(*days))
            requested[received.year] += 1
            _issue(
                writer,
                rng,
                case,
                child,
                plan,
                received,
                final,
                exception,
                False,
                year,
                decisions_by_year,
            )
        for _ in range(transfers[year]):
            final = _day_in(year, rng)
            _issue(
                writer,
                rng,
                case,
                child,
                plan,
                final - timedelta(days=28),
                final,
                False,
                True,
                year,
                decisions_by_year,
            )

    # Requests that did not (yet) lead to a plan: refusals, assessments with no plan yet (up to
    # the published decisions to assess, counting the requests behind the plans issued), then
    # requests with no decision by the census day, or withdrawn.
    for year in YEARS:
        remaining = max(0, targets.requests[year] - requested[year])
        refused = min(remaining, targets.refused[year])
        wanted = targets.assessed.get(year, targets.requests[year] - targets.refused[year])
        to_assess = min(remaining - refused, max(0, wanted - requested[year]))
        undecided = round((remaining - refused - to_assess) * UNDECIDED_SHARE)
        census = census_day(year + 1)
        for i in range(remaining):
            if refused + to_assess <= i < refused + to_assess + undecided:
                # No decision by the census day: received in the weeks before it.
                received = census - timedelta(days=rng.randrange(16, 40))
            else:
                received = _day_in(year, rng)
            kid = child(rng.choice(list(NEED_COLUMNS))[:4] or "SEMH", born_before=received)
            if i >= refused + to_assess:
                if i < refused + to_assess + undecided and year == YEARS[-1]:
                    case(kid, received, Stage.CONSIDERING)
                elif i < refused + to_assess + undecided:
                    # Decided after the census: counted as "no decision yet" in its year.
                    decided = census + timedelta(days=rng.randrange(5, 25))
                    case(
                        kid,
                        received,
                        Stage.WITHDRAWN,
                        assessment_decided_on=decided,
                        closed_on=decided + timedelta(days=30),
                    )
                else:
                    closed = received + timedelta(days=rng.randrange(10, 40))
                    case(kid, received, Stage.WITHDRAWN, closed_on=closed)
                continue
            if i < refused:
                decided = received + timedelta(days=rng.randrange(28, 50))
                case_id = case(
                    kid,
                    received,
                    Stage.NOT_ASSESSED,
                    assessment_decided_on=decided,
                    closed_on=decided,
                )
                d = writer.add(
                    Decision, case_id=case_id, kind=Decision.Kind.NOT_ASSESS, decided_on=decided
                )
                decisions_by_year[decided.year].append((d, case_id, decided))
            elif year == YEARS[-1]:
                decided = min(
                    received + timedelta(days=rng.randrange(28, 42)), census - timedelta(days=1)
                )
                case_id = case(kid, received, Stage.ASSESSING, assessment_decided_on=decided)
            else:
                decided = min(received + timedelta(days=35), census - timedelta(days=1))
                no_plan = decided + timedelta(days=rng.randrange(60, 80))
                case_id = case(
                    kid,
                    received,
                    Stage.NOT_ISSUED,
                    assessment_decided_on=decided,
                    plan_decided_on=no_plan,
                    closed_on=no_plan,
                )
                d = writer.add(
                    Decision, case_id=case_id, kind=Decision.Kind.NOT_ISSUE, decided_on=no_plan
                )
                decisions_by_year[no_plan.year].append((d, case_id, no_plan))

    # Mediation and appeals, on the year's appealable decisions.
    for year in YEARS:
        pool = list(decisions_by_year.get(year, []))
        rng.shuffle(pool)
        mediated = pool[: targets.mediations[year]]
        appealed_ids = set()
        mediation_of: dict[int, int] = {}
        for decision_id, case_id, decided in mediated:
            held = decided + timedelta(days=rng.randrange(20, 60))
            mediation_of[decision_id] = writer.add(
                MediationCase,
                case_id=case_id,
                decision_id=decision_id,
                status=MediationCase.Status.CERTIFICATE_ISSUED,
                adviser_contacted_on=decided + timedelta(days=10),
                wishes_to_mediate=True,
                held_on=held,
                concluded_on=held,
                outcome=rng.choice(list(MediationCase.Outcome)).value,
                certificate_issued_on=held + timedelta(days=2),
                certificate_kind=MediationCase.CertificateKind.AFTER_MEDIATION,
            )
        # About a fifth of mediations are followed by an appeal; the rest of the appeals come
        # from other decisions of the year.
        want = targets.appeals[year]
        after_mediation = [d for d in mediated if rng.random() < 0.22][:want]
        others = [d for d in pool if d[0] not in mediation_of][
            : max(0, want - len(after_mediation))
        ]
        for decision_id, case_id, decided in after_mediation + others:
            if decision_id in appealed_ids:
                continue
            appealed_ids.add(decision_id)
            registered = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            registered = max(registered, decided + timedelta(days=20))
            if registered.year != year:
                registered = date(year, 12, 31)
            decided_on, outcome = None, ""
            if rng.random() < 0.6:
                decided_on = registered + timedelta(days=rng.randrange(100, 220))
                outcome = rng.choices(
                    ["allowed", "partly_allowed", "dismissed", "withdrawn", "conceded"],
                    weights=[50, 10, 3, 20, 17],
                )[0]
            writer.add(
                TribunalAppeal,
                case_id=case_id,
                decision_id=decision_id,
                mediation_id=mediation_of.get(decision_id),
                registered_on=registered,
                matters=["section_i"],
                outcome=outcome,
                decided_on=decided_on,
            )

    # Complaints: no published source; about one for every 150 plans a year.
    for year in YEARS:
        for _ in range(round(targets.plans / 150)):
            received = _day_in(year, rng)
            complaint = writer.add(
                Complaint,
                local_authority_id=la_id,
                complainant_name="Synthetic complainant",
                category=rng.choice(["delay", "communication", "provision", "process"]),
                summary="Synthetic complaint",
                responsible="council",
                received_on=received,
                stage="la_stage_1",
            )
            writer.add(
                ComplaintStage, complaint_id=complaint, stage="la_stage_1", started_on=received
            )
            if rng.random() < 0.25:
                writer.add(
                    ComplaintStage,
                    complaint_id=complaint,
                    stage=rng.choice(["la_stage_2", "lgsco"]),
                    started_on=received + timedelta(days=40),
                )

    _annual_reviews(writer, issued_plans, targets.reviews_on_time, random.Random(la_id))
    return maintained


REVIEW_BASIS = deadlines.RULES["review_due"].basis


def postcode_district(council) -> str:
    """The postcode district most of the council's schools are in (their outward code)."""
    districts = Counter(
        postcode.split()[0]
        for postcode in Organisation.objects.filter(
            kind=Organisation.Kind.SETTING, local_authority=council
        )
        .exclude(postcode="")
        .values_list("postcode", flat=True)
        if " " in postcode
    )
    return districts.most_common(1)[0][0] if districts else "ZZ99"


def synthetic_upn(la_code: str, number: int) -> str:
    """A well-formed UPN (CBDS N00001: check letter, council code, nine digits) for a synthetic
    child: unique by ``number``, never a real pupil's."""
    body = f"A{la_code}{number % 10**9:09d}"
    return upn_check_letter(body) + body[1:]


def return_items(council, district: str, number: int, born: date, census: date) -> dict:
    """What the SEN2 return and Annex A need of a synthetic child, from its id alone."""
    age = census.year - born.year - ((census.month, census.day) < (born.month, born.day))
    inward = f"{number % 10}{INWARD_LETTERS[number // 10 % 20]}{INWARD_LETTERS[number // 200 % 20]}"
    items = {
        "postcode": f"{district} {inward}",
        "disability": "yes" if number % 4 == 0 else "no",
    }
    if age < 2:
        items["upn_unknown"] = "UN1"  # aged under 6 and not yet given a UPN
    else:
        items["upn"] = synthetic_upn(council.la_code, number)
    return items


def _anniversary(issued_on: date, year: int) -> date:
    try:
        return issued_on.replace(year=year)
    except ValueError:  # 29 February
        return date(year, 2, 28)


def _annual_reviews(writer, issued_plans, on_time: float, rng: random.Random) -> None:
    """A finished annual review of every plan on each anniversary of its issue in ``YEARS``
    (SEND Regulations 2014 reg 18: within 12 months of the plan or the last review). In each
    year exactly ``on_time`` of them (rounded) are finished by their due date, the rest up to
    three months late, so the council's figure equals its published one. Drawn from the
    council's own generator, so the other rows do not change."""
    for year in YEARS:
        due_in_year = []
        for case_id, plan_id, issued_on in issued_plans:
            due = _anniversary(issued_on, year)
            if due > issued_on:
                due_in_year.append((case_id, plan_id, due))
        punctual = set(rng.sample(range(len(due_in_year)), round(on_time * len(due_in_year))))
        for number, (case_id, plan_id, due) in enumerate(due_in_year):
            if number in punctual:
                completed = due - timedelta(days=rng.randrange(0, 28))
            else:
                completed = due + timedelta(days=rng.randrange(1, 92))
            held = completed - timedelta(days=rng.randrange(14, 35))
            writer.add(
                Review,
                case_id=case_id,
                plan_id=plan_id,
                kind=Review.Kind.ANNUAL,
                stage=Review.Stage.COMPLETED,
                due_on=due,
                due_key="review_due",
                due_basis=REVIEW_BASIS,
                meeting_on=held,
                meeting_held_on=held,
                report_sent_on=held + timedelta(days=7),
                outcome=Outcome.MAINTAIN,
                completed_on=completed,
            )


def _issue(
    writer, rng, case, child, plan, received, final, exception, responsible, year, decisions_by_year
):
    case_id = writer.new_id(Case)
    need = plan(case_id, final)
    kid = child(need, born_before=received)
    assessed = min(final - timedelta(days=1), received + timedelta(days=35))
    case(
        kid,
        received,
        Stage.FINAL_ISSUED,
        id=case_id,
        became_responsible=responsible,
        assessment_decided_on=None if responsible else assessed,
        plan_decided_on=None if responsible else max(assessed, final - timedelta(days=40)),
        final_issued_on=final,
        closed_on=final,
        has_exception=exception,
        twenty_week_exception=exception,
    )
    if year is not None:
        d = writer.add(Decision, case_id=case_id, kind=Decision.Kind.FINAL_PLAN, decided_on=final)
        decisions_by_year[final.year].append((d, case_id, final))


def create_settings(council, writer: Writer) -> dict:
    ids = {}
    for index, (category, setting_type) in enumerate(SETTING_TYPES.items()):
        ids[category] = writer.add(
            Organisation,
            kind=Organisation.Kind.SETTING,
            name=f"Synthetic {setting_type.lower()} ({council.name})",
            urn=f"SYN{council.la_code}{index:02d}",
            setting_type=setting_type,
            local_authority_id=council.pk,
            region_id=council.region_id,
            is_active=True,
        )
    return ids


def generate(
    councils, factor: float, *, seed: int = 2025, replace: bool = False, progress=print
) -> Result:
    result = Result()
    started = time.monotonic()
    if Case.objects.filter(reference__startswith=PREFIX).exists():
        if not replace:
            raise ValueError("Synthetic data already exists: use --replace to regenerate it.")
        progress("Removing the earlier synthetic data...")
        with transaction.atomic():
            remove_existing()
    index = PublishedIndex()
    rng = random.Random(seed)
    councils = list(councils)
    writer = Writer()
    with transaction.atomic():
        # The rows are written past the model signals: each council's dashboards marked stale
        # once, in the same transaction.
        summaries.mark(councils=[council.pk for council in councils])
        for number, council in enumerate(councils, start=1):
            targets = targets_for(council, index, factor)
            settings = create_settings(council, writer)
            maintained = generate_council(council, targets, writer, rng, settings)
            result.councils += 1
            if sum(len(r) for r in writer.rows.values()) > 200_000 or number == len(councils):
                writer.flush(result)
            progress(
                f"[{number}/{len(councils)}] {council.name}: {maintained:,} plans "
                f"({time.monotonic() - started:.0f}s, {sum(result.rows.values()):,} rows written)"
            )
        writer.flush(result)
        writer.reset_sequences()
        if connection.vendor == "postgresql":
            # The rows were written with COPY, in this transaction: until ANALYZE counts them
            # the planner believes the tables empty and the next join over them (the dashboard
            # summaries, a test's pages) can walk one table once per row of the other: seconds
            # become minutes (issue 16). ANALYZE counts the rows this transaction wrote.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    result.seconds = time.monotonic() - started
    return result
