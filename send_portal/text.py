"""Words in the middle of a sentence.

A label such as "To issue an EHC plan" or "Version 2: draft plan, sent 4 December 2026" is
written for the start of a line. Put in the middle of a sentence, only its first letter may
change case: lower-casing the whole label (``|lower``, ``str.lower()``) gives "to issue an ehc
plan" and "sent 4 december 2026". :func:`in_sentence` lower-cases the first letter only, and
leaves it alone when the first word is an acronym ("EHC", "ICB", "SEN2") or a name that keeps
its capital ("Tribunal" is not in the list, so it follows the rule; "I" stays "I").
"""

from __future__ import annotations

import re

#: First words that keep their capital letter in the middle of a sentence.
KEEP_CAPITAL = frozenset({"I", "SEND", "SENDIASS", "IPSEA", "DfE", "Ofsted", "England"})

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*")


def in_sentence(text) -> str:
    """``text`` with only its first letter lower-cased, unless its first word is an acronym
    (two or more capitals, or a capital followed by a digit) or a name in ``KEEP_CAPITAL``."""
    text = "" if text is None else str(text)
    match = _WORD.match(text)
    if match is None:
        return text
    word = match.group(0)
    if word in KEEP_CAPITAL or sum(1 for c in word if c.isupper()) > 1:
        return text
    if len(word) > 1 and word[1].isdigit():
        return text
    return text[0].lower() + text[1:]


def size_label(size: int) -> str:
    """``10 MB``, ``350 KB``, ``120 bytes``: how GOV.UK pages write file sizes."""
    if size >= 1024 * 1024:
        value = size / (1024 * 1024)
        return f"{value:.0f} MB" if value >= 10 or value.is_integer() else f"{value:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} byte{'s' if size != 1 else ''}"
