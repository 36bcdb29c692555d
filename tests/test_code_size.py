"""Module and function sizes (issue 21, "The step", item 1): no module over 600 lines and no
function over 80 lines, outside generated migrations and the demo and synthetic-data builders.

A long module mixes statutory stages that change for different reasons; a long function hides
the steps a reader needs to check against the regulation. The limits are the issue's; the
builders are exempt because they are lists of example data, read top to bottom.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("send_portal", "ehcp", "partnerships", "standards", "tailored_lists", "dashboards")
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80

# Builders of example data, exempt by the issue's own words ("demo and synthetic-data builders").
BUILDERS = {
    "dashboards/synthetic.py",
    "send_portal/demo.py",
    "ehcp/demo.py",
    "ehcp/demo_journeys.py",
    "ehcp/reviews/demo.py",
    "partnerships/demo.py",
}


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or relative in BUILDERS:
                continue
            yield relative, path


def test_no_module_is_over_600_lines():
    long = {
        name: count
        for name, path in _modules()
        if (count := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


def test_no_function_is_over_80_lines():
    long = {}
    for name, path in _modules():
        for node in ast.walk(ast.parse(path.read_text(), filename=name)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long[f"{name}:{node.name}"] = length
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: {long}"


def test_the_exempt_builders_exist():
    """An exemption for a file that was renamed or removed would exempt nothing, silently."""
    assert all((ROOT / name).exists() for name in BUILDERS)
