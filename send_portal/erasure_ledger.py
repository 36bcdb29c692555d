"""The erasure ledger: one JSON line per erasure, kept outside the database, so that the erasures
can be applied again to a restored backup (``manage.py apply_retention --reapply-erasures``,
docs/backups.md). Written by ``send_portal.erasure``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings


def ledger_path() -> Path:
    """The erasure ledger: one JSON line per erasure (child id, when the child row was
    created, when erased, the rule). Keep it on storage separate from the database backups."""
    configured = getattr(settings, "ERASURE_LEDGER_PATH", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "erasure-ledger.jsonl"


def read_ledger() -> list[dict[str, Any]]:
    path = ledger_path()
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entries.append(json.loads(line))
    return entries


def append_to_ledger(entry: dict[str, Any]) -> None:
    path = ledger_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, sort_keys=True) + "\n")
