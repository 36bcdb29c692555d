"""Labels in the middle of a sentence keep their acronyms, names and dates (issue 20: "4 december
2026" and "ehc" in lower case came from ``|lower`` and ``str.lower()`` applied to whole labels)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from send_portal.text import in_sentence

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("To issue an EHC plan", "to issue an EHC plan"),
        (
            "Version 2: draft plan, sent 4 December 2026",
            "version 2: draft plan, sent 4 December 2026",
        ),
        ("EHC plan issued", "EHC plan issued"),
        ("ICB told", "ICB told"),
        ("SEN2 return", "SEN2 return"),
        ("SENDIASS contacted", "SENDIASS contacted"),
        ("I agree", "I agree"),
        ("", ""),
        ("4 December 2026", "4 December 2026"),
    ],
)
def test_only_the_first_letter_changes_and_acronyms_keep_their_capitals(label, expected):
    assert in_sentence(label) == expected


def test_the_in_sentence_filter_needs_no_load_tag():
    rendered = Template("Decision: {{ label|in_sentence }}").render(
        Context({"label": "Not to issue an EHC plan"})
    )
    assert rendered == "Decision: not to issue an EHC plan"


def _sources(pattern: str, *folders: str):
    for folder in folders:
        for path in (ROOT / folder).rglob(pattern):
            if "migrations" not in path.parts and ".venv" not in path.parts:
                yield path


def test_no_template_lower_cases_a_whole_label():
    """``|lower`` turns "EHC" into "ehc" and "December" into "december": use ``|in_sentence``."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _sources("*.html", "templates", "ehcp", "send_portal", "partnerships")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\|lower\b", line)
    ]
    assert not offenders, offenders


def test_no_code_lower_cases_a_display_label():
    """``get_..._display().lower()`` and ``.label.lower()`` put a label in a sentence wrongly."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("ehcp", "send_portal", "partnerships", "tailored_lists", "dashboards")
        for path in _sources("*.py", folder)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"(_display\(\)|\.label)\.lower\(\)", line)
    ]
    assert not offenders, offenders
