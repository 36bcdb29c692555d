"""Similar councils: the DfE's children's services statistical neighbours.

Each English council's 10 statistical neighbours, nearest first, as the DfE publishes them in
its Local Authority Interactive Tool (``shared/data/statistical-neighbours/``, taken from
``data-to-insight/send-benchmarking``; its README lists the caveats). The file names councils,
one column each; a few names are spelt differently from the SEN2 files and the portal's council
records (``ALIASES``), a few councils name the same neighbour twice (kept once) and a few cells
are empty. Councils the file does not list (former councils) have no neighbours.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from django.conf import settings

#: The file's spelling -> the council's name in the SEN2 files and the portal.
ALIASES = {
    "Bedford Borough": "Bedford",
    "Durham": "County Durham",
    "Herefordshire": "Herefordshire, County of",
    "Kingston Upon Hull, City of": "Kingston upon Hull, City of",
}


def source_file() -> Path:
    return (
        Path(settings.SEND_PORTAL_SHARED_DATA)
        / "statistical-neighbours"
        / "stat_neighbours_by_la.csv"
    )


def _name(value: str) -> str:
    value = value.strip().lstrip("\ufeff")
    return ALIASES.get(value, value)


@lru_cache(maxsize=1)
def neighbour_names() -> dict[str, tuple[str, ...]]:
    """Council name -> its neighbours' names, nearest first, each once."""
    path = source_file()
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        return {}
    header, body = rows[0], rows[1:]
    result = {}
    for column, council in enumerate(header):
        seen: list[str] = []
        for row in body:
            name = _name(row[column]) if column < len(row) else ""
            if name and name != _name(council) and name not in seen:
                seen.append(name)
        result[_name(council)] = tuple(seen)
    return result


def statistical_neighbours(council, councils) -> list:
    """``council``'s statistical neighbours among ``councils`` (``Organisation`` rows), nearest
    first."""
    by_name = {c.name: c for c in councils}
    return [by_name[n] for n in neighbour_names().get(council.name, ()) if n in by_name]
