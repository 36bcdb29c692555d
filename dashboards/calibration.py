"""Does the portal's own dashboard agree with the published figures? (Used after generating
synthetic data: ``generate_synthetic --check``, benchmarks/dashboards.py and the test suite.)

For every council: plans at January 2025 and requests in 2024 within 1% (or 2), the
percentage of 2024's new plans issued within 20 weeks excluding exceptions within 3 points
(where at least 20 plans were issued) and the share of annual reviews finished by their due date
within 3 points of the published share decided within 4 weeks; nationally, each primary need's
and each placement type's share within 1 point.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import aggregates
from .metrics import METRICS_BY_KEY, NEED_MIX, PLACEMENT_MIX
from .periods import ReportingYear
from .presentation import published_figure
from .published import ENGLAND_CODE, PublishedLookup

YEAR = 2025
COUNT_TOLERANCE = 0.01
POINTS_TOLERANCE = 3.0
MIX_TOLERANCE = 1.0


@dataclass
class Report:
    rows: list[tuple] = field(default_factory=list)  # (area, measure, portal, published, ok)
    worst: dict[str, float] = field(default_factory=dict)
    excluded: list[str] = field(default_factory=list)

    def record(self, area, measure, portal, pub, difference, tolerance) -> None:
        self.rows.append((area, measure, portal, pub, difference <= tolerance))
        self.worst[measure] = max(self.worst.get(measure, 0.0), difference)

    @property
    def ok(self) -> bool:
        return all(row[4] for row in self.rows)

    def lines(self) -> list[str]:
        failed = [r for r in self.rows if not r[4]]
        lines = [
            f"Calibration against the published figures, reporting year {YEAR}: "
            f"{len(self.rows) - len(failed)} of {len(self.rows)} checks within tolerance."
        ]
        for note in self.excluded:
            lines.append(f"  not compared: {note}")
        for measure, worst in sorted(self.worst.items()):
            lines.append(f"  largest difference, {measure}: {worst:.2f}")
        for area, measure, portal, pub, _ in failed[:50]:
            lines.append(f"  OUTSIDE: {area} {measure}: portal {portal:.1f}, published {pub:.1f}")
        return lines


def check(councils, factor: float = 1.0) -> Report:
    figures = aggregates.compute(ReportingYear(YEAR))
    lookup = PublishedLookup(
        [YEAR - 2, YEAR - 1, YEAR], [c.ons_code for c in councils] + [ENGLAND_CODE]
    )
    report = Report()
    for council in councils:
        _check_council(report, council, figures.area([council.pk]), lookup, factor)
    _check_mixes(report, councils, figures.area([c.pk for c in councils]), lookup)
    return report


def _check_council(report: Report, council, counts, lookup: PublishedLookup, factor: float) -> None:
    issued = [
        lookup.get(y, council.ons_code, "timeliness_20_week", "plans_issued_den")
        for y in (YEAR - 2, YEAR - 1, YEAR)
    ]
    caseload = lookup.get(YEAR, council.ons_code, "caseload", "ehcplans")
    for key in ("plans", "requests"):
        metric = METRICS_BY_KEY[key]
        pub = published_figure(metric, lookup, YEAR, [council.ons_code])
        if pub is None:
            continue
        if key == "plans" and caseload is not None and sum(v or 0 for v in issued) > caseload:
            # Without ceased plans the portal cannot have fewer plans than it issued.
            total = sum(v or 0 for v in issued)
            report.excluded.append(
                f"{council.name} plans: published caseload {caseload:,.0f} is below the "
                f"{total:,.0f} plans it issued in {YEAR - 3} to {YEAR - 1}"
            )
            continue
        target = round(pub.value * factor)
        portal = metric.portal(counts).value or 0
        tolerance = max(2, COUNT_TOLERANCE * target)
        report.record(council.name, key, portal, target, abs(portal - target), tolerance)
    # The 20-week rate, and (issue 22) the share of requests the council decided to assess.
    for key in ("within_20_excl", "requests_assessed"):
        metric = METRICS_BY_KEY[key]
        pub = published_figure(metric, lookup, YEAR, [council.ons_code])
        portal = metric.portal(counts)
        if pub is not None and portal.value is not None and (pub.denominator or 0) * factor >= 20:
            report.record(
                council.name,
                f"{key} (points)",
                portal.value,
                pub.value,
                abs(portal.value - pub.value),
                POINTS_TOLERANCE,
            )

    # Annual reviews due in the year and finished by their due date, against the council's
    # published share of reviews decided within 4 weeks (the nearest published measure).
    pub_reviews = lookup.get(YEAR, council.ons_code, "annual_reviews", "pc_decsion_4weeks")
    if pub_reviews is not None and counts["reviews_due"] >= 20:
        portal_pc = 100 * counts["reviews_on_time"] / counts["reviews_due"]
        report.record(
            council.name,
            "reviews on time (points)",
            portal_pc,
            pub_reviews,
            abs(portal_pc - pub_reviews),
            POINTS_TOLERANCE,
        )


def _check_mixes(report: Report, councils, everyone, lookup: PublishedLookup) -> None:
    for mix in (NEED_MIX, PLACEMENT_MIX):
        total = sum(everyone[p.portal_key] for p in mix.parts)
        pub_total = lookup.total(
            YEAR, [ENGLAND_CODE], mix.published_total, mix.published_breakdown_topic
        )
        if not total or not pub_total or len(councils) < 100:
            continue
        for part in mix.parts:
            if not part.published:
                continue
            pub = lookup.total(YEAR, [ENGLAND_CODE], part.published, mix.published_breakdown_topic)
            if pub is None:
                continue
            portal_pc = 100 * everyone[part.portal_key] / total
            pub_pc = 100 * pub / pub_total
            report.record(
                "England",
                f"{mix.key} {part.key} (points)",
                portal_pc,
                pub_pc,
                abs(portal_pc - pub_pc),
                MIX_TOLERANCE,
            )
