"""Turn figures into the tables and charts a dashboard shows (and the CSV of each table).

Which cells are shown as "c" is decided once per area and year by ``dashboards.disclosure``
(primary and secondary suppression, rates, published comparisons, and sums of councils) and
read here by every table, chart and CSV alike; a ``Viewer`` says whose figures the person may
see unsuppressed (only their own council's, for its caseworkers and SEND managers).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from ehcp.deadlines.wording import rule_period_words

from . import optional_sources
from .disclosure import PUBLIC, AreaCells, Viewer, part_key, protect_line, small
from .metrics import METRICS, MIXES_BY_KEY, Figure, Metric, Mix

SUPPRESSED = "c"
NO_DATA = "No data"


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return NO_DATA
    if unit == "count":
        return f"{round(value):,}"
    if unit == "percent":
        return f"{value:.1f}%"
    return f"{value:.1f}"


def figure_cell(metric: Metric, figure: Figure | None, cells: AreaCells, extra=None) -> str:
    """The portal's figure for one metric, or "c" where the area's cells hide it."""
    if figure is None or figure.value is None:
        return NO_DATA
    if cells.hides_metric(metric.key, extra):
        return SUPPRESSED
    return format_value(figure.value, metric.unit)


def published_small(metric: Metric, figure: Figure | None) -> bool:
    """A published figure built on a count of 1 to 4 (its numerator, denominator or their
    difference)."""
    if figure is None:
        return False
    num, den = figure.numerator, figure.denominator
    if metric.unit == "count":
        return small(figure.value)
    return small(num) or small(den) or (num is not None and den is not None and small(den - num))


def published_cell(
    metric: Metric, figure: Figure | None, cells: AreaCells, *, portal_hidden: bool
) -> str:
    """The DfE's figure for the same area and year: hidden beside a hidden portal figure (it
    can be the same number) and where it rests on a small count itself."""
    if figure is None:
        return NO_DATA
    if not cells.open and (portal_hidden or published_small(metric, figure)):
        return SUPPRESSED
    return format_value(figure.value, metric.unit) + (
        "" if metric.published.comparable else " (a different measure)"
    )


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
        """The table as CSV for analysts: figures as plain numbers (no thousands separators, no
        "%" sign, never quoted), "c" where a figure is suppressed and "x" where there is none,
        the symbols of the DfE's open data (issue 20, 5c). A row whose figures are percentages
        says so in its label, unless its column headings already do."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(self._csv_row(row))
        return buffer.getvalue()

    def _csv_row(self, row: list[str]) -> list:
        label, *cells = row
        values, notes, percent = [], [], False
        for column, cell in zip(self.columns[1:], cells, strict=False):
            value, is_percent, note = csv_value(cell)
            values.append(value)
            percent |= is_percent and "percent" not in column.lower()
            if note and note not in notes:
                notes.append(note)
        if percent:
            label += " (%)"
        if notes:
            label += "".join(f" [{note}]" for note in notes)
        return [label, *values]


#: The symbols of the DfE's open data for a missing figure.
CSV_SUPPRESSED = "c"
CSV_NO_DATA = "x"
_DIFFERENT = " (a different measure)"


def csv_value(cell: str) -> tuple[object, bool, str]:
    """One table cell as a CSV value: ``(value, is_percent, note)``. "1,234" is 1234, "45.6%" is
    45.6 (a percentage), "c" and "No data" become the DfE's "c" and "x"; text that is not a
    figure stays as it is."""
    text = str(cell).strip()
    note = ""
    if text.endswith(_DIFFERENT):
        text, note = text[: -len(_DIFFERENT)], "published figure: a different measure"
    if text == SUPPRESSED:
        return CSV_SUPPRESSED, False, note
    if text == NO_DATA:
        return CSV_NO_DATA, False, note
    percent = text.endswith("%")
    number = text.rstrip("%").replace(",", "")
    try:
        value = float(number)
    except ValueError:
        return cell, False, ""
    if percent or "." in number:
        return value, percent, note
    return int(value), False, note


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


def key_figures_table(area, figures, lookup, year, *, viewer: Viewer) -> Table:
    cells = viewer.cells(figures, area.la_ids)
    counts = figures.area(area.la_ids)
    extra = optional_sources.tailored_list_counts(area.la_ids)
    counts.values.update(extra)
    rows = []
    for metric in METRICS:
        portal = metric.portal(counts) if metric.portal else None
        published = published_figure(metric, lookup, year, area.published_codes)
        source = lookup.source_for(metric.published.numerator) if metric.published else ""
        portal_hidden = bool(metric.portal) and cells.hides_metric(metric.key, extra)
        rows.append(
            [
                metric.title,
                figure_cell(metric, portal, cells, extra) if metric.portal else "Not recorded",
                published_cell(metric, published, cells, portal_hidden=portal_hidden),
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


def comparison_table(area, figures, lookup, year, *, viewer: Viewer) -> Table:
    columns = ["Measure", area.name]
    groups = []
    if area.kind not in ("region", "england") and area.region_la_ids:
        columns.append(f"{area.region_name} (region)")
        groups.append(area.region_la_ids)
    if area.similar_la_ids:
        columns.append("Similar areas")
        groups.append(area.similar_la_ids)
    if area.kind != "england":
        columns.append("England")
        groups.append(list(figures.by_la.keys()))
    columns.append("England (published)")
    own = figures.area(area.la_ids)
    own_cells = viewer.cells(figures, area.la_ids)
    others = [(figures.area(ids), viewer.cells(figures, ids)) for ids in groups]
    england_cells = viewer.cells(figures, figures.by_la.keys())
    rows = []
    chart_bars = []
    for key in COMPARISON_METRICS:
        metric = next(m for m in METRICS if m.key == key)
        row = [metric.title, figure_cell(metric, metric.portal(own), own_cells)]
        for counts, cells in others:
            row.append(figure_cell(metric, metric.portal(counts), cells))
        england = published_figure(metric, lookup, year, ["E92000001"])
        row.append(
            published_cell(
                metric,
                england,
                england_cells,
                portal_hidden=england_cells.hides_metric(metric.key),
            ).replace(" (a different measure)", "")
            if england
            else NO_DATA
        )
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
        f"New plans issued within {rule_period_words('final_plan')}, excluding exceptions",
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


def trend_table(area, figures_by_year, lookup, *, viewer: Viewer) -> Table:
    years = sorted(figures_by_year)
    columns = ["Measure"]
    for year in years:
        columns += [f"{year} portal", f"{year} published"]
    rows = []
    bars = []
    cells_by_year = {year: viewer.cells(figures_by_year[year], area.la_ids) for year in years}
    for key in TREND_METRICS:
        metric = next(m for m in METRICS if m.key == key)
        row = [metric.title]
        for year in years:
            cells = cells_by_year[year]
            counts = figures_by_year[year].area(area.la_ids)
            portal_cell = figure_cell(metric, metric.portal(counts), cells)
            published = published_figure(metric, lookup, year, area.published_codes)
            published_text = published_cell(
                metric, published, cells, portal_hidden=cells.hides_metric(metric.key)
            ).replace(" (a different measure)", "")
            row += [portal_cell, published_text]
            if key == "within_20_excl":
                bars.append(ChartBar(f"{year} portal", _numeric(portal_cell), portal_cell))
                bars.append(ChartBar(f"{year} published", _numeric(published_text), published_text))
        rows.append(row)
    table = Table(
        key="trends",
        caption=f"Trends for {area.name}",
        columns=columns,
        rows=rows,
        note="Each reporting year counts plans at January and work in the calendar year before.",
    )
    table.chart = bar_chart(
        f"New plans within {rule_period_words('final_plan')} excluding exceptions, by year",
        f"Bar chart of the trend for {area.name}, portal and published. The same figures are "
        "in the table.",
        bars,
        maximum=100,
    )
    return table


def _published_part(mix: Mix, part, lookup, year, codes):
    if part.published_breakdown:
        topic, breakdowns = part.published_breakdown
        return lookup.total(year, codes, part.published, topic, breakdowns)
    if part.published:
        return lookup.total(year, codes, part.published, mix.published_breakdown_topic)
    return None


def mix_table(mix: Mix, counts, area, lookup, year, *, cells: AreaCells) -> Table:
    parts = list(mix.parts)
    values = [
        counts.get(p.portal_key, 0) if isinstance(counts, dict) else counts[p.portal_key]
        for p in parts
    ]
    keys = [part_key(mix, p) for p in parts]
    total = sum(values)
    total_hidden = cells.is_hidden(f"total:{mix.key}")
    hidden = {i for i, key in enumerate(keys) if cells.is_hidden(key) or total_hidden}
    published_total = (
        lookup.total(year, area.published_codes, mix.published_total, mix.published_breakdown_topic)
        if mix.published_total
        else None
    )
    published = [_published_part(mix, part, lookup, year, area.published_codes) for part in parts]
    published_hidden: set[int] = set()
    if mix.published_total and not cells.open:
        # The same line as the DfE published it: hidden where the portal's is, where it is
        # small itself, and then made safe like any line.
        published_hidden = protect_line(
            published, published_total, seed=hidden, hide_all=total_hidden
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
            value = published[index]
            if index in published_hidden:
                row.append(SUPPRESSED)
            else:
                row.append(
                    f"{100 * value / published_total:.1f}%"
                    if value is not None and published_total
                    else NO_DATA
                )
        rows.append(row)
        bars.append(ChartBar(part.label, _numeric(percent), percent))
    total_cell = SUPPRESSED if total_hidden else f"{total:,}"
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


def area_table(title: str, key: str, entries, figures, lookup, year, *, viewer: Viewer) -> Table:
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
        cells = viewer.cells(figures, la_ids)
        row = [name]
        for metric in metrics:
            row.append(figure_cell(metric, metric.portal(counts), cells))
            if metric.published:
                published = published_figure(metric, lookup, year, codes)
                row.append(
                    published_cell(
                        metric, published, cells, portal_hidden=cells.hides_metric(metric.key)
                    ).replace(" (a different measure)", "")
                )
        rows.append(row)
    return Table(key=key, caption=title, columns=columns, rows=rows)


def build_dashboard(area: Area, figures_by_year, lookup, year: int, *, viewer: Viewer, breakdown):
    figures = figures_by_year[year]
    counts = figures.area(area.la_ids)
    cells = viewer.cells(figures, area.la_ids)
    tables = [
        key_figures_table(area, figures, lookup, year, viewer=viewer),
        comparison_table(area, figures, lookup, year, viewer=viewer),
        trend_table(area, figures_by_year, lookup, viewer=viewer),
    ]
    for key in (
        "timeliness_bands",
        "need_mix",
        "placement_mix",
        "tribunal_outcomes",
        "complaints_by_stage",
    ):
        tables.append(mix_table(MIXES_BY_KEY[key], counts, area, lookup, year, cells=cells))
    for key in ("age", "sex", "ethnicity"):
        tables.append(mix_table(MIXES_BY_KEY[key], breakdown[key], area, lookup, year, cells=cells))
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
    cells = PUBLIC.cells(figures, area.la_ids)
    counts = figures.area(area.la_ids)
    rows = []
    for key in EASY_READ_METRICS:
        metric = next(m for m in METRICS if m.key == key)
        portal = figure_cell(metric, metric.portal(counts), cells)
        published = published_figure(metric, lookup, year, area.published_codes)
        rows.append(
            [
                metric.easy_read or metric.title.lower(),
                portal,
                published_cell(
                    metric, published, cells, portal_hidden=cells.hides_metric(metric.key)
                ).replace(" (a different measure)", ""),
            ]
        )
    return Table(
        key="easy-read",
        caption=f"The main facts for {area.name}, {year}",
        columns=["Fact", "Number from the portal", "Published by DfE"],
        rows=rows,
    )
