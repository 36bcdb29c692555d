"""Import and read the DfE's published EHC plan statistics (``../shared/data/sen2/``).

Only the measures the dashboards show are imported, for the totals and the sex, age and
ethnicity breakdowns of the caseload. Reporting year: the caseload at January of year R
(``time_period`` ``{R-1}{R%100}``) and activity in calendar year R-1 are both reporting year R,
as in the DfE release.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from send_portal.models import Organisation, Region

from .models import PublishedFigure

ENGLAND_CODE = "E92000001"
RELEASE = "ehcp-2025"
RELEASE_SOURCE = "DfE, Education, health and care plans, reporting year 2025 (SEN2)"
RELEASE_PUBLISHED = "June 2025"
APPEALS_SOURCE = (
    "MoJ/HMCTS and DfE, SEND Tribunal appeal rate 2014 to 2024 (supporting file of the "
    "EHC plans release, reporting year 2025)"
)
APPEALS_FILE = "SEND Tribunals and appeal rate 2014-2024.csv"


def default_directory() -> Path:
    return Path(settings.SEND_PORTAL_SHARED_DATA) / "sen2" / "ehcp-2025"


#: dataset -> (breakdown topics to keep, measures to keep)
DATASETS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "caseload": (
        frozenset({"All EHC plans", "Sex", "Child or young persons age"}),
        (
            "ehcplans",
            "mainstream_total",
            "mainstream_total_pc",
            "special_la_maintained",
            "special_academy_free",
            "special_independent",
            "special_non_maintained",
            "special_total",
            "special_total_pc",
            "ap_pru_total",
            "AP_PRU_total_pc",
            "fe_total",
            "fe_total_pc",
            "ed_elsewhere",
            "ed_elsewhere_pc",
            "nm_early_years",
            "nm_early_years_pc",
            "placement_unknown",
            "placement_unknown_pc",
        ),
    ),
    "newplans": (frozenset({"New EHC plans"}), ("new_ehc_plans",)),
    "timeliness_20_week": (
        frozenset({"All EHC plans issued"}),
        (
            "plans_issued_den",
            "plans_issued_den_ex",
            "plans_issued_within_20_weeks",
            "plans_issued_20_weeks_ex",
            "pc_plans_issued_within_20_weeks",
            "PC_plans_issued_20_weeks_ex",
            "plans_issued_gt20weeks_ltYear",
            "pc_plans_issued_gt20weeks_ltYear",
            "plans_issued_gt_1_year",
            "pc_plans_issued_gt_1_year",
        ),
    ),
    "requests": (
        frozenset({"All requests for EHC needs assessments"}),
        (
            "requests_received_in_year",
            "requests_decided_to_assess",
            "requests_decided_not_to_assess",
            "request_assess_pc",
            "request_not_assess_pc",
            "mediation_related_request",
            "tribunal_related_request",
        ),
    ),
    "assessments": (
        frozenset({"All EHC needs assessments"}),
        ("assess_in_year", "assess_issued", "assess_not_issued"),
    ),
    "annual_reviews": (
        frozenset({"All annual reviews"}),
        (
            "review_expected",
            "number_decsion_4weeks",
            "number_decision_gt_4weeks",
            "pc_decsion_4weeks",
        ),
    ),
    "ceased_plans": (frozenset({"All ceased EHC plans"}), ("total_ceased",)),
    "sen_needs_all_plans": (
        frozenset({"All EHC plans"}),
        (
            "ehc_plans",
            "number_asd",
            "number_hi",
            "number_mld",
            "number_msi",
            "number_oth",
            "number_pd",
            "number_pmld",
            "number_semh",
            "number_slcn",
            "number_sld",
            "number_spld",
            "number_vi",
            "number_need_unknown",
        ),
    ),
}

LEVELS = {
    "National": PublishedFigure.Level.NATIONAL,
    "Regional": PublishedFigure.Level.REGIONAL,
    "Local authority": PublishedFigure.Level.LOCAL_AUTHORITY,
}


def reporting_year(time_period: str) -> int:
    """``202425`` (January 2025 snapshot) and ``2024`` (calendar 2024) are both 2025."""
    return int(time_period[:4]) + 1


def parse_number(raw: str) -> tuple[float | None, str]:
    text = (raw or "").strip().replace(",", "")
    if text in {"", "x", "z", "c", "low", "..", "~", ":"}:
        return None, {"": "x", "low": "c", "..": "x", "~": "c", ":": "x"}.get(text, text)
    if text == "-":
        return 0.0, ""
    try:
        return float(text), ""
    except ValueError:
        return None, "x"


@dataclass
class ImportResult:
    figures: int
    by_dataset: dict[str, int]


def _area(row: dict) -> tuple[str, str, str] | None:
    level = LEVELS.get(row["geographic_level"])
    if level is None:
        return None
    if level == PublishedFigure.Level.NATIONAL:
        return level, ENGLAND_CODE, "England"
    if level == PublishedFigure.Level.REGIONAL:
        return level, row["region_code"], row["region_name"]
    return level, row["new_la_code"], row["la_name"]


def _dataset_rows(directory: Path, dataset: str, area_codes=None):
    topics, measures = DATASETS[dataset]
    total_topic = TOTAL_TOPIC[dataset]
    with (directory / "data" / f"{dataset}.csv").open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if row["breakdown_topic"] not in topics:
                continue
            area = _area(row)
            if area is None:
                continue
            level, code, name = area
            if area_codes is not None and code not in area_codes:
                continue
            for measure in measures:
                if measure not in row:
                    continue
                if row["breakdown_topic"] != total_topic and measure != "ehcplans":
                    continue
                value, marker = parse_number(row[measure])
                yield PublishedFigure(
                    release=RELEASE,
                    dataset=dataset,
                    measure=measure,
                    time_period=row["time_period"],
                    reporting_year=reporting_year(row["time_period"]),
                    level=level,
                    area_code=code,
                    area_name=name,
                    breakdown_topic=row["breakdown_topic"],
                    breakdown=row["breakdown"],
                    value=value,
                    marker=marker,
                    source=RELEASE_SOURCE,
                    published=RELEASE_PUBLISHED,
                )


def _appeal_rows(directory: Path, area_codes=None):
    """The spreadsheet-shaped appeal-rate table: title rows, a year row, a measure row, region
    header rows, LA rows (3-digit DfE code) and an England total row."""
    path = directory / "supporting-files" / APPEALS_FILE
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header_index = next(i for i, r in enumerate(rows) if r and r[0].strip() == "Local Authority")
    year_row = rows[header_index]
    measure_row = rows[header_index + 1]
    columns: list[tuple[int, str, str]] = []
    year = ""
    for index, label in enumerate(measure_row):
        if index < 2:
            continue
        if index < len(year_row) and re.fullmatch(r"\d{4}", year_row[index].strip()):
            year = year_row[index].strip()
        label = re.sub(r"[\d,]+$", "", label.strip())
        if not year or label.startswith("In development"):
            continue
        key = {
            "Appeals registered": "appeals_registered",
            "Total Appealable Decisions": "appealable_decisions",
            "SEND Tribunal Appeal Rate": "appeal_rate_pc",
        }.get(label)
        if key:
            columns.append((index, year, key))
    las = {
        o.la_code: (o.ons_code, o.name)
        for o in Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY)
    }
    regions = {r.name.upper(): (r.code, r.name) for r in Region.objects.all()}
    for row in rows[header_index + 2 :]:
        if not row or not row[0].strip():
            continue
        name, code = row[0].strip(), (row[1].strip() if len(row) > 1 else "")
        if name.startswith("England Total"):
            level, area_code, area_name = PublishedFigure.Level.NATIONAL, ENGLAND_CODE, "England"
        elif code in las:
            level = PublishedFigure.Level.LOCAL_AUTHORITY
            area_code, area_name = las[code]
        elif name.upper() in regions:
            level = PublishedFigure.Level.REGIONAL
            area_code, area_name = regions[name.upper()]
        else:
            continue
        if area_codes is not None and area_code not in area_codes:
            continue
        for index, year, key in columns:
            if index >= len(row):
                continue
            value, marker = parse_number(row[index].replace("%", ""))
            yield PublishedFigure(
                release=RELEASE,
                dataset="appeal_rate",
                measure=key,
                time_period=year,
                reporting_year=int(year) + 1,
                level=level,
                area_code=area_code,
                area_name=area_name,
                breakdown_topic="Total",
                breakdown="Total",
                value=value,
                marker=marker,
                source=APPEALS_SOURCE,
                published=RELEASE_PUBLISHED,
            )


def import_release(directory: Path | None = None, area_codes=None) -> ImportResult:
    """Replace the imported release with the files in ``directory`` (idempotent). Tests and
    small demos may import only some areas (``area_codes``: ONS codes)."""
    area_codes = set(area_codes) if area_codes is not None else None
    directory = Path(directory or default_directory())
    by_dataset: dict[str, int] = {}
    with transaction.atomic():
        PublishedFigure.objects.filter(release=RELEASE).delete()
        for dataset in DATASETS:
            figures = list(_dataset_rows(directory, dataset, area_codes))
            PublishedFigure.objects.bulk_create(figures, batch_size=2000)
            by_dataset[dataset] = len(figures)
        appeals = list(_appeal_rows(directory, area_codes))
        PublishedFigure.objects.bulk_create(appeals, batch_size=2000)
        by_dataset["appeal_rate"] = len(appeals)
    return ImportResult(figures=sum(by_dataset.values()), by_dataset=by_dataset)


#: The row holding each dataset's totals.
TOTAL_TOPIC = {
    "caseload": "All EHC plans",
    "newplans": "New EHC plans",
    "timeliness_20_week": "All EHC plans issued",
    "requests": "All requests for EHC needs assessments",
    "assessments": "All EHC needs assessments",
    "annual_reviews": "All annual reviews",
    "ceased_plans": "All ceased EHC plans",
    "sen_needs_all_plans": "All EHC plans",
    "appeal_rate": "Total",
}


class PublishedLookup:
    """The published figures for some areas and years, loaded in one query."""

    def __init__(self, years, area_codes):
        self.values: dict[tuple, float | None] = {}
        self.sources: dict[str, tuple[str, str]] = {}
        rows = PublishedFigure.objects.filter(
            reporting_year__in=list(years), area_code__in=list(set(area_codes))
        ).values_list(
            "reporting_year",
            "area_code",
            "dataset",
            "measure",
            "breakdown_topic",
            "breakdown",
            "value",
            "source",
            "published",
        )
        for year, code, dataset, measure, topic, breakdown, value, source, when in rows:
            self.values[(year, code, dataset, measure, topic, breakdown)] = value
            self.sources[dataset] = (source, when)

    def get(self, year, code, dataset, measure, topic=None, breakdown=None):
        topic = topic or TOTAL_TOPIC[dataset]
        return self.values.get((year, code, dataset, measure, topic, breakdown or topic))

    def total(self, year, codes, measures, topic=None, breakdowns=None) -> float | None:
        """Sum of ``measures`` (dataset, measure) over ``codes``; None if any is missing."""
        if not codes or not measures:
            return None
        total = 0.0
        for code in codes:
            for dataset, measure in measures:
                for breakdown in breakdowns or (None,):
                    value = self.get(year, code, dataset, measure, topic, breakdown)
                    if value is None:
                        return None
                    total += value
        return total

    def source_for(self, measures) -> str:
        for dataset, _ in measures:
            if dataset in self.sources:
                source, when = self.sources[dataset]
                return f"{source}, published {when}"
        return ""


def available_years() -> list[int]:
    return sorted(
        PublishedFigure.objects.filter(dataset="caseload", measure="ehcplans")
        .values_list("reporting_year", flat=True)
        .distinct()
    )
