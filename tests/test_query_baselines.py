"""The query baselines file is well formed and every entry is used by the test it names
(issue 21: query counts kept as data, as NetBox does)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.query_baselines import COMPARISONS, baselines

ROOT = Path(__file__).resolve().parent.parent


def test_every_baseline_has_a_count_a_comparison_a_test_and_a_page():
    assert baselines(), "tests/query_baselines.toml is empty"
    for key, entry in baselines().items():
        assert isinstance(entry.get("queries"), int) and entry["queries"] > 0, key
        assert entry.get("compare") in COMPARISONS, key
        assert entry.get("page"), key
        assert "::" in entry.get("test", ""), key


def test_every_baseline_is_read_by_the_test_it_names():
    for key, entry in baselines().items():
        path, name = entry["test"].split("::")
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^def {re.escape(name)}\(", source, re.MULTILINE), entry["test"]
        helper = "at_most" if entry["compare"] == "at most" else "exactly"
        assert f'{helper}("{key}")' in source, f"{entry['test']} does not read {key!r}"


def test_every_baseline_read_by_a_test_is_in_the_file():
    used = set()
    for path in (ROOT / "tests").rglob("test_*.py"):
        used.update(re.findall(r'\b(?:at_most|exactly)\("([^"]+)"\)', path.read_text("utf-8")))
    assert used - set(baselines()) == set(), "baselines read by tests but not in the file"
