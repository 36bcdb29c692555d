"""Two versions of a plan side by side, section by section: which items were added, removed or
changed, and within a changed item which words (difflib). Changes are marked with words as well
as styles (``<ins>``/``<del>`` with "added"/"removed" read out), never colour alone.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

STATUS_LABELS = {"added": "Added", "removed": "Removed", "changed": "Changed"}


def _lines(item: dict) -> list[str]:
    lines = []
    if item.get("heading") and item["heading"] != item.get("ref"):
        lines.append(f"{item['heading']}:")
    lines.append(item.get("text", ""))
    lines += [f"{label}: {value}" for label, value in item.get("rows", [])]
    return lines


def _plain(item: dict) -> SafeString:
    return mark_safe("<br>".join(escape(line) for line in _lines(item)))  # noqa: S308 - escaped


_TOKEN = re.compile(r"\S+\s*|\s+")


def _marked(old: dict, new: dict) -> tuple[SafeString, SafeString]:
    """The old and new text of an item with the words removed and added marked."""
    a = _TOKEN.findall("\n".join(_lines(old)))
    b = _TOKEN.findall("\n".join(_lines(new)))
    left: list[str] = []
    right: list[str] = []

    def text(tokens):
        return escape("".join(tokens)).replace("\n", "<br>")

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(text(a[i1:i2]))
            right.append(text(b[j1:j2]))
            continue
        if i2 > i1 and "".join(a[i1:i2]).strip():
            left.append(
                '<del class="app-diff__del"><span class="govuk-visually-hidden">removed: </span>'
                f"{text(a[i1:i2])}</del>"
            )
        else:
            left.append(text(a[i1:i2]))
        if j2 > j1 and "".join(b[j1:j2]).strip():
            right.append(
                '<ins class="app-diff__ins"><span class="govuk-visually-hidden">added: </span>'
                f"{text(b[j1:j2])}</ins>"
            )
        else:
            right.append(text(b[j1:j2]))
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - escaped


@dataclass
class ItemChange:
    status: str  # added, removed, changed, unchanged
    ref_old: str
    ref_new: str
    old: SafeString
    new: SafeString

    @property
    def label(self) -> str:
        return STATUS_LABELS.get(self.status, "Not changed")


@dataclass
class SectionChange:
    code: str
    title: str
    changes: list[ItemChange] = field(default_factory=list)
    unchanged: list[ItemChange] = field(default_factory=list)
    note_old: str = ""
    note_new: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.changes) or self.note_old != self.note_new


def _items(section: dict) -> list[dict]:
    return [item for group in section["groups"] for item in group["items"]]


def compare(old_sections: list[dict], new_sections: list[dict]) -> list[SectionChange]:
    """Section by section, the items of ``new`` against ``old`` matched by their key."""
    result = []
    for old_section, new_section in zip(old_sections, new_sections, strict=True):
        change = SectionChange(
            code=new_section["code"],
            title=new_section["title"],
            note_old=old_section.get("note", ""),
            note_new=new_section.get("note", ""),
        )
        old_items = {item["key"]: item for item in _items(old_section)}
        new_items = {item["key"]: item for item in _items(new_section)}
        for key, item in new_items.items():
            before = old_items.get(key)
            if before is None:
                change.changes.append(
                    ItemChange("added", "", item["ref"], mark_safe(""), _plain(item))
                )
            elif _lines(before) == _lines(item):
                change.unchanged.append(
                    ItemChange(
                        "unchanged", before["ref"], item["ref"], _plain(before), _plain(item)
                    )
                )
            else:
                left, right = _marked(before, item)
                change.changes.append(
                    ItemChange("changed", before["ref"], item["ref"], left, right)
                )
        for key, item in old_items.items():
            if key not in new_items:
                change.changes.append(
                    ItemChange("removed", item["ref"], "", _plain(item), mark_safe(""))
                )
        result.append(change)
    return result
