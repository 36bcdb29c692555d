"""Turn figures into the tables and charts a dashboard shows (and the CSV of each table).

Public pages suppress small numbers as the DfE does: counts of 1 to 4 are shown as "c", and
where one part of a whole is suppressed the next smallest part is suppressed too, so it cannot
be worked out from the total ("secondary suppression"). Rates built on a suppressed count are
suppressed with it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import optional_sources
from .metrics import METRICS, MIXES_BY_KEY, Figure, Metric, Mix

SUPPRESSED = "c"
NO_DATA = "No data"


def small(n: float | None) -> bool:
    return n is not None and 1 <= n <= 4


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return NO_DATA
    if unit == "count":
        return f"{round(value):,}"
    if unit == "percent":
        return f"{value:.1f}%"
    return f"{value:.1f}"


def figure_cell(metric: Metric, figure: Figure | None, *, public: bool) -> str:
    if figure is None or figure.value is None:
        return NO_DATA
    if public:
        if metric.unit == "count" and small(figure.value):
            return SUPPRESSED
        if metric.unit in ("percent", "per100"):
            num, den = figure.numerator, figure.denominator
            if (
                small(num)
                or small(den)
                or (den is not None and num is not None and small(den - num))
            ):
                return SUPPRESSED
        if metric.unit == "weeks" and small(figure.denominator):
            return SUPPRESSED
    return format_value(figure.value, metric.unit)


def suppressed_indexes(counts: list[float], total: float | None) -> set[int]:
    """Primary suppression of counts 1-4 and secondary suppression so that no suppressed part
    can be derived from the total and the other parts."""
    if small(total):
        return set(range(len(counts)))
    hidden = {i for i, n in enumerate(counts) if small(n)}
    if len(hidden) == 1:
        candidates = sorted((n, i) for i, n in enumerate(counts) if i not in hidden and n and n > 0)
        if candidates:
            hidden.add(candidates[0][1])
    return hidden


@dataclass
class Table:
    key: str
    caption: str
    columns: list[str]
    rows: list[list[str]]
    numeric_from: int = 1
    note: str = ""
    chart: dict | None = None

    def csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return buffer.getvalue()


@dataclass
class ChartBar:
    label: str
    value: float | None
    shown: str


def bar_chart(title: str, description: str, bars: Iterable[ChartBar], *, maximum=None) -> dict:
    """Geometry for a horizontal bar chart rendered as SVG by the template."""
    bars = list(bars)
    values = [b.value for b in bars if b.value is not None]
    top = maximum or (max(values) if values else 1) or 1
    label_width, bar_width, row = 250, 330, 30
    items = []
    for index, bar in enumerate(bars):
        width = 0 if bar.value is None else max(1, round(bar_width * bar.value / top))
        items.append(
            {
                "label": bar.label,
                "shown": bar.shown,
                "y": 10 + index * row,
                "text_y": 10 + index * row + 18,
                "width": width,
                "value_x": label_width + width + 8,
            }
        )
    return {
        "title": title,
        "description": description,
        "items": items,
        "label_width": label_width,
        "label_x": label_width - 8,
        "height": 20 + len(bars) * row,
        "width": label_width + bar_width + 90,
    }


@dataclass
class Area:
    """What a dashboard is about: councils and the published area codes that match them."""

    kind: str  # la | partnership | region | england
    name: str
    la_ids: list[int]
    published_codes: list[str]
    region_la_ids: list[int] = field(default_factory=list)
    region_codes: list[str] = field(default_factory=list)
    region_name: str = ""
    similar_la_ids: list[int] = field(default_factory=list)
    similar_codes: list[str] = field(default_factory=list)


def published_figure(metric: Metric, lookup, year: int, codes: list[str]) -> Figure | None:
    spec = metric.published
    if spec is None:
        return None
    num = lookup.total(year, codes, spec.numerator, spec.breakdown_topic)
    if not spec.denominator:
        return None if num is None else Figure(num, num, None)
    den = lookup.total(year, codes, spec.denominator, spec.breakdown_topic)
    if num is None or not den:
        return None
    return Figure(num * spec.scale / den, num, den)


def key_figures_table(area, figures, lookup, year, *, public) -> Table:
    counts = figures.area(area.la_ids)
    counts.values.update(optional_sources.tailored_list_counts(area.la_ids))
    rows = []
    for metric in METRICS:
        portal = metric.portal(counts) if metric.portal else None
        published = published_figure(metric, lookup, year, area.published_codes)
        source = lookup.source_for(metric.published.numerator) if metric.published else ""
        rows.append(
            [
                metric.title,
                figure_cell(metric, portal, public=public) if metric.portal else "Not recorded",
                (
                    format_value(published.value, metric.unit)
                    + ("" if metric.published.comparable else " (a different measure)")
                )
                if published
                else NO_DATA,
                source or "Not published",
            ]
        )
    return Table(
        key="key-figures",
        caption=f"Key figures for {area.name}, reporting year {year}",
        columns=["Measure", "Portal records", "Published by DfE", "Published source"],
        rows=rows,
        note=f"Plans are counted on the January {year} census day; requests, plans issued, "
        f"mediation, appeals and complaints in calendar year {year - 1}.",
    )


COMPARISON_METRICS = (
    "plans",
    "requests",
    "requests_assessed",
    "within_20_incl",
    "within_20_excl",
    "average_weeks",
    "mediation_appeal",
    "appeal_rate",
)


def comparison_table(area, figures, lookup, year, *, public) -> Table:
    columns = ["Measure", area.name]
    groups = []
    if area.kind not in ("region", "england") and area.region_la_ids:
        columns.append(f"{area.region_name} (region)")
        groups.append(figures.area(area.region_la_ids))
    if area.similar_la_ids:
        columns.append("Similar areas")
        groups.append(figures.area(area.similar_la_ids))
    if area.kind != "england":
        columns.append("England")
        groups.append(figures.area(figures.by_la.keys()))
    columns.append("England (published)")
    own = figures.area(area.la_ids)
    rows = []
    chart_bars = []
    for key in COMPARISON_METRICS:
        metric = next(m for m in METRICS if m.key == key)
        row = [metric.title, figure_cell(metric, metric.portal(own), public=public)]
        for counts in groups:
            row.append(figure_cell(metric, metric.portal(counts), public=public))
        england = published_figure(metric, lookup, year, ["E92000001"])
        row.append(format_value(england.value, metric.unit) if england else NO_DATA)
        rows.append(row)
        if key == "within_20_excl":
            for label, cell in zip(columns[1:], row[1:], strict=True):
                chart_bars.append(ChartBar(label, _numeric(cell), cell))
    table = Table(
        key="comparison",
        caption=f"How {area.name} compares, reporting year {year}",
        columns=columns,
        rows=rows,
        note="Portal figures for the region, similar areas and England are calculated from the "
        "records of every council using the portal. Similar areas are the council's 10 "
        "statistical neighbours (the DfE's children's services statistical neighbour model).",
    )
    table.chart = bar_chart(
        "New plans issued within 20 weeks, excluding exceptions",
        f"Bar chart comparing {area.name} with its comparators. The same figures are in the table.",
        chart_bars,
        maximum=100,
    )
    return table


def _numeric(cell: str) -> float | None:
    try:
        return float(cell.replace("%", "").replace(",", ""))
    except ValueError:
        return None


TREND_METRICS = ("plans", "requests", "new_plans", "within_20_incl", "within_20_excl")


def trend_table(area, figures_by_year, lookup, *, public) -> Table:
    years = sorted(figures_by_year)
    columns = ["Measure"]
    for year in years:
        columns += [f"{year} portal", f"{year} published"]
    rows = []
    bars = []
    for key in TREND_METRICS:
        metric = next(m for m in METRICS if m.key == key)
        row = [metric.title]
        for year in years:
            counts = figures_by_year[year].area(area.la_ids)
            portal_cell = figure_cell(metric, metric.portal(counts), public=public)
            published = published_figure(metric, lookup, year, area.published_codes)
            published_cell = format_value(published.value, metric.unit) if published else NO_DATA
            row += [portal_cell, published_cell]
            if key == "within_20_excl":
                bars.append(ChartBar(f"{year} portal", _numeric(portal_cell), portal_cell))
                bars.append(ChartBar(f"{year} published", _numeric(published_cell), published_cell))
        rows.append(row)
    table = Table(
        key="trends",
        caption=f"Trends for {area.name}",
        columns=columns,
        rows=rows,
        note="Each reporting year counts plans at January and work in the calendar year before.",
    )
    table.chart = bar_chart(
        "New plans within 20 weeks excluding exceptions, by year",
        f"Bar chart of the trend for {area.name}, portal and published. The same figures are "
        "in the table.",
        bars,
        maximum=100,
    )
    return table


def mix_table(mix: Mix, counts, area, lookup, year, *, public) -> Table:
    parts = list(mix.parts)
    values = [
        counts.get(p.portal_key, 0) if isinstance(counts, dict) else counts[p.portal_key]
        for p in parts
    ]
    total = sum(values)
    hidden = suppressed_indexes(values, total) if public else set()
    published_total = (
        lookup.total(year, area.published_codes, mix.published_total, mix.published_breakdown_topic)
        if mix.published_total
        else None
    )
    columns = ["Group", "Number", "Percentage"]
    if mix.published_total:
        columns.append("Published percentage")
    rows, bars = [], []
    for index, part in enumerate(parts):
        n = values[index]
        if index in hidden:
            number = percent = SUPPRESSED
        else:
            number = f"{n:,}"
            percent = f"{100 * n / total:.1f}%" if total else NO_DATA
        row = [part.label, number, percent]
        if mix.published_total:
            if part.published_breakdown:
                topic, breakdowns = part.published_breakdown
                published = lookup.total(
                    year, area.published_codes, part.published, topic, breakdowns
                )
            elif part.published:
                published = lookup.total(
                    year, area.published_codes, part.published, mix.published_breakdown_topic
                )
            else:
                published = None
            row.append(
                f"{100 * published / published_total:.1f}%"
                if published is not None and published_total
                else NO_DATA
            )
        rows.append(row)
        bars.append(ChartBar(part.label, _numeric(percent), percent))
    total_cell = SUPPRESSED if public and small(total) else f"{total:,}"
    total_row = ["Total", total_cell, "100.0%" if total else NO_DATA]
    if mix.published_total:
        total_row.append("100.0%" if published_total else NO_DATA)
    rows.append(total_row)
    table = Table(
        key=mix.key.replace("_", "-"),
        caption=f"{mix.title}, {area.name}, reporting year {year}",
        columns=columns,
        rows=rows,
        note=mix.definition + (" " + mix.caveats if mix.caveats else ""),
    )
    table.chart = bar_chart(
        mix.title,
        f"Bar chart of the percentages in the table for {area.name}.",
        bars,
        maximum=100,
    )
    return table


def area_table(title: str, key: str, entries, figures, lookup, year, *, public) -> Table:
    """One row per council or region: key figures side by side (regional and national views)."""
    metrics = [
        m for m in METRICS if m.key in ("plans", "requests", "within_20_excl", "appeal_rate")
    ]
    columns = ["Area"]
    for metric in metrics:
        columns.append(f"{metric.title} (portal)")
        if metric.published:
            columns.append(f"{metric.title} (published)")
    rows = []
    for name, la_ids, codes in entries:
        counts = figures.area(la_ids)
        row = [name]
        for metric in metrics:
            row.append(figure_cell(metric, metric.portal(counts), public=public))
            if metric.published:
                published = published_figure(metric, lookup, year, codes)
                row.append(format_value(published.value, metric.unit) if published else NO_DATA)
        rows.append(row)
    return Table(key=key, caption=title, columns=columns, rows=rows)


def build_dashboard(area: Area, figures_by_year, lookup, year: int, *, public: bool, breakdown):
    figures = figures_by_year[year]
    counts = figures.area(area.la_ids)
    tables = [
        key_figures_table(area, figures, lookup, year, public=public),
        comparison_table(area, figures, lookup, year, public=public),
        trend_table(area, figures_by_year, lookup, public=public),
    ]
    for key in (
        "timeliness_bands",
        "need_mix",
        "placement_mix",
        "tribunal_outcomes",
        "complaints_by_stage",
    ):
        tables.append(mix_table(MIXES_BY_KEY[key], counts, area, lookup, year, public=public))
    for key in ("age", "sex", "ethnicity"):
        tables.append(
            mix_table(MIXES_BY_KEY[key], breakdown[key], area, lookup, year, public=public)
        )
    return tables


EASY_READ_METRICS = (
    "plans",
    "requests",
    "requests_assessed",
    "within_20_incl",
    "average_weeks",
    "mediations",
    "appeals",
)


def easy_read_table(area, figures, lookup, year) -> Table:
    counts = figures.area(area.la_ids)
    rows = []
    for key in EASY_READ_METRICS:
        metric = next(m for m in METRICS if m.key == key)
        portal = figure_cell(metric, metric.portal(counts), public=True)
        published = published_figure(metric, lookup, year, area.published_codes)
        rows.append(
            [
                metric.easy_read or metric.title.lower(),
                portal,
                format_value(published.value, metric.unit) if published else NO_DATA,
            ]
        )
    return Table(
        key="easy-read",
        caption=f"The main facts for {area.name}, {year}",
        columns=["Fact", "Number from the portal", "Published by DfE"],
        rows=rows,
    )
