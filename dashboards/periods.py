"""Reporting years, as in the DfE's SEN2 statistics.

Reporting year R covers the plans maintained on the January census day of R and the work done
in calendar year R-1: "2025" is the caseload at January 2025 and the requests, assessments and
plans of 2024.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

#: The first reporting year the dashboards show.
FIRST_YEAR = 2019


def census_day(year: int) -> date:
    """The SEN2 census day: the third Thursday of January (statutory.md C.1)."""
    first = date(year, 1, 1)
    first_thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + timedelta(weeks=2)


@dataclass(frozen=True)
class ReportingYear:
    year: int

    @property
    def census(self) -> date:
        return census_day(self.year)

    @property
    def activity_start(self) -> date:
        return date(self.year - 1, 1, 1)

    @property
    def activity_end(self) -> date:
        return date(self.year - 1, 12, 31)

    @property
    def label(self) -> str:
        return f"{self.year} (plans at January {self.year}; work in {self.year - 1})"

    @property
    def census_label(self) -> str:
        return f"January {self.year}"

    @property
    def activity_label(self) -> str:
        return f"calendar year {self.year - 1}"


def latest_complete_year(today: date | None = None) -> int:
    """The most recent reporting year whose census day has passed."""
    today = today or timezone.localdate()
    return today.year if today >= census_day(today.year) else today.year - 1
