"""Differences between two versions of the National Standards, field by field and word by word."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .models import CONTENT_FIELDS, AreaOfNeed, Budget, CatalogueVersion, StandardVersion, Tier


@dataclass(frozen=True)
class Segment:
    kind: str  # "equal", "added" or "removed"
    text: str


@dataclass
class FieldChange:
    name: str
    label: str
    before: str
    after: str
    segments: list[Segment] = field(default_factory=list)


@dataclass
class StandardChange:
    code: str
    title: str
    kind: str  # "added", "removed" or "changed"
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return {"added": "New standard", "removed": "Removed", "changed": "Changed"}[self.kind]


def display_value(entry: StandardVersion, name: str) -> str:
    """A field's value as a person reads it."""
    if name == "area_of_need":
        return AreaOfNeed(entry.area_of_need).label
    if name == "tier":
        return Tier(entry.tier).label
    if name == "budget_source":
        return Budget(entry.budget_source).label
    if name == "settings":
        return ", ".join(entry.setting_labels)
    if name == "evidence":
        return "; ".join(f"{link['title']} ({link['url']})" for link in entry.evidence)
    return str(getattr(entry, name) or "")


def word_segments(before: str, after: str) -> list[Segment]:
    """Word-level differences: what stayed, what was removed and what was added."""
    old, new = before.split(), after.split()
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", " ".join(old[a1:a2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("removed", " ".join(old[a1:a2])))
        if op in ("insert", "replace"):
            segments.append(Segment("added", " ".join(new[b1:b2])))
    return segments


def compare_entries(old: StandardVersion, new: StandardVersion) -> list[FieldChange]:
    changes = []
    for name, label in CONTENT_FIELDS:
        before, after = display_value(old, name), display_value(new, name)
        if before != after:
            changes.append(FieldChange(name, label, before, after, word_segments(before, after)))
    return changes


def compare(old: CatalogueVersion, new: CatalogueVersion) -> list[StandardChange]:
    """Every standard added, removed or changed between ``old`` and ``new``, in code order."""
    before = {e.standard.code: e for e in old.entries.select_related("standard")}
    after = {e.standard.code: e for e in new.entries.select_related("standard")}
    result = []
    for code in sorted(before.keys() | after.keys()):
        if code not in before:
            result.append(StandardChange(code, after[code].title, "added"))
        elif code not in after:
            result.append(StandardChange(code, before[code].title, "removed"))
        else:
            changes = compare_entries(before[code], after[code])
            if changes:
                result.append(StandardChange(code, after[code].title, "changed", changes))
    return result
