"""The query counts of the main pages, read from ``tests/query_baselines.toml`` (issue 21).

A query-count test asks for its limit by name::

    with django_assert_max_num_queries(at_most("standards.browse_page")):
        client.get(reverse("standards:browse"))

so a change to a count is a reviewed diff of the TOML file. ``at_most`` and ``exactly`` also
check that the entry says how the test compares (``compare``), so the file cannot say "exactly"
where the test only caps the count.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

PATH = Path(__file__).with_name("query_baselines.toml")
COMPARISONS = ("at most", "exactly")


@functools.cache
def baselines() -> dict[str, dict]:
    with PATH.open("rb") as handle:
        return tomllib.load(handle)


def _queries(key: str, compare: str) -> int:
    try:
        entry = baselines()[key]
    except KeyError:
        raise KeyError(f"No query baseline {key!r} in {PATH.name}") from None
    if entry["compare"] != compare:
        raise AssertionError(
            f"{PATH.name} says {key!r} is compared {entry['compare']!r}; the test uses {compare!r}"
        )
    return int(entry["queries"])


def at_most(key: str) -> int:
    """The most queries the page ``key`` may run (``django_assert_max_num_queries``)."""
    return _queries(key, "at most")


def exactly(key: str) -> int:
    """The exact number of queries of ``key`` (``django_assert_num_queries``)."""
    return _queries(key, "exactly")
