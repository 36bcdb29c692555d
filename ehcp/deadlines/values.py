"""The value types of the law engine: a ``Deadline`` (a date with its label and legal basis),
a ``Period`` (how a time limit is counted) and a ``Rule`` (one version of one row of the law
table, with the dates it was in force)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from send_portal.calendar import (
    add_months,
    add_working_days,
    last_day_of_months_beginning_with,
    last_working_day_beginning_with,
)

Kind = Literal["statutory", "target", "guidance"]
KINDS: frozenset[str] = frozenset({"statutory", "target", "guidance"})

#: The Children and Families Act 2014 Part 3 and the SEND Regulations 2014 (SI 2014/1530)
#: came into force on 1 September 2014 (reg 1).
LAW_IN_FORCE = date(2014, 9, 1)


class NoRuleInForce(ValueError):
    """No version of a rule was in force on the trigger date."""


@dataclass(frozen=True)
class Deadline:
    """A date by which something must (or should) happen, and why.

    ``due`` is the last day on which the step is in time. ``kind`` says how binding it is:
    "statutory" (law: Act, regulations, Tribunal rules or binding case law), "target" (good
    practice the portal uses to keep a case on track) or "guidance" (statutory guidance such as
    the SEND Code of Practice, which must be had regard to but is not a hard limit).
    """

    key: str
    due: date
    label: str
    basis: str
    kind: Kind = "statutory"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unknown deadline kind {self.kind!r}")

    def as_dict(self) -> dict[str, str]:
        """JSON-friendly form (the date as YYYY-MM-DD)."""
        return {
            "key": self.key,
            "due": self.due.isoformat(),
            "label": self.label,
            "basis": self.basis,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class Period:
    """A length of time in exactly one unit, counted forwards (or backwards) from a trigger.

    ``beginning_with``: the trigger day is itself day 1 ("15 days beginning with the day the
    draft was served", "12 months starting with the date the plan was made", "15 working days
    beginning with the day on which it did become aware").
    ``before``: count backwards ("at least 2 weeks before the meeting"; ``Period(days=1,
    before=True)`` is "before <date>": the last day in time is the day before it).
    A period with every unit zero means "immediately" (the trigger day itself).
    """

    weeks: int = 0
    days: int = 0
    months: int = 0
    working_days: int = 0
    beginning_with: bool = False
    before: bool = False

    def __post_init__(self) -> None:
        units = [self.weeks, self.days, self.months, self.working_days]
        if any(u < 0 for u in units):
            raise ValueError("Period units must not be negative; use before=True")
        if sum(1 for u in units if u) > 1:
            raise ValueError("A Period has exactly one unit")
        if self.beginning_with and self.before:
            raise ValueError("beginning_with only applies to periods counted forwards")

    def apply(self, start: date) -> date:
        sign = -1 if self.before else 1
        if self.months:
            if self.beginning_with:
                # The day before the corresponding day: clamp the months, never the subtraction.
                return last_day_of_months_beginning_with(start, self.months)
            return add_months(start, sign * self.months)
        if self.working_days:
            if self.beginning_with:
                # The trigger day is day 1 when it is a working day.
                return last_working_day_beginning_with(start, self.working_days)
            return add_working_days(start, sign * self.working_days)
        days = 7 * self.weeks + self.days
        if self.beginning_with and days:
            days -= 1
        return start + timedelta(days=sign * days)


@dataclass(frozen=True)
class Rule:
    """One version of one row of the law-as-code table.

    ``in_force`` and ``ends`` (the last day it applied, if it has stopped) bound the trigger
    dates this version applies to: the engine uses the version in force on the day the period
    starts (``ehcp.deadlines.rule_for``). ``made_by`` names the instrument (or judgment) that
    made this version. Only law is in the table: proposals (``PROPOSALS``) never are.
    ``verified`` is False where the research marks the provision number (not the period) as
    unconfirmed against the text (statutory.md [M]).
    ``anchor`` is a fixed (month, day) in a given year that the period counts from
    (phase transfers).
    """

    label: str
    basis: str
    period: Period | None = None
    kind: Kind = "statutory"
    verified: bool = True
    anchor: tuple[int, int] | None = None
    in_force: date = LAW_IN_FORCE
    ends: date | None = None
    made_by: str = "SEND Regulations 2014 (SI 2014/1530)"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unknown rule kind {self.kind!r}")
        if self.ends is not None and self.ends < self.in_force:
            raise ValueError("A rule cannot end before it comes into force")

    def in_force_on(self, day: date) -> bool:
        return self.in_force <= day and (self.ends is None or day <= self.ends)


@dataclass(frozen=True)
class Proposal:
    """A proposed change to the law. Shown as a proposal, never used to compute a date."""

    title: str
    published: date | None
    summary: str
    status: str = "Proposed: not law until Parliament passes it"
