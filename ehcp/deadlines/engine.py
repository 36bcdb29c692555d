"""The law table as data, the version of each rule in force on a trigger date, and building a
``Deadline`` from a rule."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from types import MappingProxyType

from send_portal.calendar import add_working_days

from .table_assessment import ASSESSMENT_RULES
from .table_plans import PLAN_RULES
from .values import Deadline, NoRuleInForce, Proposal, Rule


def _versions(table: dict[str, Rule | tuple[Rule, ...]]) -> dict[str, tuple[Rule, ...]]:
    result: dict[str, tuple[Rule, ...]] = {}
    for key, entry in table.items():
        versions = tuple(sorted(entry if isinstance(entry, tuple) else (entry,), key=_start))
        for earlier, later in zip(versions, versions[1:], strict=False):
            if earlier.ends is None or earlier.ends >= later.in_force:
                raise ValueError(f"Versions of rule {key!r} overlap")
        result[key] = versions
    return result


def _start(rule: Rule) -> date:
    return rule.in_force


_ALL = {**ASSESSMENT_RULES, **PLAN_RULES}
if len(_ALL) != len(ASSESSMENT_RULES) + len(PLAN_RULES):
    raise ValueError("A rule key is in both law tables")

#: Every version of every rule, oldest first.
RULE_VERSIONS: MappingProxyType[str, tuple[Rule, ...]] = MappingProxyType(_versions(_ALL))


def _current(versions: tuple[Rule, ...]) -> Rule:
    open_ended = [v for v in versions if v.ends is None]
    return (open_ended or list(versions))[-1]


#: The current version of each rule (its label and basis for pages that show the rule itself).
RULES: MappingProxyType[str, Rule] = MappingProxyType(
    {key: _current(versions) for key, versions in RULE_VERSIONS.items()}
)

#: Proposed changes to the law. They are shown as proposals and never used to compute a date:
#: until Parliament passes them, the current law stands.
PROPOSALS: tuple[Proposal, ...] = (
    Proposal(
        title='Schools White Paper "Every child achieving and thriving"',
        published=date(2026, 2, 23),
        summary=(
            "Proposes Individual Support Plans and reserving EHC plans for the most complex "
            "needs, with changes to EHC plan rules from 2029. There are no changes to current "
            "SEND law or entitlements."
        ),
    ),
    Proposal(
        title="Education for All Bill (announced)",
        published=None,
        summary="Announced to carry the White Paper's reforms into law. Not yet passed.",
    ),
)


def rule_for(key: str, *, on: date) -> Rule:
    """The version of rule ``key`` in force on ``on`` (the day the period starts)."""
    try:
        versions = RULE_VERSIONS[key]
    except KeyError:
        raise KeyError(f"No rule {key!r} in the law table") from None
    for version in versions:
        if version.in_force_on(on):
            return version
    raise NoRuleInForce(
        f"No version of {key!r} was in force on {on:%-d %B %Y}: the law table holds it from "
        f"{versions[0].in_force:%-d %B %Y}"
    )


def due(rule_key: str, start: date) -> date:
    """The last day in time for the rule in force on ``start``, counted from ``start``."""
    period = rule_for(rule_key, on=start).period
    if period is None:
        raise ValueError(f"Rule {rule_key!r} has no period")
    return period.apply(start)


def deadline(
    rule_key: str,
    start: date,
    *,
    key: str | None = None,
    basis: str | None = None,
    label: str | None = None,
) -> Deadline:
    """A ``Deadline`` for the version of ``rule_key`` in force on ``start``."""
    rule = rule_for(rule_key, on=start)
    if rule.period is None:
        raise ValueError(f"Rule {rule_key!r} has no period")
    return Deadline(
        key=key or rule_key,
        due=rule.period.apply(start),
        label=label or rule.label,
        basis=basis or rule.basis,
        kind=rule.kind,
    )


def as_deadline(
    rule_key: str, due_on: date, *, on: date | None = None, **overrides: str
) -> Deadline:
    """A ``Deadline`` for a date computed (or stored) elsewhere, labelled by its rule: the
    version in force on ``on`` (the trigger), else the current one."""
    rule = RULES[rule_key] if on is None else rule_for(rule_key, on=on)
    return Deadline(
        key=overrides.get("key", rule_key),
        due=due_on,
        label=overrides.get("label", rule.label),
        basis=overrides.get("basis", rule.basis),
        kind=rule.kind,
    )


# ---- Status for colouring deadlines in the UI -------------------------------------------------

# A deadline within this many working days (and not yet due) is "due soon" in the UI.
DUE_SOON_WORKING_DAYS = 5


class DeadlineStatus(StrEnum):
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"


def overdue_status(*, due: date, today: date) -> DeadlineStatus:
    """Overdue, due today, due within ``DUE_SOON_WORKING_DAYS`` working days, or on track."""
    if today > due:
        return DeadlineStatus.OVERDUE
    if today == due:
        return DeadlineStatus.DUE_TODAY
    if due <= add_working_days(today, DUE_SOON_WORKING_DAYS):
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TRACK


def week_of(start: date, day: date) -> int:
    """Which week after ``start`` ``day`` falls in: days 1 to 7 after it are week 1, ..., days
    134 to 140 week 20 and day 141 week 21 (a plan issued on day 141 is late, so it must never
    read "week 20"). The start day itself counts as week 1."""
    days = (day - start).days
    return max(1, -(-days // 7))
