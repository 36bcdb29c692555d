"""Reading level of what a family reads, measured with textstat (pinned in pyproject.toml).

- :func:`prose` is the text of a page's ``<main>`` a person reads as sentences: paragraphs, list
  items and headings, without tables (dates and labels, not prose), the law's citations
  (``.app-law``: kept on purpose, in the words of the law) and text hidden from sight.
- :func:`flesch_reading_ease` and :func:`flesch_kincaid_grade` are textstat's, counting syllables
  with its Pyphen hyphenation dictionary only. textstat otherwise looks English words up in
  NLTK's CMU dictionary, which it downloads on first use: the tests must not reach the network,
  and the same text must always give the same score.

Flesch reading ease (Flesch 1948): 60 to 70 is plain English, 70 to 80 fairly easy, 80 to 90
easy, 90 and above very easy. The Flesch-Kincaid grade is a US school grade: grade 4 is about
age 9 to 10, the reading age GOV.UK writes for ("aim for a reading age of 9", GOV.UK content
design: writing for GOV.UK).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from html.parser import HTMLParser

import textstat
from textstat.backend.counts import _count_syllables

SKIP_TAGS = {"table", "script", "style", "form", "nav"}
SKIP_CLASSES = ("app-law", "govuk-visually-hidden", "govuk-table", "govuk-summary-list__key")
TEXT_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "dd"}


@contextmanager
def _pyphen_only():
    original = _count_syllables.get_cmudict
    _count_syllables.get_cmudict = lambda lang: None
    try:
        yield
    finally:
        _count_syllables.get_cmudict = original


def flesch_reading_ease(text: str) -> float:
    with _pyphen_only():
        return textstat.flesch_reading_ease(text)


def flesch_kincaid_grade(text: str) -> float:
    with _pyphen_only():
        return textstat.flesch_kincaid_grade(text)


class _Prose(HTMLParser):
    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.in_main = False
        self.blocks: list[str] = []
        self.current: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = dict(attrs).get("class") or ""
        if tag == "main":
            self.in_main = True
        skip = tag in SKIP_TAGS or any(c in classes for c in SKIP_CLASSES)
        if tag in TEXT_TAGS:
            self._flush()
        self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self.stack:
            name, _ = self.stack.pop()
            if name == tag:
                break
        if tag in TEXT_TAGS:
            self._flush()
        if tag == "main":
            self.in_main = False

    def handle_data(self, data):
        if self.in_main and not self._skipping():
            self.current.append(data)

    def _flush(self):
        text = " ".join("".join(self.current).split())
        self.current = []
        if text:
            # A heading or list item without a full stop still ends a sentence.
            self.blocks.append(text if text[-1] in ".!?:" else text + ".")


def prose(html: str) -> str:
    parser = _Prose()
    parser.feed(html)
    parser._flush()
    text = " ".join(parser.blocks)
    return re.sub(r"\s+", " ", text).strip()
