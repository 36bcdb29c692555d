"""The working-day calendar and calendar-month arithmetic every statutory date is counted with.

England and Wales bank holidays come from the maintained ``holidays`` package (checked in
``tests/ehcp/test_deadlines.py`` against GOV.UK's ``bank-holidays.json``, the copy in the shared
data folder). A working day is not a Saturday, a Sunday, Christmas Day, Good Friday or an
England and Wales bank holiday, including substitute days.

Pure Python: standard library plus ``holidays``. No Django imports, so the law engine
(``ehcp.deadlines``) stays importable on its own.
"""

from __future__ import annotations

import calendar
import functools
from datetime import date, timedelta

import holidays

__all__ = [
    "add_months",
    "add_working_days",
    "england_bank_holidays",
    "first_working_day_on_or_after",
    "is_working_day",
    "last_day_of_months_beginning_with",
    "last_working_day_beginning_with",
]

_CALENDAR = holidays.country_holidays("GB", subdiv="ENG")
# Years for which the holidays package knows England's bank holidays.
FIRST_YEAR: int = _CALENDAR.start_year
LAST_YEAR: int = _CALENDAR.end_year


@functools.cache
def england_bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays in ``year``, including substitute days.

    The set may also hold the weekend date a holiday was moved from (e.g. Saturday 26 December
    2026 alongside the substitute Monday 28 December); that makes no difference to working days.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"No bank holiday calendar for {year}")
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(d: date) -> bool:
    """Not a Saturday, Sunday, Christmas Day, Good Friday or England and Wales bank holiday."""
    return d.weekday() < 5 and d not in england_bank_holidays(d.year)


def add_working_days(d: date, n: int) -> date:
    """The n-th working day after ``d`` (before it if n is negative); ``d`` itself never counts."""
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    current = d
    while remaining:
        current += step
        if is_working_day(current):
            remaining -= 1
    return current


def last_working_day_beginning_with(d: date, n: int) -> date:
    """The last day of "n working days beginning with the day" ``d``: ``d`` is day 1 when it is
    a working day, otherwise day 1 is the next working day (SEND Regulations 2014 reg 15(2))."""
    if n < 1:
        raise ValueError("A period of working days beginning with a day has at least 1 day")
    return add_working_days(d - timedelta(days=1), n)


def first_working_day_on_or_after(d: date) -> date:
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def add_months(d: date, n: int) -> date:
    """Same day n calendar months later (earlier if negative), clamped to the month's end."""
    index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(index, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last_day))


def last_day_of_months_beginning_with(d: date, n: int) -> date:
    """The last day of "a period of n months beginning (or starting) with" ``d``: the day before
    the corresponding day n months later, ``add_months(d, n) - 1 day``. Only the month
    arithmetic clamps, never the subtraction: 12 months starting with 1 March 2027 end on
    29 February 2028 (counting from 28 February 2027 would wrongly give 28 February).

    When that month has no corresponding day (a period beginning on the 29th, 30th or 31st of
    a month), the period runs to the end of that month: 12 months starting with 29 February
    2024 end on 28 February 2025, 6 months starting with 31 August 2026 on 28 February 2027.
    """
    if n < 1:
        raise ValueError("A period of months beginning with a day has at least 1 month")
    corresponding = add_months(d, n)
    if corresponding.day < d.day:
        # No such day in that month (31 February): the period runs to the month's last day.
        return corresponding
    return corresponding - timedelta(days=1)
