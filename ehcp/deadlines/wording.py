"""The wording of a legal period, made from the rule that owns it ("20 weeks", "15 days",
"12 months", "3 working days"), so that a page cannot say one period while the law table
counts another. Pages use it through the ``legal_periods`` template tags; a test
(``tests/ehcp/test_legal_period_wording.py``) fails when a template writes a rule's period
itself."""

from __future__ import annotations

from .engine import RULES
from .values import Period, Rule

#: (Period field, singular, plural), in the order a period is read.
_UNITS: tuple[tuple[str, str, str], ...] = (
    ("months", "month", "months"),
    ("weeks", "week", "weeks"),
    ("working_days", "working day", "working days"),
    ("days", "day", "days"),
)


class NoPeriod(ValueError):
    """The rule has no period of its own (a fixed date, an order to act at once)."""


def period_words(period: Period, *, adjective: bool = False) -> str:
    """ "20 weeks", "1 month", "3 working days"; as an adjective "6-week", "15-day",
    "3-working-day" (the 6-week clock). A period of no length is "immediately"."""
    for field, singular, plural in _UNITS:
        count: int = getattr(period, field)
        if count:
            if adjective:
                return f"{count}-{singular.replace(' ', '-')}"
            return f"{count} {singular if count == 1 else plural}"
    return "immediately"


def rule_with_period(key: str) -> Rule:
    """The current version of the rule ``key``, which must have a period of some length."""
    rule = RULES[key]
    if rule.period is None or period_words(rule.period) == "immediately":
        raise NoPeriod(f"Rule {key!r} has no period to put into words")
    return rule


def rule_period_words(key: str, *, adjective: bool = False) -> str:
    """The current period of the rule ``key`` in words ("20 weeks" for ``final_plan``)."""
    period = rule_with_period(key).period
    assert period is not None
    return period_words(period, adjective=adjective)
