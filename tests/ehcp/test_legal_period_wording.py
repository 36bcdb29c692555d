"""The wording of every legal period comes from the rule that owns it (issue 21: "the wording of
every legal period generated from deadlines.RULES"): ``ehcp.deadlines.wording`` puts a rule's
``Period`` into words, templates show it with ``{% legal_period "<rule>" %}``, and no template
writes a rule's period itself, so a page cannot say "20 weeks" while the law table counts
another period."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from ehcp.deadlines import RULES
from ehcp.deadlines.values import Period
from ehcp.deadlines.wording import NoPeriod, period_words, rule_period_words

BASE = Path(settings.BASE_DIR)
#: Where people read legal periods: every template, and the Python modules whose words are shown
#: (the rights pages, the EHC forms and step pages); the services' messages: WORDED_MESSAGES.
WORDED = (
    ("templates", (".html", ".txt")),
    ("ehcp/rights.py", (".py",)),
    ("ehcp/forms.py", (".py",)),
    ("ehcp/views", (".py",)),
)
#: Python modules whose messages people read (errors, notifications, timeline entries, help
#: texts), checked string by string: their docstrings and comments, for developers, may cite a
#: regulation's period in its own words.
WORDED_MESSAGES = (
    "ehcp/services",
    "ehcp/reviews/services",
    "ehcp/reviews/forms.py",
    "ehcp/reviews/views",
    "ehcp/redress/services",
    "dashboards/presentation.py",
)

#: "20 weeks", "15 days", "3 working days", "12 months", "6-week", "2 weeks'" in a template.
PERIOD_IN_WORDS = re.compile(
    r"\b(?P<count>\d+)[ -](?P<unit>working[ -]days?|days?|weeks?|months?)\b", re.IGNORECASE
)
UNIT_FIELDS = {"working day": "working_days", "day": "days", "week": "weeks", "month": "months"}

#: Periods a page may write although a rule has a period of the same length, each with why:
#: (file, the words as written). Keep it short: a legal period belongs in the law table.
EXEMPT: dict[tuple[str, str], str] = {
    # A list filter on the reviews page (ehcp.reviews.selectors: next step due within 4 weeks
    # of today), not the 4-week limit for the council's decision after a review (reg 20(10)).
    ("templates/ehcp/reviews/list.html", "4 weeks"): "a filter's window, not a legal period",
    # The Ombudsman's usual 12 months for a complaint (Local Government Act 1974 s26B), not the
    # 12 months between reviews: no rule of the law table.
    ("ehcp/rights.py", "12 months"): "the Ombudsman's practice, not a rule of the table",
    # An example of how recent earlier advice might be (reg 6(4) sets no period).
    ("ehcp/views/case_steps.py", "12 months"): "an example, not a period of the law",
}


def _period_of(count: int, unit: str) -> tuple[str, int]:
    unit = unit.lower().replace("-", " ").rstrip("s")
    return UNIT_FIELDS[unit], count


def _rule_periods() -> dict[tuple[str, int], list[str]]:
    owned: dict[tuple[str, int], list[str]] = {}
    for key, rule in RULES.items():
        if rule.period is None:
            continue
        for field in UNIT_FIELDS.values():
            count = getattr(rule.period, field)
            if count:
                owned.setdefault((field, count), []).append(key)
    return owned


@pytest.mark.parametrize("key", sorted(k for k, r in RULES.items() if r.period is not None))
def test_each_rules_wording_says_its_own_period(key):
    """Read back, the words give the rule's period: the same unit and the same count."""
    period = RULES[key].period
    try:
        words = rule_period_words(key)
    except NoPeriod:
        assert period_words(period) == "immediately"
        assert not any(getattr(period, field) for field in UNIT_FIELDS.values())
        return
    match = PERIOD_IN_WORDS.fullmatch(words)
    assert match, words
    field, count = _period_of(int(match["count"]), match["unit"])
    assert getattr(period, field) == count
    assert sum(1 for f in UNIT_FIELDS.values() if getattr(period, f)) == 1


def test_wording_of_a_period_of_each_unit():
    assert period_words(Period(weeks=20)) == "20 weeks"
    assert period_words(Period(days=15, beginning_with=True)) == "15 days"
    assert period_words(Period(months=1)) == "1 month"
    assert period_words(Period(working_days=3)) == "3 working days"
    assert period_words(Period(weeks=6), adjective=True) == "6-week"
    assert period_words(Period(working_days=15), adjective=True) == "15-working-day"
    assert period_words(Period()) == "immediately"


def test_a_rule_without_a_period_has_no_wording():
    with pytest.raises(NoPeriod):
        rule_period_words("appeal_rollover_august")


def test_the_template_tag_writes_the_rules_period():
    """SEND Regulations 2014 reg 13(2): the final plan within 20 weeks (``final_plan``)."""
    rendered = Template(
        '{% load legal_periods %}within {% legal_period "final_plan" %}, '
        'the {% legal_period "decision_to_assess" adjective=True %} clock'
    ).render(Context())
    assert rendered == "within 20 weeks, the 6-week clock"


def _worded_files():
    for root, suffixes in WORDED:
        path = BASE / root
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.suffix in suffixes:
                yield file.relative_to(BASE).as_posix(), file


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, kinds)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def _shown_strings():
    """(file, line, text) of every string constant in ``WORDED_MESSAGES`` but docstrings; an
    f-string's literal parts count, its ``{...}`` parts (a rule's wording) do not."""
    for root in WORDED_MESSAGES:
        path = BASE / root
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            name = file.relative_to(BASE).as_posix()
            tree = ast.parse(file.read_text(), filename=name)
            docstrings = _docstrings(tree)
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in docstrings
                ):
                    yield name, node.lineno, node.value


def test_no_message_writes_a_period_that_a_rule_owns():
    """The services' errors and notifications, the review forms' help and the dashboards'
    captions say a rule's period through ``rule_period_words`` too (or are in ``EXEMPT``)."""
    owned = _rule_periods()
    found = []
    for name, number, text in _shown_strings():
        for match in PERIOD_IN_WORDS.finditer(text):
            period = _period_of(int(match["count"]), match["unit"])
            if period in owned and (name, match[0]) not in EXEMPT:
                found.append(f"{name}:{number}: {match[0]!r} is {', '.join(owned[period])}")
    assert not found, "\n".join(found)


def test_no_page_writes_a_period_that_a_rule_owns():
    """A period of the same length as a rule's is written with ``{% legal_period %}`` (templates)
    or ``rule_period_words`` (Python), or is in ``EXEMPT`` with the reason it is not that rule's
    period."""
    owned = _rule_periods()
    found = []
    for name, path in _worded_files():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for match in PERIOD_IN_WORDS.finditer(line):
                period = _period_of(int(match["count"]), match["unit"])
                if period in owned and (name, match[0]) not in EXEMPT:
                    found.append(f"{name}:{number}: {match[0]!r} is {', '.join(owned[period])}")
    assert not found, "\n".join(found)


def test_every_exemption_is_still_in_its_template():
    """An exemption whose words have gone from its file is removed from the list."""
    for name, words in EXEMPT:
        assert words in (BASE / name).read_text(), (name, words)
